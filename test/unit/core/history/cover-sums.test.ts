import { afterEach, describe, expect, it } from 'vitest';
import { keepCoverSums, sumRunDurations, type TimedRuns } from '../../../../core/history/uptime.ts';

// The data renderer keeps running sums of each run series' cover (keepCoverSums): every window it asks
// about must come out exactly as the walk over the runs gives it, edges, gaps and folded spans included.

const MINUTE_MS = 60_000;

/** A seeded generator, so a failure names the case that broke. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Runs every 5 minutes with jitter, status changes, a few long gaps and some folded spans. */
function makeRuns(seed: number, count: number, withSpans: boolean): TimedRuns {
  const next = random(seed);
  const t = new Float64Array(count);
  const status = new Uint8Array(count);
  const spanMs = new Float64Array(count);
  let now = Date.parse('2026-11-17T00:00:00Z');
  for (let index = 0; index < count; index++) {
    now += next() < 0.02 ? 47 * MINUTE_MS : 5 * MINUTE_MS + Math.floor(next() * 4000);
    t[index] = now;
    status[index] = Math.floor(next() * 5);
    spanMs[index] = withSpans && next() < 0.3 ? Math.floor(next() * 4) * MINUTE_MS : 0;
  }
  return { length: count, t, status, ...(withSpans && { spanMs }) };
}

describe('sumRunDurations with kept running sums', () => {
  afterEach(() => keepCoverSums(false));

  it('gives every window exactly what the walk gives, over series with gaps and folded spans', () => {
    for (const withSpans of [false, true]) {
      const runs = makeRuns(withSpans ? 7 : 3, 4032, withSpans);
      const first = runs.t[0] as number;
      const last = runs.t[runs.length - 1] as number;
      const next = random(11);
      const windows = Array.from({ length: 300 }, () => {
        const from = first - 3_600_000 + Math.floor(next() * (last - first + 7_200_000));
        const to = from + Math.floor(next() * 9 * 86_400_000);
        return { from, to, maxGapMs: 15 * MINUTE_MS };
      });
      // Whole series, windows with no run inside, and windows that start or end on a run.
      windows.push(
        { from: first - 86_400_000, to: last + 86_400_000, maxGapMs: 15 * MINUTE_MS },
        { from: (runs.t[10] as number) + 1, to: (runs.t[10] as number) + 2, maxGapMs: 15 * MINUTE_MS },
        { from: runs.t[100] as number, to: runs.t[200] as number, maxGapMs: 15 * MINUTE_MS },
      );
      keepCoverSums(false);
      const walked = windows.map((window) => sumRunDurations(runs, window));
      keepCoverSums(true);
      // The first question of a series walks; the sums answer from the second on.
      const summed = windows.map((window) => sumRunDurations(runs, window));
      expect(summed).toEqual(walked);
    }
  });
});
