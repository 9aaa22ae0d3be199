// Days older than the retained runs exist only as each place's daily rollup: when its runs went, so did
// the instants at which the places disagreed. The judged day is therefore an estimate (docs/multi-place.md).
import type { RollupLine, StatusTally } from '../model/index.ts';

/**
 * A multi-place check's judged daily rollups, one per day that any place has one, estimated from the
 * places' own (each: that place's rollups of the check, one per day). The estimate takes the places'
 * bad times as overlapping as they can (the longest outage contains the shorter ones): the judged
 * down time is the `required`-th longest down time of the places, down-or-degraded likewise, and the
 * time with a verdict the `required`-th longest time with data; with fewer places than `required` on
 * a day, the day has no verdict (unknown). Latency is the median of the places' figures.
 */
export function estimateJudgedRollups(
  places: readonly (readonly RollupLine[])[],
  required: number,
): RollupLine[] {
  const byDay = new Map<string, RollupLine[]>();
  for (const rollups of places) {
    for (const rollup of rollups) {
      const lines = byDay.get(rollup.day);
      if (lines) lines.push(rollup);
      else byDay.set(rollup.day, [rollup]);
    }
  }
  return [...byDay.keys()].sort().map((day) => judgeDay(byDay.get(day) as RollupLine[], required));
}

function judgeDay(lines: readonly RollupLine[], required: number): RollupLine {
  const first = lines[0] as RollupLine;
  const samples = judgeTally(
    lines.map((line) => line.samples),
    required,
  );
  const durationsMs = judgeTally(
    lines.map((line) => line.durationsMs),
    required,
  );
  const goodMs = durationsMs.up + durationsMs.degraded;
  const latencies = lines.flatMap((line) => (line.latencyMs === null ? [] : [line.latencyMs]));
  return {
    v: first.v,
    day: first.day,
    id: first.id,
    samples,
    durationsMs,
    uptime: goodMs + durationsMs.down > 0 ? goodMs / (goodMs + durationsMs.down) : null,
    latencyMs:
      latencies.length === 0
        ? null
        : {
            p50: median(latencies.map((latency) => latency.p50)),
            p95: median(latencies.map((latency) => latency.p95)),
            max: median(latencies.map((latency) => latency.max)),
          },
    metrics: {},
  };
}

function judgeTally(tallies: readonly StatusTally[], required: number): StatusTally {
  const maintenance = Math.max(...tallies.map((tally) => tally.maintenance));
  if (tallies.length < required) {
    const known = tallies.map((tally) => tally.up + tally.degraded + tally.down + tally.unknown);
    return { up: 0, degraded: 0, down: 0, maintenance, unknown: Math.max(...known) };
  }
  const nth = (values: number[]) => values.sort((a, b) => b - a)[required - 1] as number;
  const down = nth(tallies.map((tally) => tally.down));
  const bad = Math.max(down, nth(tallies.map((tally) => tally.down + tally.degraded)));
  const judged = Math.max(bad, nth(tallies.map((tally) => tally.up + tally.degraded + tally.down)));
  return { up: judged - bad, degraded: bad - down, down, maintenance, unknown: 0 };
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const middle = values.length >>> 1;
  return values.length % 2 === 1
    ? (values[middle] as number)
    : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
}
