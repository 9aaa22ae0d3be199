import { type RollupLine, SNAPSHOT_VERSION, type SnapshotLine } from '../model/snapshot.ts';
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
}

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
  for (const sample of inDay) counts[sample.status] += 1;
  const latencies = inDay.map((sample) => sample.ms).sort((a, b) => a - b);
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
  };
}

/** Mean and max of each metric over the runs that reported it; non-finite values are ignored. */
function summarizeMetrics(samples: readonly FoldSample[]): RollupLine['metrics'] {
  const sums = new Map<string, { total: number; count: number; max: number }>();
  for (const sample of samples) {
    for (const [name, value] of Object.entries(sample.metrics)) {
      if (!Number.isFinite(value)) continue;
      const sum = sums.get(name);
      if (sum) {
        sum.total += value;
        sum.count += 1;
        sum.max = Math.max(sum.max, value);
      } else {
        sums.set(name, { total: value, count: 1, max: value });
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
      const samples = byCheck.get(result.id);
      if (samples) samples.push(sample);
      else byCheck.set(result.id, [sample]);
    }
  }
  return byCheck;
}

/** Folds one UTC day of a source's snapshot lines into one rollup line per check, sorted by id. */
export function foldSnapshotDay(day: string, lines: readonly SnapshotLine[], maxGapMs: number): RollupLine[] {
  const byCheck = groupSnapshotDayByCheck(lines);
  return [...byCheck.keys()]
    .sort()
    .map((id) => foldIntoRollup(day, id, byCheck.get(id) as FoldSample[], maxGapMs));
}
