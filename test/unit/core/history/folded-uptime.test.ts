import { describe, expect, it } from 'vitest';
import { type FoldSample, foldIntoRollup } from '../../../../core/history/fold-rollup.ts';
import { joinRunSeries, RunSeriesBuilder, sliceRunSeries } from '../../../../core/history/run-series.ts';
import { sumRunDurations, sumStatusDurations } from '../../../../core/history/uptime.ts';
import type { CheckStatus } from '../../../../core/model/status.ts';

const DAY = '2026-11-30';
const START = Date.parse(`${DAY}T00:00:00Z`);
const SEC = 1000;
const MAX_GAP = 15 * SEC;

/** 5 s runs over two hours: up, a 3-minute outage, up, then a 5-minute silence (a real gap), up. */
function rawRuns(): FoldSample[] {
  const runs: FoldSample[] = [];
  for (let t = START; t < START + 2 * 3600 * SEC; t += 5 * SEC) {
    const minute = (t - START) / 60_000;
    if (minute >= 70 && minute < 75) continue;
    const status: CheckStatus = minute >= 20 && minute < 23 ? 'down' : 'up';
    runs.push({ t, status, ms: 10 + (t % 7), metrics: { latencyMs: 10 + (t % 7) } });
  }
  return runs;
}

/** What thinning stores: per minute, runs of one status with no gap between them, as one sample. */
function foldByMinute(runs: readonly FoldSample[]): FoldSample[] {
  const folded: FoldSample[] = [];
  let group: FoldSample[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const first = group[0] as FoldSample;
    const last = group.at(-1) as FoldSample;
    const mean = group.reduce((sum, run) => sum + run.ms, 0) / group.length;
    folded.push(
      group.length === 1
        ? first
        : { ...first, ms: mean, metrics: { latencyMs: mean }, runs: group.length, spanMs: last.t - first.t },
    );
    group = [];
  };
  for (const run of runs) {
    const previous = group.at(-1);
    if (
      previous !== undefined &&
      (Math.floor(previous.t / 60_000) !== Math.floor(run.t / 60_000) ||
        previous.status !== run.status ||
        run.t - previous.t > MAX_GAP)
    )
      flush();
    group.push(run);
  }
  flush();
  return folded;
}

describe('folded results vouch for their span', () => {
  const raw = rawRuns();
  const folded = foldByMinute(raw);

  it('folds 5 s runs to about one result a minute', () => {
    expect(raw.length).toBeGreaterThan(1300);
    expect(folded.length).toBeLessThan(130);
  });

  it.each([
    ['the whole day', START, START + 86_400_000],
    ['a window starting inside a folded minute', START + 90_500, START + 3_000_000],
    ['a window ending inside the outage', START + 600_000, START + 21 * 60_000 + 17_000],
    ['the gap and after', START + 69 * 60_000 + 30_000, START + 7_200_000],
  ])('the same time by status over %s', (_name, from, to) => {
    const window = { from, to, maxGapMs: MAX_GAP };
    expect(sumStatusDurations(folded, window)).toEqual(sumStatusDurations(raw, window));
  });

  it('keeps a real gap a gap, and the outage down', () => {
    const durations = sumStatusDurations(folded, {
      from: START,
      to: START + 2 * 3600 * SEC,
      maxGapMs: MAX_GAP,
    });
    expect(durations.down).toBe(3 * 60_000);
    // The runs cover 2 h less the 5 min silence plus the 15 s the last run before it vouches for.
    expect(durations.up + durations.down).toBe(2 * 3600 * SEC - 5 * 60_000 + MAX_GAP - 5 * SEC);
  });

  it('folds into the same rollup: counts by runs, same durations and uptime, mean latency kept', () => {
    const before = foldIntoRollup(DAY, 'fast', raw, MAX_GAP);
    const after = foldIntoRollup(DAY, 'fast', folded, MAX_GAP);
    expect(after.samples).toEqual(before.samples);
    expect(after.durationsMs).toEqual(before.durationsMs);
    expect(after.uptime).toBe(before.uptime);
    expect(after.firstT).toBe(before.firstT);
    expect(after.lastT).toBe(before.lastT);
    expect(after.metrics.latencyMs?.mean).toBeCloseTo(before.metrics.latencyMs?.mean as number, 6);
  });

  it('run series carry the span through building, slicing and joining', () => {
    const builder = new RunSeriesBuilder();
    for (const sample of folded)
      builder.push(sample.t, sample.status, sample.ms, sample.metrics, sample.spanMs);
    const series = builder.finish();
    const half = Math.floor(series.length / 2);
    const joined = joinRunSeries([
      { series: sliceRunSeries(series, 0, half), rank: 0 },
      { series: sliceRunSeries(series, half, series.length), rank: 1 },
    ]);
    const window = { from: START, to: START + 86_400_000, maxGapMs: MAX_GAP };
    expect(sumRunDurations(joined, window)).toEqual(sumStatusDurations(raw, window));
  });
});
