// One contract per alert provider against a loopback server answering as that service's API is
// documented to: success, 429 (with the service's Retry-After, wherever it puts it), 5xx, and a hang.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../../collectors/notify/alert.ts';
import { deliverAlert } from '../../../../collectors/notify/deliver-alert.ts';
import { type AlertProvider, AlertProviderSchema } from '../../../../core/model/alerts-schema.ts';
import {
  type ReceivedRequest,
  type ReplayAnswer,
  type ReplayServer,
  startReplayServer,
} from './api-replay-server.ts';

let api: ReplayServer;
beforeAll(async () => {
  api = await startReplayServer();
});
beforeEach(() => {
  api.received = [];
  api.queue = [];
});
afterAll(() => api.close());

const NOW = new Date('2026-12-01T10:00:00Z');

const alert: Alert = {
  key: 'vigil/check/db/2026-12-01T09:55:00.000Z',
  event: 'down',
  action: 'trigger',
  isReminder: false,
  severity: 'critical',
  site: 'Example status',
  title: 'Example status: Database is down',
  text: 'connect ECONNREFUSED 127.0.0.1:5432',
  subject: { kind: 'check', id: 'db', name: 'Database', group: 'core' },
  url: 'https://status.example.org/components/db/',
  at: '2026-12-01T10:00:00.000Z',
};

interface Contract {
  type: AlertProvider['type'];
  config: (url: string) => Record<string, unknown>;
  /** The service's documented answer to a good request. */
  success: ReplayAnswer;
  /** Its documented rate-limit answer, and the wait it asks for. */
  rateLimited: ReplayAnswer;
  retryAfterMs: number | undefined;
  expectRequest: (request: ReceivedRequest) => void;
}

// Payloads are checked field by field against each API's documentation; their type is that API's, not ours.
// biome-ignore lint/suspicious/noExplicitAny: a received JSON body, read as the documented shape
const body = (request: ReceivedRequest) => request.json as Record<string, any>;

