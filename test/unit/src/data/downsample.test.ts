import { describe, expect, it } from 'vitest';
import { type ChartPoint, downsampleSeries, type SeriesPoint } from '../../../../src/data/downsample.ts';

const MINUTE_MS = 60_000;

/** n points one minute apart with a gentle wave, starting at t = 0. */
function wave(count: number): SeriesPoint[] {
  return Array.from({ length: count }, (_, index) => ({
    t: index * MINUTE_MS,
    v: 100 + 10 * Math.sin(index / 20),
  }));
}

describe('downsampleSeries', () => {
  it('keeps a short series whole, sorted by time', () => {
    const points = [
      { t: 3, v: 1 },
      { t: 1, v: 2 },
      { t: 2, v: 3 },
    ];
    expect(downsampleSeries(points)).toEqual([
      { t: 1, v: 2 },
      { t: 2, v: 3 },
      { t: 3, v: 1 },
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(downsampleSeries([])).toEqual([]);
  });

  it.each([
    { count: 501, maxPoints: 500 },
    { count: 4032, maxPoints: 500 },
    { count: 100_000, maxPoints: 500 },
    { count: 1000, maxPoints: 2 },
    { count: 1000, maxPoints: 3 },
    { count: 1000, maxPoints: 7 },
  ])('never returns more than $maxPoints of $count points, in time order', ({ count, maxPoints }) => {
    const result = downsampleSeries(wave(count), maxPoints);
    expect(result.length).toBeLessThanOrEqual(maxPoints);
    // First and last, plus the lowest and highest of each bucket: the whole budget (less one when odd).
    expect(result.length).toBe(2 + 2 * Math.floor((maxPoints - 2) / 2));
    for (let index = 1; index < result.length; index++) {
      expect((result[index] as SeriesPoint).t).toBeGreaterThanOrEqual((result[index - 1] as SeriesPoint).t);
    }
  });

  it('keeps a single-run spike and a single-run dip visible', () => {
    const points = wave(4032);
    points[1234] = { t: 1234 * MINUTE_MS, v: 5000 };
    points[3000] = { t: 3000 * MINUTE_MS, v: -40 };
    const result = downsampleSeries(points, 500);
    expect(result).toContainEqual({ t: 1234 * MINUTE_MS, v: 5000 });
    expect(result).toContainEqual({ t: 3000 * MINUTE_MS, v: -40 });
    expect(Math.max(...result.map((point) => point.v))).toBe(5000);
    expect(Math.min(...result.map((point) => point.v))).toBe(-40);
  });

  it('keeps the first and the newest point, so the chart spans the range and ends on the latest value', () => {
    const points = wave(10_000);
    const result = downsampleSeries(points, 300);
    expect(result[0]?.t).toBe(0);
    expect(result.at(-1)?.t).toBe(9999 * MINUTE_MS);
  });

  it('drops points that are not finite numbers', () => {
    const points = [
      { t: 1, v: 1 },
      { t: 2, v: Number.NaN },
      { t: 3, v: Number.POSITIVE_INFINITY },
      { t: Number.NaN, v: 4 },
    ];
    expect(downsampleSeries(points)).toEqual([{ t: 1, v: 1 }]);
  });

  it('copes with many points at one instant', () => {
    const points = Array.from({ length: 1000 }, (_, index) => ({ t: 42, v: index }));
    const result = downsampleSeries(points, 10);
    expect(result.length).toBeLessThanOrEqual(10);
    expect(result).toContainEqual({ t: 42, v: 999 });
    expect(result).toContainEqual({ t: 42, v: 0 });
  });

  it('keeps a gap (a null point) as a gap, between the values around it', () => {
    const points: ChartPoint[] = wave(4032);
    points.splice(2000, 0, { t: 1999.5 * MINUTE_MS, v: null });
    const result = downsampleSeries(points, 500);
    expect(result.length).toBeLessThanOrEqual(500);
    expect(result.filter((point) => point.v === null)).toEqual([{ t: 1999.5 * MINUTE_MS, v: null }]);
    const gapIndex = result.findIndex((point) => point.v === null);
    expect(result[gapIndex - 1]?.t).toBeLessThan(1999.5 * MINUTE_MS);
    expect(result[gapIndex + 1]?.t).toBeGreaterThan(1999.5 * MINUTE_MS);
  });

  it('keeps one gap per bucket and stays within the budget when gaps are many', () => {
    const points: ChartPoint[] = wave(4032).flatMap((point, index) =>
      index % 10 === 0 ? [{ t: point.t - 1, v: null }, point] : [point],
    );
    const result = downsampleSeries(points, 100);
    expect(result.length).toBeLessThanOrEqual(100);
    expect(result.filter((point) => point.v === null).length).toBeGreaterThan(20);
    expect(result[0]?.v).not.toBeNull();
    expect(result.at(-1)?.v).not.toBeNull();
  });

  it('leaves out gaps at either end, where they break nothing', () => {
    expect(
      downsampleSeries([
        { t: 0, v: null },
        { t: 1, v: 5 },
        { t: 2, v: null },
      ]),
    ).toEqual([{ t: 1, v: 5 }]);
  });

  it.each([0, 1, 2.5, Number.NaN])('refuses maxPoints = %s', (maxPoints) => {
    expect(() => downsampleSeries(wave(10), maxPoints)).toThrow(/maxPoints must be an integer of at least 2/);
  });
});
