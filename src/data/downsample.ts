/** One point of a time series: epoch ms and a value. */
export interface SeriesPoint {
  t: number;
  v: number;
}

/**
 * Thins a series for charting to at most maxPoints points. The first and last points stay (the chart
 * spans the true range and ends on the newest value); the time between is cut into equal buckets and
 * each keeps its lowest and highest point, so a one-run spike or dip stays visible where averaging
 * would flatten it. Non-finite values are dropped; the result is sorted by t.
 */
export function downsampleSeries(points: readonly SeriesPoint[], maxPoints = 500): SeriesPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`downsampleSeries: maxPoints must be an integer of at least 2, got ${maxPoints}`);
  }
  const finite = points.filter((point) => Number.isFinite(point.t) && Number.isFinite(point.v));
  const sorted = finite.toSorted((a, b) => a.t - b.t);
  if (sorted.length <= maxPoints) return sorted;

  const first = sorted[0] as SeriesPoint;
  const last = sorted.at(-1) as SeriesPoint;
  const bucketCount = Math.floor((maxPoints - 2) / 2);
  const spanMs = last.t - first.t;
  const lowest: (SeriesPoint | undefined)[] = new Array(bucketCount);
  const highest: (SeriesPoint | undefined)[] = new Array(bucketCount);
  for (let index = 1; index < sorted.length - 1 && bucketCount > 0; index++) {
    const point = sorted[index] as SeriesPoint;
    const bucket =
      spanMs === 0 ? 0 : Math.min(bucketCount - 1, Math.floor(((point.t - first.t) / spanMs) * bucketCount));
    const low = lowest[bucket];
    const high = highest[bucket];
    if (low === undefined || point.v < low.v) lowest[bucket] = point;
    if (high === undefined || point.v > high.v) highest[bucket] = point;
  }
  const kept: SeriesPoint[] = [first];
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const low = lowest[bucket];
    const high = highest[bucket];
    if (low === undefined || high === undefined) continue;
    if (low === high) kept.push(low);
    else kept.push(...(low.t <= high.t ? [low, high] : [high, low]));
  }
  kept.push(last);
  return kept;
}
