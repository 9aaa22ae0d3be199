import { setTimeout as wait } from 'node:timers/promises';

/**
 * Waits ms, or less: it resolves as soon as the signal aborts, at once when it already has, so a
 * long Retry-After never outlives the run's budget for side work.
 */
export async function waitUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await wait(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
}
