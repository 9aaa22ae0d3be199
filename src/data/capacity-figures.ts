import { type Capacities, type CheckType, readCapacity } from '../../core/model/index.ts';
import { describeMetric } from '../../core/results/metric-vocabulary.ts';
import { formatMetricValue } from '../lib/metric-format.ts';

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

/** "12 / 20" (or "1.2 GiB / 4 GiB"): the part, a slash, the whole. */
export function formatCapacity(
  value: number,
  max: number,
  unit: Parameters<typeof formatMetricValue>[1],
): string {
  return `${formatMetricValue(value, unit)} / ${formatMetricValue(max, unit)}`;
}
