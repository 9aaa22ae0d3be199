/** Runs `task` over `items` with at most `concurrency` in flight; results keep the items' order. */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Runs `task` over `items` in several pools at once, each with its own bound (`poolOf` names an
 * item's pool and its limit); results keep the items' order.
 */
export async function runPools<T, R>(
  items: readonly T[],
  poolOf: (item: T) => { name: string; limit: number },
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const pools = new Map<string, { limit: number; indexes: number[] }>();
  for (const [index, item] of items.entries()) {
    const { name, limit } = poolOf(item);
    const pool = pools.get(name) ?? { limit, indexes: [] };
    pool.indexes.push(index);
    pools.set(name, pool);
  }
  const results = new Array<R>(items.length);
  await Promise.all(
    [...pools.values()].map(async ({ limit, indexes }) => {
      const done = await runPool(indexes, limit, (index) => task(items[index] as T));
      for (const [position, index] of indexes.entries()) results[index] = done[position] as R;
    }),
  );
  return results;
}