const CONTRACTS: Contract[] = [
  {
    type: 'slack',
    config: (url) => ({ url: `${url}/services/T000/B000/XXXX` }),
    success: { status: 200, body: 'ok' },
    rateLimited: { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' },
    retryAfterMs: 30_000,
    expectRequest: (request) => {
      expect(request.path).toBe('/services/T000/B000/XXXX');
      expect(body(request).text).toContain('Database is down');
      expect(body(request).blocks[0].text.type).toBe('mrkdwn');
    },
  },
  {
    type: 'discord',
    config: (url) => ({ url: `${url}/api/webhooks/1/abc` }),
    success: { status: 204 },
    rateLimited: {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 64.57, global: false },
    },
    retryAfterMs: 64_570,
    expectRequest: (request) => {
      expect(body(request).embeds[0]).toMatchObject({ title: alert.title, color: 0xc62828, url: alert.url });
      expect(body(request).allowed_mentions).toEqual({ parse: [] });
    },
  },
  {
    type: 'webhook',
    config: (url) => ({ url: `${url}/hook`, headers: { authorization: 'Bearer t0ken' } }),
    success: { status: 204 },
    rateLimited: { status: 429, headers: { 'retry-after': 'Tue, 01 Dec 2026 10:02:00 GMT' } },
    retryAfterMs: 120_000,
    expectRequest: (request) => {
      expect(request.headers.authorization).toBe('Bearer t0ken');
      expect(body(request)).toMatchObject({ v: 1, key: alert.key, event: 'down', action: 'trigger' });
    },
  },
  {
    type: 'teams',
    config: (url) => ({ url: `${url}/workflows/abc/triggers/manual/paths/invoke?sig=s3cret` }),
    success: { status: 202 },
    rateLimited: { status: 429, headers: { 'retry-after': '10' } },
    retryAfterMs: 10_000,
    expectRequest: (request) => {
      const attachment = body(request).attachments[0];
      expect(body(request).type).toBe('message');
      expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
      expect(attachment.content.actions[0]).toMatchObject({ type: 'Action.OpenUrl', url: alert.url });
    },
  },
  {
    type: 'telegram',
    config: (url) => ({ apiUrl: url, botToken: '123456:ABC-DEF', chatId: '-1001234567890' }),
    success: {
      status: 200,
      body: { ok: true, result: { message_id: 7, chat: { id: -1001234567890 }, date: 1 } },
    },
    rateLimited: {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 35',
        parameters: { retry_after: 35 },
      },
    },
    retryAfterMs: 35_000,
    expectRequest: (request) => {
      expect(request.path).toBe('/bot123456:ABC-DEF/sendMessage');
      expect(body(request)).toMatchObject({ chat_id: '-1001234567890' });
      expect(body(request).text).toContain('Database is down');
    },
  },
  {
    type: 'matrix',
    config: (url) => ({ homeserver: url, roomId: '!ops:example.org', accessToken: 'syt_token' }),
    success: { status: 200, body: { event_id: '$YUwRidLecu:example.org' } },
    rateLimited: {
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 2000 },
    },
    retryAfterMs: 2000,
    expectRequest: (request) => {
      expect(request.method).toBe('PUT');
      expect(request.path).toMatch(
        /^\/_matrix\/client\/v3\/rooms\/!ops%3Aexample\.org\/send\/m\.room\.message\/vigil-[0-9a-f]{32}$/,
      );
      expect(request.headers.authorization).toBe('Bearer syt_token');
      expect(body(request)).toMatchObject({ msgtype: 'm.text', format: 'org.matrix.custom.html' });
    },
  },
  {
    type: 'mattermost',
    config: (url) => ({ url: `${url}/hooks/xxx-generatedkey-xxx`, channel: 'ops' }),
    success: { status: 200, body: 'ok' },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0' },
      body: 'limit exceeded',
    },
    retryAfterMs: 1000,
    expectRequest: (request) => {
      expect(body(request)).toMatchObject({ channel: 'ops' });
      expect(body(request).attachments[0]).toMatchObject({ color: '#c62828', title_link: alert.url });
    },
  },
  {
    type: 'rocketchat',
    config: (url) => ({ url: `${url}/hooks/abc/def`, alias: 'Vigil' }),
    success: { status: 200, body: { success: true } },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '5' },
      body: { success: false, error: 'Error, too many requests.' },
    },
    retryAfterMs: 5000,
    expectRequest: (request) => {
      expect(body(request)).toMatchObject({ alias: 'Vigil' });
      expect(body(request).attachments[0]).toMatchObject({ title: alert.title, title_link: alert.url });
    },
  },
  {
    type: 'ntfy',
    config: (url) => ({ url, topic: 'vigil-ops', token: 'tk_secret' }),
    success: {
      status: 200,
      body: { id: 'sPs71M8A2T', time: 1, event: 'message', topic: 'vigil-ops', message: 'x' },
    },
    rateLimited: { status: 429, body: { code: 42901, http: 429, error: 'limit reached: too many requests' } },
    retryAfterMs: undefined,
    expectRequest: (request) => {
      expect(request.path).toBe('/');
      expect(request.headers.authorization).toBe('Bearer tk_secret');
      expect(body(request)).toMatchObject({
        topic: 'vigil-ops',
        priority: 5,
        click: alert.url,
        tags: ['rotating_light'],
      });
    },
  },
  {
    type: 'gotify',
    config: (url) => ({ url, token: 'AbCdEf' }),
    success: {
      status: 200,
      body: { id: 25, appid: 5, message: 'x', title: 'y', priority: 8, date: '2026-12-01T10:00:00Z' },
    },
    rateLimited: { status: 429, headers: { 'retry-after': '3' } },
    retryAfterMs: 3000,
    expectRequest: (request) => {
      expect(request.path).toBe('/message');
      expect(request.headers['x-gotify-key']).toBe('AbCdEf');
      expect(body(request)).toMatchObject({
        priority: 8,
        extras: { 'client::notification': { click: { url: alert.url } } },
      });
    },
  },
  {
    type: 'pushover',
    config: (url) => ({
      apiUrl: url,
      token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
      user: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
    }),
    success: { status: 200, body: { status: 1, request: '647d2300-702c-4b38-8b2f-d56326ae460b' } },
    rateLimited: { status: 429, body: { status: 0, errors: ['application is over its message limit'] } },
    retryAfterMs: undefined,
    expectRequest: (request) => {
      expect(request.path).toBe('/1/messages.json');
      expect(body(request)).toMatchObject({
        token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
        priority: 1,
        url: alert.url,
      });
    },
  },
  {
    type: 'pagerduty',
    config: (url) => ({ url: `${url}/v2/enqueue`, routingKey: 'R0UTINGKEY0000000000000000000000' }),
    success: { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: alert.key } },
    rateLimited: {
      status: 429,
      body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' },
    },
    retryAfterMs: undefined,
    expectRequest: (request) => {
      expect(body(request)).toMatchObject({
        routing_key: 'R0UTINGKEY0000000000000000000000',
        event_action: 'trigger',
        dedup_key: alert.key,
        payload: {
          summary: alert.title,
          source: 'Example status',
          severity: 'critical',
          component: 'db',
          group: 'core',
        },
      });
    },
  },
  {
    type: 'opsgenie',
    config: (url) => ({ apiUrl: url, apiKey: 'eb243592-faa2-4ba2-a551q-1afdf565c889' }),
    success: {
      status: 202,
      body: { result: 'Request will be processed', took: 0.302, requestId: '43a29c5c' },
    },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '2' },
      body: { message: 'Rate limit exceeded', took: 0.001 },
    },
    retryAfterMs: 2000,
    expectRequest: (request) => {
      expect(request.path).toBe('/v2/alerts');
      expect(request.headers.authorization).toBe('GenieKey eb243592-faa2-4ba2-a551q-1afdf565c889');
      expect(body(request)).toMatchObject({ alias: alert.key, priority: 'P1', source: 'Vigil' });
    },
  },
];

