import { z } from 'zod';

/** Limits that turn one metric into `degraded` or `down`. Any of the four may be given. */
export const ThresholdSchema = z
  .strictObject({
    /** Degraded when the metric is above this value. */
    degradedAbove: z
      .number()
      .optional()
      .meta({ description: 'Degraded when the metric is above this value.' }),
    /** Down when the metric is above this value. */
    downAbove: z.number().optional().meta({ description: 'Down when the metric is above this value.' }),
    /** Degraded when the metric is below this value. */
    degradedBelow: z
      .number()
      .optional()
      .meta({ description: 'Degraded when the metric is below this value.' }),
    /** Down when the metric is below this value. */
    downBelow: z.number().optional().meta({ description: 'Down when the metric is below this value.' }),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined), {
    error: 'give at least one of degradedAbove, downAbove, degradedBelow, downBelow',
  })
  .meta({ examples: [{ degradedAbove: 500, downAbove: 2000 }] });
export type Threshold = z.infer<typeof ThresholdSchema>;

/**
 * Thresholds keyed by metric name; `*` matches any run of characters, so `fs:*:usedPercent`
 * covers every filesystem.
 */
export const ThresholdsSchema = z
  .record(z.string().min(1), ThresholdSchema)
  .default({})
  .meta({
    description: 'Thresholds keyed by metric name (`*` is a wildcard), e.g. latencyMs or fs:*:usedPercent.',
    examples: [{ latencyMs: { degradedAbove: 500 }, certDaysLeft: { degradedBelow: 14, downBelow: 3 } }],
  });
export type Thresholds = z.infer<typeof ThresholdsSchema>;
