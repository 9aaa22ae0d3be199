import { describe, expect, it } from 'vitest';
import { formatEstimateTime, formatTimeUntil } from '../../../../src/lib/estimate-format.ts';

const MINUTE_MS = 60_000;
const NOW_MS = Date.parse('2026-12-01T12:00:00Z');

describe('how an estimate reads', () => {
  it.each([
    { leftMs: 2 * 60 * MINUTE_MS, words: 'in 2 h' },
    { leftMs: 119 * MINUTE_MS + 20_000, words: 'in 1 h 59 min' },
    { leftMs: 45 * MINUTE_MS, words: 'in 45 min' },
    { leftMs: 30_000, words: 'in under a minute' },
    { leftMs: -30_000, words: 'just passed' },
    { leftMs: -20 * MINUTE_MS, words: 'passed 20 min ago' },
    { leftMs: 3 * 24 * 60 * MINUTE_MS, words: 'in 3 d' },
  ])('$words', ({ leftMs, words }) => {
    expect(formatTimeUntil(NOW_MS + leftMs, NOW_MS)).toBe(words);
  });

  it('names the time alone on the same day, and the date on another', () => {
    expect(formatEstimateTime(Date.parse('2026-12-01T14:00:00Z'), NOW_MS)).toBe('14:00 UTC');
    expect(formatEstimateTime(Date.parse('2026-12-02T09:00:00Z'), NOW_MS)).toBe('2026-12-02 09:00 UTC');
  });
});
