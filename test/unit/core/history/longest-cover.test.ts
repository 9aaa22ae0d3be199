// findLongestCoverMs: the longest unbroken time of one status, covered as sumRunDurations covers it.
import { describe, expect, it } from 'vitest';
import { toRunSeries } from '../../../../core/history/run-series.ts';
import { findLongestCoverMs, sumStatusDurations } from '../../../../core/history/uptime.ts';
import type { CheckStatus } from '../../../../core/model/index.ts';

const MINUTE_MS = 60_000;
const T0 = Date.UTC(2026, 10, 10, 22);
const window = { from: T0, to: T0 + 6 * 60 * MINUTE_MS, maxGapMs: 15 * MINUTE_MS };

/** Runs every 5 minutes from T0, one status each ('-' for a missing run). */
function runsOf(statuses: string) {
  const byLetter: Record<string, CheckStatus> = { u: 'up', d: 'down', m: 'maintenance', g: 'degraded' };
  return [...statuses].flatMap((letter, index) =>
    letter === '-'
      ? []
      : [
          {
            t: T0 + index * 5 * MINUTE_MS,
            result: {
              id: 'web',
              status: byLetter[letter] as CheckStatus,
              ms: 1,
              message: '',
              metrics: {},
              detail: {},
            },
          },
        ],
  );
}

describe('findLongestCoverMs', () => {
  const cases: [name: string, statuses: string, longestMinutes: number][] = [
    ['no down run: nothing', 'uuuuuu', 0],
    ['one down run: until the next run', 'uuduuu', 5],
    ['the longer of two outages', 'uddduuddu', 15],
    ['a short gap (within staleAfter) keeps it unbroken', 'udd-dduu', 25],
    ['a long gap breaks it: each side covers at most staleAfter', 'udd-----ddu', 20],
    ['a last down run vouches for staleAfter', 'uuud', 15],
    ['maintenance between down runs breaks it', 'uddmddu', 10],
  ];
  it.each(cases)('%s', (_name, statuses, longestMinutes) => {
    const series = toRunSeries(runsOf(statuses));
    expect(findLongestCoverMs(series, window, 'down')).toBe(longestMinutes * MINUTE_MS);
  });

  it('never exceeds the down time sumRunDurations counts, and is clipped to the window', () => {
    const samples = runsOf('dddddduuuddd');
    const series = toRunSeries(samples);
    const clipped = { ...window, from: T0 + 10 * MINUTE_MS, to: T0 + 50 * MINUTE_MS };
    const down = sumStatusDurations(
      samples.map((s) => ({ t: s.t, status: s.result.status })),
      clipped,
    ).down;
    expect(findLongestCoverMs(series, clipped, 'down')).toBe(20 * MINUTE_MS);
    expect(down).toBe(20 * MINUTE_MS + (50 - 45) * MINUTE_MS);
  });
});
