import { type RollupLine, SNAPSHOT_VERSION, type SnapshotLine, type StatusTally } from '../model/snapshot.ts';
import type { CheckStatus } from '../model/status.ts';
import { percentile } from './percentile.ts';
import { createEmptyTally, sumStatusDurations, uptimeRatio } from './uptime.ts';
import { DAY_MS, getUtcDayStartMs } from './utc-day.ts';

/** One check's result in one run, reduced to what a rollup keeps. */
export interface FoldSample {
  /** Epoch ms of the run. */
  t: number;
  status: CheckStatus;
  /** How long the probe took. */
  ms: number;
  metrics: Readonly<Record<string, number>>;
  /** A folded result (see CheckResult.folded): how many runs it stands for (default 1)… */
  runs?: number | undefined;
  /** …and the time from the first of them to the last (default 0). */
  spanMs?: number | undefined;
}

const runsOf = (sample: FoldSample): number => sample.runs ?? 1;

/**
 * Folds one check's runs of one UTC day into its rollup line. Durations are clipped to the day; a run
 * from before the day (the previous day's last) only adds the time it covers inside it, and without
 * one the minutes before the day's first run are a gap. Counts, latency and metrics use the day's own
 * runs; latency percentiles include failed runs, since users waited for those too.
 */
export function foldIntoRollup(
  day: string,
  id: string,
  samples: readonly FoldSample[],
  maxGapMs: number,
): RollupLine {
  const dayStartMs = getUtcDayStartMs(day);
  const dayEndMs = dayStartMs + DAY_MS;
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const durationsMs = sumStatusDurations(sorted, { from: dayStartMs, to: dayEndMs, maxGapMs });
  const inDay = sorted.filter((sample) => sample.t >= dayStartMs && sample.t < dayEndMs);
  const counts = createEmptyTally();
  for (const sample of inDay) counts[sample.status] += runsOf(sample);
  // A folded result weighs as the runs it stands for (its mean latency, once per run).
  const latencies = inDay
    .flatMap((sample) => Array<number>(runsOf(sample)).fill(sample.ms))
    .sort((a, b) => a - b);
  return {
    v: SNAPSHOT_VERSION,
    day,
    id,
    samples: counts,
    durationsMs,
    uptime: uptimeRatio(durationsMs),
    latencyMs:
      latencies.length > 0
        ? { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) as number }
        : null,
    metrics: summarizeMetrics(inDay),
    ...(inDay.length > 0 && {
      firstT: new Date((inDay[0] as FoldSample).t).toISOString(),
      lastT: new Date(lastRunMs(inDay.at(-1) as FoldSample)).toISOString(),
    }),
  };
}

/**
 * Whether `folded` is the same day file folded again (a collector killed between writing rollups and
 * deleting day files), rather than runs that arrived after the day was folded (a collector whose
 * clock was behind): the same number of runs over the same span.
 */
export function isRefold(existing: RollupLine, folded: RollupLine): boolean {
  const sameCount = countSamples(existing) === countSamples(folded);
  const sameSpan =
    existing.firstT === undefined || (existing.firstT === folded.firstT && existing.lastT === folded.lastT);
  return sameCount && sameSpan;
}

/**
 * One check's day from two folds of it: counts and durations add up (durations scaled back to the
 * day when the two overlap), uptime follows them, latency and metric means are weighted by runs (an
 * approximation: the runs themselves are gone), maxima are the larger.
 */
