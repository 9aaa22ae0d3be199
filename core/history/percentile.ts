/**
 * The p-th percentile (0–100) of ascending values by the nearest-rank method: always one of the
 * observed values (p95 of latencies is a latency that really happened), never an interpolation.
 */
export function percentile(sortedValues: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be between 0 and 100, got ${p}`);
  if (sortedValues.length === 0)
    throw new RangeError('percentile: no values; check the length before asking');
  const rank = Math.max(1, Math.ceil((p / 100) * sortedValues.length));
  return sortedValues[rank - 1] as number;
}