function makeProvider(contract: Contract, over: Record<string, unknown> = {}): AlertProvider {
  return AlertProviderSchema.parse({
    id: `test-${contract.type}`,
    type: contract.type,
    ...contract.config(api.url),
    retries: 1,
    timeout: '2s',
    ...over,
  });
}

// The clock is fixed, so a Retry-After date and the deadline are judged without reading the wall clock.
const deliver = (provider: AlertProvider, deadlineMs = 60_000) =>
  deliverAlert(provider, alert, {
    signal: AbortSignal.timeout(deadlineMs),
    deadlineAtMs: NOW.getTime() + deadlineMs,
    now: () => NOW,
    backoffBaseMs: 5,
  });

describe.each(CONTRACTS)('$type provider', (contract) => {
  it('sends the documented request and takes the documented success', async () => {
    api.queue = [contract.success];
    expect(await deliver(makeProvider(contract))).toEqual({ status: 'sent', attempts: 1 });
    expect(api.received).toHaveLength(1);
    contract.expectRequest(api.received[0] as ReceivedRequest);
  });

  it('honours a 429 with its Retry-After, or backs off and tries again', async () => {
    api.queue = [contract.rateLimited, contract.success];
    const outcome = await deliver(makeProvider(contract), 500);
    if (contract.retryAfterMs === undefined) {
      expect(outcome).toEqual({ status: 'sent', attempts: 2 });
    } else {
      // The wait asked for is longer than this run's alert deadline: the outbox waits it out.
      expect(outcome).toMatchObject({
        status: 'failed',
        attempts: 1,
        isRetryable: true,
        notBeforeMs: NOW.getTime() + contract.retryAfterMs,
      });
      expect(api.received).toHaveLength(1);
    }
  });

  it('tries again after a 5xx', async () => {
    api.queue = [{ status: 503, body: 'upstream unavailable' }, contract.success];
    expect(await deliver(makeProvider(contract))).toEqual({ status: 'sent', attempts: 2 });
  });

  it('gives up on a provider that never answers, within its timeout', async () => {
    // More hangs than attempts: a request the previous test gave up on may still reach the server
    // late on a loaded machine and take one of them.
    api.queue = ['hang', 'hang', 'hang', 'hang'];
    const outcome = await deliver(makeProvider(contract, { timeout: '150ms' }));
    expect(outcome).toMatchObject({
      status: 'failed',
      attempts: 2,
      isRetryable: true,
      reason: 'timed out after 150 ms',
    });
  });

  it('does not retry a refusal that asking again cannot fix', async () => {
    api.queue = [{ status: 401, body: { message: 'invalid credentials' } }];
    expect(await deliver(makeProvider(contract))).toMatchObject({
      status: 'failed',
      attempts: 1,
      isRetryable: false,
    });
  });
});

it('waits a short Retry-After and then delivers', async () => {
  const matrix = CONTRACTS.find((contract) => contract.type === 'matrix') as Contract;
  api.queue = [{ status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 50 } }, matrix.success];
  expect(await deliver(makeProvider(matrix))).toEqual({ status: 'sent', attempts: 2 });
  // The retry is the same Matrix transaction, so the homeserver never shows it twice.
  expect(api.received[0]?.path).toBe(api.received[1]?.path);
});
