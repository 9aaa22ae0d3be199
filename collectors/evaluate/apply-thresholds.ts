import type { Metrics, ProbeStatus, Threshold, Thresholds } from '../../core/model/index.ts';
import { worseStatus } from '../../core/model/index.ts';

export interface ThresholdVerdict {
  status: ProbeStatus;
  /** One phrase per crossed limit: "latencyMs 812 > 500". */
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
  options: { skipTimings?: boolean } = {},
): ThresholdVerdict {
  let status: ProbeStatus = 'up';
  const reasons: string[] = [];
  for (const [pattern, threshold] of Object.entries(thresholds)) {
    const matcher = compileMetricPattern(pattern);
    for (const [name, value] of Object.entries(metrics)) {
      if (!matcher(name)) continue;
      if (options.skipTimings && isTimingMetric(name)) continue;
      const verdict = judgeValue(name, value, threshold);
      if (verdict === undefined) continue;
      status = worseStatus(status, verdict.status);
      reasons.push(verdict.reason);
    }
  }
  return { status, reasons };
}

function judgeValue(
  name: string,
  value: number,
  t: Threshold,
): { status: ProbeStatus; reason: string } | undefined {
  const shown = formatNumber(value);
  if (t.downAbove !== undefined && value > t.downAbove)
    return { status: 'down', reason: `${name} ${shown} > ${t.downAbove}` };
  if (t.downBelow !== undefined && value < t.downBelow)
    return { status: 'down', reason: `${name} ${shown} < ${t.downBelow}` };
  if (t.degradedAbove !== undefined && value > t.degradedAbove) {
    return { status: 'degraded', reason: `${name} ${shown} > ${t.degradedAbove}` };
  }
  if (t.degradedBelow !== undefined && value < t.degradedBelow) {
    return { status: 'degraded', reason: `${name} ${shown} < ${t.degradedBelow}` };
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

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Type defaults first, the check's own thresholds over them (same key replaces). */
export function mergeThresholds(defaults: Thresholds | undefined, own: Thresholds): Thresholds {
  return { ...(defaults ?? {}), ...own };
}
