import { describe, expect, it } from 'vitest';
import {
  fromStatusCode,
  getRunMetrics,
  joinRunSeries,
  markMaintenanceRuns,
  RunSeriesBuilder,
  selectRunsBetween,
  toRunSeries,
} from '../../../../core/history/run-series.ts';
import { sumRunDurations, sumStatusDurations, type TimedStatus } from '../../../../core/history/uptime.ts';
import type { CheckStatus } from '../../../../core/model/index.ts';

const STATUSES: CheckStatus[] = ['up', 'degraded', 'down', 'maintenance', 'unknown'];

/** A deterministic pseudo-random sequence (no Math.random: the same runs every time). */
function* numbers(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield state / 2_147_483_648;
  }
}

const run = (t: number, status: CheckStatus, ms = 10, metrics: Record<string, number> = {}) => ({
  t,
  result: { status, ms, metrics },
});

describe('a run series', () => {
  it('keeps each run, metrics where reported and NaN where not, names in order of first report', () => {
    const builder = new RunSeriesBuilder();
    for (let i = 0; i < 100; i++)
      builder.push(i, i % 3 === 0 ? 'down' : 'up', i / 2, i < 50 ? { a: i } : { b: i, a: i });
    const series = builder.finish();
    expect(series.length).toBe(100);
    expect([...series.metrics.keys()]).toEqual(['a', 'b']);
    expect(getRunMetrics(series, 10)).toEqual({ a: 10 });
    expect(getRunMetrics(series, 60)).toEqual({ a: 60, b: 60 });
    expect(fromStatusCode(series.status[3] as number)).toBe('down');
    expect(selectRunsBetween(series, 10, 19).t).toEqual(Float64Array.from({ length: 10 }, (_, i) => 10 + i));
    expect([...selectRunsBetween(series, 0, 9).metrics.keys()]).toEqual(['a']);
  });

  it('joins parts in time order; equal times keep source order, then part order', () => {
    const joined = joinRunSeries([
      { series: toRunSeries([run(1, 'up'), run(5, 'up', 1)]), rank: 1 },
      { series: toRunSeries([run(2, 'down'), run(5, 'down', 2)]), rank: 0 },
      { series: toRunSeries([run(5, 'degraded', 3)]), rank: 1 },
    ]);
    expect([...joined.t]).toEqual([1, 2, 5, 5, 5]);
    expect([...joined.ms]).toEqual([10, 10, 2, 1, 3]);
  });

  it('counts runs inside a maintenance window as maintenance, leaving the source series as it was', () => {
    const series = toRunSeries([run(0, 'down'), run(10, 'down'), run(20, 'down'), run(30, 'up')]);
    const marked = markMaintenanceRuns(series, [{ startMs: 10, endMs: 30 }]);
    expect([...marked.status].map(fromStatusCode)).toEqual(['down', 'maintenance', 'maintenance', 'up']);
    expect([...series.status].map(fromStatusCode)).toEqual(['down', 'down', 'down', 'up']);
    expect(markMaintenanceRuns(series, [])).toBe(series);
  });

  it('sums status time exactly as the walk over every sample does, for any window', () => {
    const random = numbers(7);
    const samples: TimedStatus[] = [];
    let t = 0;
    for (let i = 0; i < 2_000; i++) {
      t += 1 + Math.floor((random.next().value as number) * 900);
      samples.push({ t, status: STATUSES[Math.floor((random.next().value as number) * 5)] as CheckStatus });
    }
    const series = toRunSeries(samples.map((s) => run(s.t, s.status)));
    for (let i = 0; i < 200; i++) {
      const from = Math.floor((random.next().value as number) * t);
      const to = from + Math.floor((random.next().value as number) * t);
      const window = { from, to, maxGapMs: 300 + Math.floor((random.next().value as number) * 600) };
      // The reference walk: every sample from the first, no bisection.
      const reference = { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0 };
      for (let index = 0; index < samples.length; index++) {
        const sample = samples[index] as TimedStatus;
        if (sample.t >= window.to) break;
        const nextT = samples[index + 1]?.t ?? Number.POSITIVE_INFINITY;
        const end = Math.min(nextT, sample.t + window.maxGapMs, window.to);
        const start = Math.max(sample.t, window.from);
        if (end > start) reference[sample.status] += end - start;
      }
      expect(sumRunDurations(series, window)).toEqual(reference);
      expect(sumStatusDurations(samples, window)).toEqual(reference);
    }
  });
});
