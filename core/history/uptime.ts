import type { RollupLine, StatusTally } from '../model/snapshot.ts';
import type { CheckStatus } from '../model/status.ts';
import { fromStatusCode, toStatusCode } from './run-series.ts';
import { DAY_MS, getUtcDayStartMs } from './utc-day.ts';

/** One check's status at one instant (epoch ms). */
export interface TimedStatus {
  t: number;
  status: CheckStatus;
}

/** A time range [from, to) in epoch ms, and how long one sample may vouch for before it is a gap. */
export interface UptimeWindow {
  from: number;
  to: number;
  maxGapMs: number;
}

export interface UptimeResult {
  /** (up + degraded) / (up + degraded + down) time; null when there was no such time. */
  ratio: number | null;
  /** Milliseconds each status covered inside the window; gaps count nowhere. */
  durationsMs: StatusTally;
}

export function createEmptyTally(): StatusTally {
  return { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0 };
}

/** Runs as columns: time (ascending) and status code (STATUS_BY_CODE) per run. */
export interface TimedRuns {
  readonly length: number;
  readonly t: ArrayLike<number>;
  readonly status: ArrayLike<number>;
  /** How long after its `t` each run still stands for runs (a folded result's span); absent: 0 for all. */
  readonly spanMs?: ArrayLike<number> | undefined;
}

/**
 * Duration-weighted status time inside a window. Samples must be sorted by t ascending. Each sample
 * covers from its t until the next sample, but at most maxGapMs: a longer silence is a gap (no data,
 * counted as nothing, never as up). A folded sample (spanMs: the runs it stands for, one status with
 * no gap between them) covers its span and then maxGapMs more, as its last run did: the same time
 * the runs covered, so folding changes no uptime. Coverage is clipped to [from, to).
 */
export function sumStatusDurations(
  samples: readonly (TimedStatus & { spanMs?: number | undefined })[],
  window: UptimeWindow,
): StatusTally {
  return sumRunDurations(
    {
      length: samples.length,
      t: samples.map((s) => s.t),
      status: samples.map((s) => toStatusCode(s.status)),
      spanMs: samples.some((s) => s.spanMs) ? samples.map((s) => s.spanMs ?? 0) : undefined,
    },
    window,
  );
}

/**
 * sumStatusDurations over columns. Only the run before the window can reach into it (any earlier one
 * ends at its successor), so the walk starts there, found by bisection.
 */
export function sumRunDurations(runs: TimedRuns, window: UptimeWindow): StatusTally {
  const tally = createEmptyTally();
  const { t, status, spanMs } = runs;
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((t[middle] as number) < window.from) low = middle + 1;
    else high = middle;
  }
  for (let index = Math.max(0, low - 1); index < runs.length; index++) {
    const sampleT = t[index] as number;
    if (sampleT >= window.to) break;
    const nextT = index + 1 < runs.length ? (t[index + 1] as number) : Number.POSITIVE_INFINITY;
    const vouchMs = spanMs === undefined ? window.maxGapMs : (spanMs[index] as number) + window.maxGapMs;
    const coverEnd = Math.min(nextT, sampleT + vouchMs, window.to);
    const coverStart = Math.max(sampleT, window.from);
    if (coverEnd > coverStart) tally[fromStatusCode(status[index] as number)] += coverEnd - coverStart;
  }
  return tally;
}

/** Up or degraded time over time with a verdict; maintenance, unknown and gaps count for nothing. */
export function uptimeRatio(durationsMs: StatusTally): number | null {
  const goodMs = durationsMs.up + durationsMs.degraded;
  const judgedMs = goodMs + durationsMs.down;
  return judgedMs > 0 ? goodMs / judgedMs : null;
}

/**
 * Uptime of one check over [from, to) from raw samples (sorted by t) and that check's daily rollups.
 * Raw samples are authoritative for the UTC days they cover; rollups fill only the UTC days entirely
 * before the first raw sample's day, each weighted by the fraction of its day inside the window.
 * When two rollups share a day, the later one in the list wins.
 */
export function uptimeForWindow(input: {
  samples: readonly TimedStatus[] | TimedRuns;
  rollups: readonly RollupLine[];
  from: number;
  to: number;
  maxGapMs: number;
}): UptimeResult {
  const { rollups, from, to, maxGapMs } = input;
  const runs = toTimedRuns(input.samples);
  const durationsMs = sumRunDurations(runs, { from, to, maxGapMs });
  const firstT = runs.length > 0 ? (runs.t[0] as number) : undefined;
  const rawStartMs = firstT === undefined ? Number.POSITIVE_INFINITY : firstT - (firstT % DAY_MS);

  const rollupByDay = new Map<string, RollupLine>();
  for (const rollup of rollups) rollupByDay.set(rollup.day, rollup);
  for (const rollup of rollupByDay.values()) {
    const dayStartMs = getUtcDayStartMs(rollup.day);
    const dayEndMs = dayStartMs + DAY_MS;
    if (dayEndMs > rawStartMs) continue;
    const insideMs = Math.min(dayEndMs, to) - Math.max(dayStartMs, from);
    if (insideMs <= 0) continue;
    addScaledTally(durationsMs, rollup.durationsMs, insideMs / DAY_MS);
  }
  return { ratio: uptimeRatio(durationsMs), durationsMs };
}

function toTimedRuns(samples: readonly TimedStatus[] | TimedRuns): TimedRuns {
  if (!Array.isArray(samples)) return samples as TimedRuns;
  const list = samples as readonly TimedStatus[];
  return { length: list.length, t: list.map((s) => s.t), status: list.map((s) => toStatusCode(s.status)) };
}

function addScaledTally(target: StatusTally, source: StatusTally, factor: number): void {
  for (const status of Object.keys(target) as (keyof StatusTally)[]) {
    target[status] += source[status] * factor;
  }
}
