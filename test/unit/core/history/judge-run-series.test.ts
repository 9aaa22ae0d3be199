import { describe, expect, it } from 'vitest';
import { estimateJudgedRollups } from '../../../../core/history/judge-rollups.ts';
import { judgeRunSeries, judgeRunSeriesOnce } from '../../../../core/history/judge-run-series.ts';
import { fromStatusCode, type RunSeries, toRunSeries } from '../../../../core/history/run-series.ts';
import type { CheckStatus, RollupLine } from '../../../../core/model/index.ts';

const MINUTE_MS = 60_000;

/** A place's runs: [minute, status, ms]. */
function place(runs: [number, CheckStatus, number][]): RunSeries {
  return toRunSeries(
    runs.map(([minute, status, ms]) => ({
      t: minute * MINUTE_MS,
      result: { status, ms, metrics: status === 'down' ? {} : { latencyMs: ms } },
    })),
  );
}

function read(series: RunSeries): [number, CheckStatus, number][] {
  return Array.from({ length: series.length }, (_, index) => [
    (series.t[index] as number) / MINUTE_MS,
    fromStatusCode(series.status[index] as number),
    series.ms[index] as number,
  ]);
}

const settings = { staleAfterMs: 15 * MINUTE_MS, required: 2 };

describe('judgeRunSeries: every run time of any place, judged from the places fresh then', () => {
  it('judges each instant any place ran, equal times once, ms the median of the fresh votes', () => {
    const eu = place([
      [0, 'up', 10],
      [5, 'down', 5000],
    ]);
    const us = place([
      [0, 'up', 30],
      [6, 'up', 40],
    ]);
    const campus = place([
      [1, 'up', 20],
      [6, 'down', 5000],
    ]);
    expect(read(judgeRunSeries([eu, us, campus], settings))).toEqual([
      [0, 'up', 10], // eu 10 and us 30 fresh; campus has not run yet: the lower middle, a value a place measured
      [1, 'up', 20],
      [5, 'up', 30], // one place down of three: not yet the quorum of 2; ms the median of 5000, 30, 20
      [6, 'down', 5000], // eu and campus say down
    ]);
  });

  it('a place whose newest run is older than staleAfter is silent: it neither votes nor counts as fresh', () => {
    const eu = place([
      [0, 'down', 5000],
      [40, 'down', 5000],
    ]);
    const us = place([
      [0, 'down', 5000],
      [10, 'down', 5000],
      [20, 'up', 30],
    ]);
    expect(read(judgeRunSeries([eu, us], settings))).toEqual([
      [0, 'down', 5000],
      [10, 'down', 5000], // eu's run at 0 is 10 min old: still votes
      [20, 'unknown', 30], // eu's run is 20 min old: silent; one fresh vote is fewer than 2
      [40, 'unknown', 5000], // us's run at 20 is 20 min old: silent
    ]);
  });

  it('degraded when the quorum says degraded or down; metrics are the median of the fresh votes', () => {
    const a = place([[0, 'degraded', 300]]);
    const b = place([[0, 'down', 5000]]);
    const c = place([[0, 'up', 20]]);
    const judged = judgeRunSeries([a, b, c], settings);
    expect(read(judged)).toEqual([[0, 'degraded', 300]]);
    // The down run reports no latencyMs: of 300 and 20 the lower middle, a value a place measured.
    expect(judged.metrics.get('latencyMs')?.[0]).toBe(20);
  });

  it('is empty for places that never ran, and the same series again for the same places (memoised)', () => {
    expect(judgeRunSeries([place([]), place([])], settings).length).toBe(0);
    const places = [place([[0, 'up', 10]]), place([[1, 'up', 20]])];
    const first = judgeRunSeriesOnce(places, settings);
    expect(judgeRunSeriesOnce([...places], settings)).toBe(first);
    expect(judgeRunSeriesOnce(places, { ...settings, required: 1 })).not.toBe(first);
  });
});

describe('estimateJudgedRollups: days known only from each place rollup', () => {
  const HOUR_MS = 60 * MINUTE_MS;
  const line = (down: number, up: number): RollupLine => ({
    v: 1,
    day: '2026-10-01',
    id: 'web',
    samples: {
      up: up / (5 * MINUTE_MS),
      degraded: 0,
      down: down / (5 * MINUTE_MS),
      maintenance: 0,
      unknown: 0,
    },
    durationsMs: { up, degraded: 0, down, maintenance: 0, unknown: 0 },
    uptime: up / (up + down),
    latencyMs: { p50: 20, p95: 40, max: 90 },
    metrics: {},
  });

  it('takes the quorum-th longest outage: one place down all day does not make the day down', () => {
    const [day] = estimateJudgedRollups(
      [[line(24 * HOUR_MS, 0)], [line(0, 24 * HOUR_MS)], [line(HOUR_MS, 23 * HOUR_MS)]],
      2,
    );
    expect(day?.durationsMs.down).toBe(HOUR_MS);
    expect(day?.durationsMs.up).toBe(23 * HOUR_MS);
    expect(day?.uptime).toBeCloseTo(23 / 24);
  });

  it('a day with fewer places than the quorum has no verdict', () => {
    const [day] = estimateJudgedRollups([[line(HOUR_MS, 23 * HOUR_MS)], []], 2);
    expect(day?.uptime).toBeNull();
    expect(day?.durationsMs.unknown).toBe(24 * HOUR_MS);
  });
});