export function mergeRollups(existing: RollupLine, folded: RollupLine): RollupLine {
  const samples = addTallies(existing.samples, folded.samples);
  let durationsMs = addTallies(existing.durationsMs, folded.durationsMs);
  const coveredMs = Object.values(durationsMs).reduce((sum, ms) => sum + ms, 0);
  if (coveredMs > DAY_MS) durationsMs = scaleTally(durationsMs, DAY_MS / coveredMs);
  const weightA = countSamples(existing);
  const weightB = countSamples(folded);
  const weighted = (a: number, b: number) =>
    weightA + weightB === 0 ? a : (a * weightA + b * weightB) / (weightA + weightB);
  const latencyMs =
    existing.latencyMs && folded.latencyMs
      ? {
          p50: weighted(existing.latencyMs.p50, folded.latencyMs.p50),
          p95: weighted(existing.latencyMs.p95, folded.latencyMs.p95),
          max: Math.max(existing.latencyMs.max, folded.latencyMs.max),
        }
      : (existing.latencyMs ?? folded.latencyMs);
  const metrics: RollupLine['metrics'] = { ...existing.metrics };
  for (const [name, value] of Object.entries(folded.metrics)) {
    const before = metrics[name];
    metrics[name] = before
      ? { mean: weighted(before.mean, value.mean), max: Math.max(before.max, value.max) }
      : value;
  }
  const times = [existing.firstT, existing.lastT, folded.firstT, folded.lastT].filter(
    (t): t is string => t !== undefined,
  );
  times.sort();
  return {
    ...existing,
    samples,
    durationsMs,
    uptime: uptimeRatio(durationsMs),
    latencyMs,
    metrics,
    ...(times.length > 0 && { firstT: times[0], lastT: times.at(-1) }),
  };
}

/** When the last run a sample stands for started. */
function lastRunMs(sample: FoldSample): number {
  return sample.t + (sample.spanMs ?? 0);
}

function countSamples(line: RollupLine): number {
  return Object.values(line.samples).reduce((sum, count) => sum + count, 0);
}

function addTallies(a: StatusTally, b: StatusTally): StatusTally {
  const sum = createEmptyTally();
  for (const status of Object.keys(sum) as (keyof StatusTally)[]) sum[status] = a[status] + b[status];
  return sum;
}

function scaleTally(tally: StatusTally, factor: number): StatusTally {
  const scaled = createEmptyTally();
  for (const status of Object.keys(scaled) as (keyof StatusTally)[])
    scaled[status] = Math.round(tally[status] * factor);
  return scaled;
}

/** Mean and max of each metric over the runs that reported it; non-finite values are ignored. */
function summarizeMetrics(samples: readonly FoldSample[]): RollupLine['metrics'] {
  const sums = new Map<string, { total: number; count: number; max: number }>();
  for (const sample of samples) {
    for (const [name, value] of Object.entries(sample.metrics)) {
      if (!Number.isFinite(value)) continue;
      const runs = runsOf(sample);
      const sum = sums.get(name);
      if (sum) {
        sum.total += value * runs;
        sum.count += runs;
        sum.max = Math.max(sum.max, value);
      } else {
        sums.set(name, { total: value * runs, count: runs, max: value });
      }
    }
  }
  const metrics: RollupLine['metrics'] = {};
  for (const name of [...sums.keys()].sort()) {
    const sum = sums.get(name) as { total: number; count: number; max: number };
    metrics[name] = { mean: sum.total / sum.count, max: sum.max };
  }
  return metrics;
}

/** Splits snapshot lines (one run each, all checks) into fold samples per check id. */
export function groupSnapshotDayByCheck(lines: readonly SnapshotLine[]): Map<string, FoldSample[]> {
  const byCheck = new Map<string, FoldSample[]>();
  for (const line of lines) {
    const t = Date.parse(line.t);
    for (const result of line.results) {
      const sample: FoldSample = { t, status: result.status, ms: result.ms, metrics: result.metrics };
      if (result.folded !== undefined) {
        sample.runs = result.folded.runs;
        sample.spanMs = result.folded.spanMs;
      }
      const samples = byCheck.get(result.id);
      if (samples) samples.push(sample);
      else byCheck.set(result.id, [sample]);
    }
  }
  return byCheck;
}

/**
 * Folds one UTC day of a source's snapshot lines into one rollup line per check, sorted by id;
 * `maxGapMs` is the longest silence one run vouches for, one figure or each check's own.
 */
export function foldSnapshotDay(
  day: string,
  lines: readonly SnapshotLine[],
  maxGapMs: number | ((checkId: string) => number),
): RollupLine[] {
  const byCheck = groupSnapshotDayByCheck(lines);
  const gapOf = typeof maxGapMs === 'number' ? () => maxGapMs : maxGapMs;
  return [...byCheck.keys()]
    .sort()
    .map((id) => foldIntoRollup(day, id, byCheck.get(id) as FoldSample[], gapOf(id)));
}
