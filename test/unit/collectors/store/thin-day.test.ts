import { describe, expect, it } from 'vitest';
import { thinDayText } from '../../../../collectors/store/thin-day.ts';

const T0 = Date.parse('2026-11-30T10:00:00Z');
const checks = new Map([['fast', { maxGapMs: 15_000 }]]);
const options = { checks, foldBeforeMs: T0 + 10 * 60_000 };

type R = { id: string; status: string; ms: number; raw?: string; metrics?: Record<string, number> };
const line = (offsetMs: number, results: R[]) =>
  JSON.stringify({
    v: 1,
    t: new Date(T0 + offsetMs).toISOString(),
    source: 'web',
    agent: { version: '0.1.0', host: 'w' },
    results: results.map((r) => ({ message: 'ok', metrics: {}, detail: {}, ...r })),
  });
const fast = (status: string, ms: number, extra: Partial<R> = {}): R => ({
  id: 'fast',
  status,
  ms,
  metrics: { latencyMs: ms },
  ...extra,
});
const parse = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map(
      (row) =>
        JSON.parse(row) as { t: string; results: (R & { folded?: { runs: number; spanMs: number } })[] },
    );

describe('thinDayText', () => {
  it('folds runs of one status within a minute into the first, with their count, span and means', () => {
    const text = [0, 5, 10, 15].map((s) => line(s * 1000, [fast('up', 10 + s)])).join('\n');
    const outcome = thinDayText(`${text}\n`, options);
    expect(outcome).toMatchObject({ foldedResults: 3, removedLines: 3 });
    const [only] = parse(outcome.text);
    expect(only?.results[0]).toMatchObject({
      status: 'up',
      // The mean 17.5 at the precision its runs were measured at: whole milliseconds.
      ms: 18,
      metrics: { latencyMs: 18 },
      folded: { runs: 4, spanMs: 15_000 },
    });
    expect(outcome.text.endsWith('\n')).toBe(true);
  });

  it.each([
    ['a status change', [fast('up', 1), fast('down', 1), fast('up', 1)], [0, 5, 10], 3],
    ['a raw status change', [fast('degraded', 1), fast('degraded', 1, { raw: 'down' })], [0, 5], 2],
    ['a gap longer than maxGapMs', [fast('up', 1), fast('up', 1)], [0, 20], 2],
    ['a minute boundary', [fast('up', 1), fast('up', 1)], [55, 60], 2],
    ['a minute not yet out of the window', [fast('up', 1), fast('up', 1)], [600, 605], 2],
  ])('keeps apart runs across %s', (_name, results, seconds, kept) => {
    const text = results.map((result, index) => line((seconds[index] as number) * 1000, [result])).join('\n');
    expect(parse(thinDayText(text, options).text).flatMap((l) => l.results)).toHaveLength(kept);
  });

  it("leaves other checks' results and unparsable lines as they were, and folds an already folded result further", () => {
    const slow = { id: 'slow', status: 'up', ms: 3, metrics: { x: 1 } };
    const first = line(0, [fast('up', 10), slow]);
    const folded = JSON.stringify({
      ...JSON.parse(line(5000, [fast('up', 20)])),
      results: [{ ...fast('up', 20), message: 'ok', folded: { runs: 3, spanMs: 10_000 } }],
    });
    const torn = '{"v":1,"t":"2026-11-30T10:00:30.000Z","res';
    const outcome = thinDayText([first, folded, torn].join('\n'), options);
    const rows = outcome.text.split('\n');
    expect(rows[1]).toBe(torn);
    const [kept] = parse(rows[0] as string);
    expect(kept?.results[1]).toEqual({ ...slow, message: 'ok', detail: {} });
    // 1 run at 10 ms and 3 at 20 ms: 4 runs over 0 s … 15 s, mean 17.5 ms, stored as 18.
    expect(kept?.results[0]).toMatchObject({ ms: 18, folded: { runs: 4, spanMs: 15_000 } });
  });

  it('returns the text itself when nothing folds, and parses no line before foldFromMs', () => {
    const text = [0, 5].map((s) => line(s * 1000, [fast('up', 1)])).join('\n');
    expect(thinDayText(text, { ...options, foldFromMs: T0 + 60_000 }).text).toBe(text);
    expect(thinDayText(text, options).foldedResults).toBe(1);
  });
});
