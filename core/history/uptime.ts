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
  const low = findFirstAtOrAfter(runs, window.from);
  const sums = getCoverSums(runs, window.maxGapMs);
  if (sums === undefined) {
    for (let index = Math.max(0, low - 1); index < runs.length; index++) {
      if ((runs.t[index] as number) >= window.to) break;
      addCover(tally, runs, index, window);
    }
    return tally;
  }
  // Every run from `low` up to the one before the last that starts inside the window ends inside it
  // (at most at its successor's start): their cover comes from the sums; the two edges are clipped.
  const high = findFirstAtOrAfter(runs, window.to);
  if (low > 0) addCover(tally, runs, low - 1, window);
  if (high - 1 > low) {
    for (const [code, column] of sums.byStatus) {
      const name = fromStatusCode(code);
      tally[name] += (column[high - 1] as number) - (column[low] as number);
    }
  }
  if (high - 1 >= low) addCover(tally, runs, high - 1, window);
  return tally;
}

/** The first run at or after ms (runs.length when none is). */
function findFirstAtOrAfter(runs: TimedRuns, ms: number): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((runs.t[middle] as number) < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Adds what run `index` covers inside the window. */
function addCover(tally: StatusTally, runs: TimedRuns, index: number, window: UptimeWindow): void {
  const [coverStart, coverEnd] = getCover(runs, index, window);
  if (coverEnd > coverStart) tally[fromStatusCode(runs.status[index] as number)] += coverEnd - coverStart;
}

/** What run `index` covers inside the window, [start, end): until its successor, at most its vouch. */
function getCover(runs: TimedRuns, index: number, window: UptimeWindow): [number, number] {
  const sampleT = runs.t[index] as number;
  const nextT = index + 1 < runs.length ? (runs.t[index + 1] as number) : Number.POSITIVE_INFINITY;
  const vouchMs =
    runs.spanMs === undefined ? window.maxGapMs : (runs.spanMs[index] as number) + window.maxGapMs;
  return [Math.max(sampleT, window.from), Math.min(nextT, sampleT + vouchMs, window.to)];
}

/**
 * The longest unbroken time inside the window that runs of one status covered (a monthly report's
 * longest outage): covers as sumRunDurations counts them, joined where one ends as the next begins.
 */
export function findLongestCoverMs(runs: TimedRuns, window: UptimeWindow, status: CheckStatus): number {
  const code = toStatusCode(status);
  let longestMs = 0;
  let stretch: [number, number] | undefined;
  for (let index = Math.max(0, findFirstAtOrAfter(runs, window.from) - 1); index < runs.length; index++) {
    if ((runs.t[index] as number) >= window.to) break;
    const [start, end] = getCover(runs, index, window);
    if ((runs.status[index] as number) !== code || end <= start) {
      stretch = undefined;
      continue;
    }
    stretch = stretch !== undefined && stretch[1] === start ? [stretch[0], end] : [start, end];
    longestMs = Math.max(longestMs, stretch[1] - stretch[0]);
  }
  return longestMs;
}

/**
 * Running sums of each run's whole cover (until its successor, at most its vouch), by status code:
 * `byStatus.get(code)[i]` is the cover of runs [0, i) with that status. Built the second time a run
 * series is asked about with one maxGapMs (a page asks for several windows and 90 days of one series;
 * a one-off sum walks the runs), and kept while the series is (run series are never changed once made).
 * Whole milliseconds add up exactly in doubles, so a sum is the same as the walk's.
 */
interface CoverSums {
  byStatus: Map<number, Float64Array>;
}

const coverSums = new WeakMap<object, Map<number, CoverSums | 'asked'>>();

// Off unless a long-lived process asks again and again about the same series (the data renderer,
// collectors/render): there they are kept across renders; a build asks a few times and would only
// hold 8 bytes more per run and status.
let isKeepingCoverSums = false;

/** Whether sumRunDurations keeps running sums of the series it is asked about (see CoverSums). */
export function keepCoverSums(keep: boolean): void {
  isKeepingCoverSums = keep;
}

function getCoverSums(runs: TimedRuns, maxGapMs: number): CoverSums | undefined {
  // Plain arrays (sumStatusDurations) are made for one call.
  if (!isKeepingCoverSums || Array.isArray(runs.t) || runs.length < 2) return undefined;
  let byGap = coverSums.get(runs);
  if (byGap === undefined) {
    byGap = new Map();
    coverSums.set(runs, byGap);
  }
  const known = byGap.get(maxGapMs);
  if (known === undefined) {
    byGap.set(maxGapMs, 'asked');
    return undefined;
  }
  if (known !== 'asked') return known;
  const byStatus = new Map<number, Float64Array>();
  const everything = { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY, maxGapMs };
  const single = createEmptyTally();
  for (let index = 0; index < runs.length; index++) {
    const code = runs.status[index] as number;
    let column = byStatus.get(code);
    if (column === undefined) {
      column = new Float64Array(runs.length + 1);
      byStatus.set(code, column);
    }
    const name = fromStatusCode(code);
    single[name] = 0;
    addCover(single, runs, index, everything);
    column[index + 1] = single[name];
  }
  // Each column: the running sum of its status's covers.
  for (const column of byStatus.values()) {
    for (let index = 1; index <= runs.length; index++)
      column[index] = (column[index] as number) + (column[index - 1] as number);
  }
  const sums = { byStatus };
  byGap.set(maxGapMs, sums);
  return sums;
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
