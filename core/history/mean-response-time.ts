import type { RollupLine } from '../model/snapshot.ts';
import type { CheckStatus } from '../model/status.ts';
import { findFirstRunAtOrAfter, type RunSeries, toStatusCode } from './run-series.ts';
import { DAY_MS, getUtcDayStartMs } from './utc-day.ts';

/** Statuses whose response time counts: a down run mostly measures its timeout. */
const TIMED_STATUSES = ['up', 'degraded', 'maintenance'] as const satisfies readonly CheckStatus[];
const TIMED_CODES: ReadonlySet<number> = new Set(TIMED_STATUSES.map(toStatusCode));

/** A sum of response times and how many runs it holds, so several checks' sums pool into one mean. */
export interface ResponseTimeSum {
  totalMs: number;
  runs: number;
}

export interface ResponseTimeInput {
  /** Runs as columns, ascending by t: time, status code (STATUS_BY_CODE) and the response time (NaN: none). */
  runs: Pick<RunSeries, 'length' | 't' | 'status'>;
  valuesMs: ArrayLike<number>;
  rollups: readonly RollupLine[];
  /** A rollup day's response time (its mean, else its median), undefined where the day has none. */
  readRollupMs(rollup: RollupLine): number | undefined;
  from: number;
  to: number;
}

/**
 * The response times of one check inside [from, to): each timed run (up, degraded or maintenance) in
 * the window, and, for the UTC days entirely before the first raw run's day (as uptimeForWindow takes
 * them), each rollup day's figure weighted by its timed runs and by the part of the day inside the window.
 */
export function sumResponseTimes(input: ResponseTimeInput): ResponseTimeSum {
  const { runs, valuesMs, from, to } = input;
  const sum: ResponseTimeSum = { totalMs: 0, runs: 0 };
  for (let index = findFirstRunAtOrAfter(runs, from); index < runs.length; index++) {
    const t = runs.t[index] as number;
    if (t >= to) break;
    const value = valuesMs[index] as number;
    if (Number.isNaN(value) || !TIMED_CODES.has(runs.status[index] as number)) continue;
    sum.totalMs += value;
    sum.runs += 1;
  }
  const firstT = runs.length > 0 ? (runs.t[0] as number) : undefined;
  const rawStartMs = firstT === undefined ? Number.POSITIVE_INFINITY : firstT - (firstT % DAY_MS);
  const byDay = new Map<string, RollupLine>();
  for (const rollup of input.rollups) byDay.set(rollup.day, rollup);
  for (const rollup of byDay.values()) {
    const dayStartMs = getUtcDayStartMs(rollup.day);
    if (dayStartMs + DAY_MS > rawStartMs) continue;
    const insideMs = Math.min(dayStartMs + DAY_MS, to) - Math.max(dayStartMs, from);
    const valueMs = input.readRollupMs(rollup);
    if (insideMs <= 0 || valueMs === undefined) continue;
    const weight =
      TIMED_STATUSES.reduce((count, status) => count + rollup.samples[status], 0) * (insideMs / DAY_MS);
    sum.totalMs += valueMs * weight;
    sum.runs += weight;
  }
  return sum;
}

/** The mean of pooled sums in ms; null when no timed run was in them. */
export function meanResponseTimeMs(sums: readonly ResponseTimeSum[]): number | null {
  let totalMs = 0;
  let runs = 0;
  for (const sum of sums) {
    totalMs += sum.totalMs;
    runs += sum.runs;
  }
  return runs > 0 ? totalMs / runs : null;
}
