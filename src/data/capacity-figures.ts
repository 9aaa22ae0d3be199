import { type Capacities, type CheckType, readCapacity } from '../../core/model/index.ts';
import { describeMetric } from '../../core/results/metric-vocabulary.ts';
import { formatMetricValue } from '../lib/metric-format.ts';
import { localizeMetricLabel } from './metric-words.ts';

// Capacity metrics (`max:` / `of:` on a recorded metric): "Visitor slots available 12 / 20", the
// same words on the component page, the front page and the component's JSON.

/** One metric out of its whole, as the newest run has it. */
export interface CapacityFigure {
  /** The stored metric name. */
  name: string;
  label: string;
  value: number;
  max: number;
  /** "12 / 20", each side with the metric's unit. */
  text: string;
}

/** The declared capacities that the newest metrics can fill, in declaration order. */
export function listCapacityFigures(
  type: CheckType,
  metrics: Readonly<Record<string, number>>,
  capacities: Capacities | undefined,
): CapacityFigure[] {
  return Object.entries(capacities ?? {}).flatMap(([name, capacity]) => {
    const reading = readCapacity(metrics, name, capacity);
    if (reading === undefined) return [];
    const { label, unit } = describeMetric(type, name);
    return [{ name, label, ...reading, text: formatCapacity(reading.value, reading.max, unit) }];
  });
}

/** A declared capacity as a row shows it: its label always, its figure while the newest metrics fill it. */
export interface CapacitySlot {
  name: string;
  label: string;
  /** "12 / 20"; undefined when the newest run did not record it (a failed run, a metric missing). */
  text: string | undefined;
}

/** Every declared capacity, in declaration order, each filled from the newest metrics where they can. */
export function listCapacitySlots(
  type: CheckType,
  metrics: Readonly<Record<string, number>>,
  capacities: Capacities | undefined,
): CapacitySlot[] {
  const figures = new Map(
    listCapacityFigures(type, metrics, capacities).map((figure) => [figure.name, figure]),
  );
  return Object.keys(capacities ?? {}).map((name) => ({
    name,
    label: localizeMetricLabel(type, name),
    text: figures.get(name)?.text,
  }));
}

/** The readable capacities by name, as the component's JSON and summary.json's `vigil.components` give them. */
export function toCapacityEntries(
  type: CheckType,
  metrics: Readonly<Record<string, number>>,
  capacities: Capacities | undefined,
): Record<string, { value: number; max: number; text: string }> {
  return Object.fromEntries(
    listCapacityFigures(type, metrics, capacities).map(({ name, value, max, text }) => [
      name,
      { value, max, text },
    ]),
  );
}

/** "12 / 20" (or "1.2 GiB / 4 GiB"): the part, a slash, the whole. */
export function formatCapacity(
  value: number,
  max: number,
  unit: Parameters<typeof formatMetricValue>[1],
): string {
  return `${formatMetricValue(value, unit)} / ${formatMetricValue(max, unit)}`;
}
