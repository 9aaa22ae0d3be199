// `vigil notify test PROVIDER` through the real CLI, against a loopback receiver.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runVigil } from '../../../helpers/run-vigil.ts';
import { type ReplayServer, startReplayServer } from './api-replay-server.ts';

let api: ReplayServer;
let dir: string;
let configPath: string;
beforeAll(async () => {
  api = await startReplayServer();
  dir = await mkdtemp(join(tmpdir(), 'vigil-notify-test-'));
  configPath = join(dir, 'status.config.yaml');
  await writeFile(
    configPath,
    `site: { title: Lab }
alerts:
  providers:
    - { id: phone, type: ntfy, url: "${api.url}", topic: vigil-ops, token: "\${NTFY_TOKEN}", retries: 0 }
    - { id: pager, type: pagerduty, url: "${api.url}/v2/enqueue", routingKey: written-inline }
    - { id: on-call, type: pagerduty, url: "${api.url}/v2/enqueue", routingKey: "\${PD_KEY}", retries: 0 }
`,
  );
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const notify = (...args: string[]) =>
  runVigil(['notify', 'test', ...args, '--config', configPath], {
    env: { NTFY_TOKEN: 'tk_s3cret', PD_KEY: 'R0UT1NGKEY' },
  });

it('sends a test alert through the named provider', async () => {
  api.queue = [{ status: 200, body: { id: 'abc', event: 'message' } }];
  const run = await notify('phone');
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toBe('vigil notify: phone: test alert sent (1 attempt)\n');
  expect(api.received[0]?.headers.authorization).toBe('Bearer tk_s3cret');
  expect(api.received[0]?.json).toMatchObject({
    topic: 'vigil-ops',
    title: 'Lab: test alert for phone',
    tags: ['bell'],
  });
});

it('says why a test alert was not delivered, without the secret', async () => {
  api.queue = [{ status: 403, body: { code: 40301, http: 403, error: 'forbidden' } }];
  const run = await notify('phone');
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toBe(
    'vigil notify: phone: test alert not delivered after 1 attempt: HTTP 403: forbidden\n',
  );
});

it('names the known providers when the id is wrong, and refuses a secret written in the file', async () => {
  const unknown = await notify('slack');
  expect(unknown.exitCode).toBe(1);
  expect(unknown.stderr).toContain('no provider "slack" in alerts.providers (known: phone, pager, on-call)');
  const inline = await notify('pager');
  expect(inline.exitCode).toBe(1);
  expect(inline.stderr).toContain('alerts.providers[pager].routingKey is written in the config file');
});

it('closes again the incident a test opens on a paging service, so nobody stays paged', async () => {
  api.received.length = 0;
  const accepted = { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'k' } };
  api.queue = [accepted, accepted];
  const run = await notify('on-call');
  expect(run.exitCode, run.stderr).toBe(0);
  const events = api.received.map((request) => request.json as { event_action: string; dedup_key: string });
  expect(events.map((event) => event.event_action)).toEqual(['trigger', 'resolve']);
  expect(events[1]?.dedup_key).toBe(events[0]?.dedup_key);
});
