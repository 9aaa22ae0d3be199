// Webhook notifications against a real HTTP receiver on 127.0.0.1, through the real collector CLI.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StatusChange } from '../../../../collectors/notify/find-status-changes.ts';
import { notifyWebhooks } from '../../../../collectors/notify/notify-webhooks.ts';
import { WebhookSchema } from '../../../../core/model/index.ts';
import { findClosedPort, isInitProbe } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

interface Received {
  path: string;
  body: Record<string, unknown>;
}

let dir: string;
let server: Server;
let baseUrl: string;
let received: Received[] = [];
/** Answers queued per path; each request takes the next one, then 204. */
let answers: Record<string, number[]> = {};

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-notify-'));
  server = createServer(async (req, res) => {
    if (isInitProbe(req)) return void res.writeHead(404).end();
    const path = req.url ?? '/';
    const body = JSON.parse(await readBody(req));
    received.push({ path, body });
    if (path.startsWith('/hang')) return; // never answers: the timeout must end it
    res.statusCode = answers[path]?.shift() ?? 204;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  received = [];
  answers = {};
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const change = (over: Partial<StatusChange> = {}): StatusChange => ({
  checkId: 'db',
  name: 'Database',
  group: 'core',
  from: 'up',
  to: 'down',
  message: 'connect ECONNREFUSED 127.0.0.1:5432',
  at: '2026-11-22T10:05:00.000Z',
  ...over,
});

describe('webhook notifications', () => {
  it('collect POSTs Slack, Discord and generic JSON payloads when a check goes down and when it comes back', async () => {
    const flagFile = join(dir, 'healthy');
    await writeFile(flagFile, '');
    const configPath = join(dir, 'status.config.yaml');
    await writeFile(
      configPath,
      `site: { title: Lab status }
groups: [{ id: core, name: Core }, { id: lab, name: Lab }]
collect: { failuresBeforeDown: 1 }
publish:
  webhooks:
    - { url: "${baseUrl}/slack/T000/B000/\${SLACK_TOKEN}", format: slack }
    - { name: discord, url: "${baseUrl}/discord", format: discord, groups: [core] }
    - { url: "${baseUrl}/json", minSeverity: down }
    - { url: "${baseUrl}/lab-only", groups: [lab] }
checks:
  - { id: db, name: Database, group: core, type: command, command: [test, -e, "${flagFile}"], retries: 0 }
`,
    );
    const env = { SLACK_TOKEN: 'xoxb-very-secret' };
    const dataDir = join(dir, 'data');
    const run = () => runVigil(['collect', '--config', configPath, '--data', dataDir], { env });
    expect((await run()).exitCode).toBe(0);
    expect(received).toEqual([]); // first run: nothing to change from

    await rm(flagFile);
    const down = await run();
    expect(down.exitCode).toBe(0);
    const byPath = Object.fromEntries(received.map((r) => [r.path.split('/')[1], r.body]));
    expect(Object.keys(byPath).sort()).toEqual(['discord', 'json', 'slack']);
    expect(received.find((r) => r.path.startsWith('/slack'))?.path).toBe('/slack/T000/B000/xoxb-very-secret');
    expect(byPath.slack).toMatchObject({
      text: expect.stringContaining('Lab status: 🔴 Database is down (was up)'),
    });
    expect(byPath.discord).toMatchObject({
      content: expect.stringContaining('Database is down'),
      embeds: [{ title: 'Database: down', color: 0xc62828 }],
    });
    expect(byPath.json).toMatchObject({
      event: 'check.status_changed',
      checkId: 'db',
      from: 'up',
      to: 'down',
      group: 'core',
    });

    received = [];
    await writeFile(flagFile, '');
    expect((await run()).exitCode).toBe(0);
    const recovered = received.map((r) => r.path.split('/')[1]).sort();
    expect(recovered).toEqual(['discord', 'json', 'slack']);
    expect(received.find((r) => r.path === '/json')?.body).toMatchObject({ from: 'down', to: 'up' });
  });

  it('retries a 503, gives up on a 404, times out a receiver that hangs, and logs no URL secret', async () => {
    answers['/flaky/secret-token'] = [503, 503];
    answers['/gone/secret-token'] = [404];
    const closed = await findClosedPort();
    const webhooks = [
      { url: `${baseUrl}/flaky/secret-token`, retries: 2 },
      { url: `${baseUrl}/gone/secret-token`, retries: 2 },
      { url: `${baseUrl}/hang/secret-token`, retries: 1, timeout: '300ms' },
      { url: `http://127.0.0.1:${closed}/refused/secret-token`, retries: 1 },
    ].map((w) => WebhookSchema.parse(w));
    const lines: string[] = [];
    const failed = await notifyWebhooks({
      webhooks,
      changes: [change()],
      siteTitle: 'Status',
      log: (line) => lines.push(line),
      retryDelayMs: () => 10,
    });
    expect(failed).toBe(3);
    expect(received.filter((r) => r.path.startsWith('/flaky'))).toHaveLength(3);
    expect(received.filter((r) => r.path.startsWith('/gone'))).toHaveLength(1);
    expect(received.filter((r) => r.path.startsWith('/hang'))).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('secret-token');
    expect(lines.sort()).toEqual(
      [
        `vigil notify: ${baseUrl}/…: db up → down not delivered after 1 attempt: HTTP 404`,
        `vigil notify: ${baseUrl}/…: db up → down not delivered after 2 attempts: timed out after 300 ms`,
        `vigil notify: http://127.0.0.1:${closed}/…: db up → down not delivered after 2 attempts: ECONNREFUSED`,
      ].sort(),
    );
  });
});
