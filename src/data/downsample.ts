/** One point of a time series: epoch ms and a value. */
export interface SeriesPoint {
  t: number;
  v: number;
}

/** A point as a chart draws it: a null value is a gap (a missing run), where the line breaks. */
export interface ChartPoint {
  t: number;
  v: number | null;
}

/**
 * Thins a series for charting to at most maxPoints points. The first and last points stay (the chart
 * spans the true range and ends on the newest value); the time between is cut into equal buckets and
 * each keeps its lowest and highest point, so a one-run spike or dip stays visible where averaging
 * would flatten it. A gap (null value) survives as one null in its bucket, placed between the values
 * kept around it, so the line still breaks there. Non-finite values are dropped; the result is sorted
 * by t.
 */
export function downsampleSeries(points: readonly SeriesPoint[], maxPoints?: number): SeriesPoint[];
export function downsampleSeries(points: readonly ChartPoint[], maxPoints?: number): ChartPoint[];
export function downsampleSeries(points: readonly ChartPoint[], maxPoints = 500): ChartPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`downsampleSeries: maxPoints must be an integer of at least 2, got ${maxPoints}`);
  }
  const kept = points.filter(
    (point) => Number.isFinite(point.t) && (point.v === null || Number.isFinite(point.v)),
  );
  const sorted = dropEdgeGaps(kept.toSorted((a, b) => a.t - b.t));
  if (sorted.length <= maxPoints) return sorted;

  const first = sorted[0] as ChartPoint;
  const last = sorted.at(-1) as ChartPoint;
  const bucketCount = countBuckets(maxPoints, sorted.filter((point) => point.v === null).length);
  const spanMs = last.t - first.t;
  const lowest: (ChartPoint | undefined)[] = new Array(bucketCount);
  const highest: (ChartPoint | undefined)[] = new Array(bucketCount);
  const gaps: (ChartPoint | undefined)[] = new Array(bucketCount);
  for (let index = 1; index < sorted.length - 1 && bucketCount > 0; index++) {
    const point = sorted[index] as ChartPoint;
    const bucket =
      spanMs === 0 ? 0 : Math.min(bucketCount - 1, Math.floor(((point.t - first.t) / spanMs) * bucketCount));
    if (point.v === null) {
      gaps[bucket] ??= point;
      continue;
    }
    const low = lowest[bucket];
    const high = highest[bucket];
    if (low?.v == null || point.v < low.v) lowest[bucket] = point;
    if (high?.v == null || point.v > high.v) highest[bucket] = point;
  }
  const thinned: ChartPoint[] = [first];
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const inBucket = new Set([lowest[bucket], highest[bucket], gaps[bucket]]);
    inBucket.delete(undefined);
    thinned.push(...[...inBucket].filter((point) => point !== undefined).sort((a, b) => a.t - b.t));
  }
  thinned.push(last);
  return thinned;
}

/**
 * Buckets that fit the budget: the first and last point, two values per bucket and at most one gap
 * per bucket (no more gaps than there are).
 */
function countBuckets(maxPoints: number, gapCount: number): number {
  const withFewGaps = Math.floor((maxPoints - 2 - gapCount) / 2);
  if (withFewGaps >= gapCount) return Math.max(0, withFewGaps);
  return Math.floor((maxPoints - 2) / 3);
}

// A gap before the first value or after the last breaks nothing; it is left out.
function dropEdgeGaps(sorted: ChartPoint[]): ChartPoint[] {
  const start = sorted.findIndex((point) => point.v !== null);
  if (start === -1) return [];
  const end = sorted.findLastIndex((point) => point.v !== null);
  return start === 0 && end === sorted.length - 1 ? sorted : sorted.slice(start, end + 1);
}
