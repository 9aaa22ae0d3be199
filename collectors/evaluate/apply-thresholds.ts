import type { CheckType, Metrics, ProbeStatus, Threshold, Thresholds } from '../../core/model/index.ts';
import { worseStatus } from '../../core/model/index.ts';
import { formatMetricValue } from '../../core/results/metric-format.ts';
import { describeMetric } from '../../core/results/metric-vocabulary.ts';

export interface ThresholdVerdict {
  status: ProbeStatus;
  /** One phrase per crossed limit, in the site's words for the metric: "Response time 812 ms > 500 ms". */
  reasons: string[];
}

/** Metrics that are durations the collector measured itself (latencyMs, connectMs, queryMs…). */
export function isTimingMetric(name: string): boolean {
  return /Ms$/.test(name);
}

/**
 * Judges metrics against thresholds; a metric without a threshold, or a threshold without a metric,
 * says nothing. With `skipTimings` (the measurement was taken while Vigil itself was busy), timing
 * metrics say nothing either: Vigil's own load must never look like a slow target.
 */
export function applyThresholds(
  metrics: Metrics,
  thresholds: Thresholds,
  options: { type: CheckType; skipTimings?: boolean },
): ThresholdVerdict {
  let status: ProbeStatus = 'up';
  const reasons: string[] = [];
  for (const [pattern, threshold] of Object.entries(thresholds)) {
    const matcher = compileMetricPattern(pattern);
    for (const [name, value] of Object.entries(metrics)) {
      if (!matcher(name)) continue;
      if (options.skipTimings && isTimingMetric(name)) continue;
      const verdict = judgeValue(describeMetric(options.type, name), value, threshold);
      if (verdict === undefined) continue;
      status = worseStatus(status, verdict.status);
      reasons.push(verdict.reason);
    }
  }
  return { status, reasons };
}

function judgeValue(
  metric: { label: string; unit: Parameters<typeof formatMetricValue>[1] },
  value: number,
  t: Threshold,
): { status: ProbeStatus; reason: string } | undefined {
  const name = metric.label;
  const show = (limit: number) => formatMetricValue(limit, metric.unit);
  const shown = show(value);
  if (t.downAbove !== undefined && value > t.downAbove)
    return { status: 'down', reason: `${name} ${shown} > ${show(t.downAbove)}` };
  if (t.downBelow !== undefined && value < t.downBelow)
    return { status: 'down', reason: `${name} ${shown} < ${show(t.downBelow)}` };
  if (t.degradedAbove !== undefined && value > t.degradedAbove) {
    return { status: 'degraded', reason: `${name} ${shown} > ${show(t.degradedAbove)}` };
  }
  if (t.degradedBelow !== undefined && value < t.degradedBelow) {
    return { status: 'degraded', reason: `${name} ${shown} < ${show(t.degradedBelow)}` };
  }
  return undefined;
}

/** `fs:*:usedPercent` matches `fs:/home:usedPercent`; without `*` the name must match exactly. */
export function compileMetricPattern(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}

/** Type defaults first, the check's own thresholds over them (same key replaces). */
export function mergeThresholds(defaults: Thresholds | undefined, own: Thresholds): Thresholds {
  return { ...(defaults ?? {}), ...own };
}
