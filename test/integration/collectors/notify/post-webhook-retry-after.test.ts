// publish.webhooks[] retries wait the receiver's Retry-After, not only their own backoff.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postWebhook } from '../../../../collectors/notify/post-webhook.ts';
import { type ReplayServer, startReplayServer } from './api-replay-server.ts';

let api: ReplayServer;
beforeAll(async () => {
  api = await startReplayServer();
});
afterAll(() => api.close());

it('a 429 asking for an hour is not asked again within the run, whatever the backoff says', async () => {
  api.queue = [{ status: 429, headers: { 'retry-after': '3600' } }];
  const outcome = await postWebhook(
    `${api.url}/hook`,
    { text: 'x' },
    {
      timeoutMs: 1000,
      retries: 2,
      retryDelayMs: () => 5,
      signal: AbortSignal.timeout(300),
    },
  );
  expect(outcome).toEqual({ ok: false, attempts: 1, reason: 'HTTP 429; out of time for notifications' });
  expect(api.received).toHaveLength(1);
});

it('a short Retry-After is waited out and the retry delivers', async () => {
  api.received = [];
  api.queue = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 204 }];
  const outcome = await postWebhook(
    `${api.url}/hook`,
    { text: 'x' },
    { timeoutMs: 1000, retries: 2, retryDelayMs: () => 5 },
  );
  expect(outcome).toEqual({ ok: true, status: 204, attempts: 2 });
});
