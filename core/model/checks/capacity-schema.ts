import { z } from 'zod';

const METRIC_NAME_PATTERN = /^[A-Za-z][\w.:-]*$/;

/** What a metric is a share of: a fixed size (`max`) or another metric of the same check (`of`). */
export const CapacitySchema = z
  .strictObject({
    /** The whole the metric is part of: a pool of 20 slots. */
    max: z
      .number()
      .positive()
      .optional()
      .meta({
        description: 'The whole the metric counts out of (a pool of 20 slots): shown as "12 / 20".',
        examples: [20],
      }),
    /** Another metric of the same check that holds the whole (the pool size the app reports). */
    of: z
      .string()
      .regex(METRIC_NAME_PATTERN, { error: 'expected a metric name such as "poolSize"' })
      .optional()
      .meta({
        description:
          'Another metric of the same check holding the whole (the pool size the app itself reports): shown as "12 / 20".',
        examples: ['visitorPoolSize'],
      }),
  })
  .refine((capacity) => (capacity.max === undefined) !== (capacity.of === undefined), {
    error: 'give either "max" (a number) or "of" (another metric of this check), not both',
  });
export type Capacity = z.infer<typeof CapacitySchema>;

/** `capacities:` on any check: metric name → its whole, for metrics the check records by other means (regex groups, SQL queries). */
export const CapacitiesSchema = z
  .record(
    z.string().regex(METRIC_NAME_PATTERN, { error: 'expected a metric name such as "slotsFree"' }),
    CapacitySchema,
  )
  .optional()
  .meta({
    description:
      'Metrics that count out of a whole, shown as "X / N" on the component page, the front page and the API: metric name → { max: N } or { of: <metric> }.',
    examples: [{ visitorSlotsAvailable: { of: 'visitorPoolSize' }, workersIdle: { max: 8 } }],
  });
export type Capacities = Record<string, Capacity>;

/** The capacity declarations of a check: its `capacities:`, then `max`/`of` on its JSON metrics (which win). */
export function listCapacities(check: {
  capacities?: Capacities | undefined;
  json?: readonly { metric?: string | undefined; max?: number | undefined; of?: string | undefined }[];
}): Capacities | undefined {
  const found: Capacities = { ...check.capacities };
  for (const assertion of check.json ?? []) {
    if (assertion.metric === undefined) continue;
    if (assertion.max !== undefined) found[assertion.metric] = { max: assertion.max };
    else if (assertion.of !== undefined) found[assertion.metric] = { of: assertion.of };
  }
  return Object.keys(found).length === 0 ? undefined : found;
}

/** A metric's value out of its whole in the same run's metrics; undefined when either is missing. */
export function readCapacity(
  metrics: Readonly<Record<string, number>>,
  name: string,
  capacity: Capacity,
): { value: number; max: number } | undefined {
  const value = metrics[name];
  const max = capacity.max ?? (capacity.of === undefined ? undefined : metrics[capacity.of]);
  if (value === undefined || max === undefined || !Number.isFinite(value) || !Number.isFinite(max))
    return undefined;
  return { value, max };
}
