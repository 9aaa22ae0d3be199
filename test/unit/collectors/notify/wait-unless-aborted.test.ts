import { describe, expect, it } from 'vitest';
import { waitUnlessAborted } from '../../../../collectors/notify/wait-unless-aborted.ts';

const pendingTimers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe('waitUnlessAborted', () => {
  it('waits, and leaves no timer behind', async () => {
    const before = pendingTimers();
    await waitUnlessAborted(5, new AbortController().signal);
    await waitUnlessAborted(5, undefined);
    expect(pendingTimers()).toBe(before);
  });

  // Without the abort, each of these would wait an hour and the test would time out.
  it('ends at once when the budget is already spent, and when it ends meanwhile (an hour-long Retry-After)', async () => {
    const before = pendingTimers();
    await waitUnlessAborted(3_600_000, AbortSignal.abort());
    const controller = new AbortController();
    const waiting = waitUnlessAborted(3_600_000, controller.signal);
    setImmediate(() => controller.abort());
    await waiting;
    expect(pendingTimers()).toBe(before);
  });
});
