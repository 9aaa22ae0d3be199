// The multi-server GPU agents' "stale server" alert, end to end: real `vigil collect` processes for
// two sources sharing one data directory (as they do through git), a webhook receiver on loopback.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findNewestRunTime } from '../../../../collectors/store/newest-run-time.ts';
import { isInitProbe, type LoopbackServer, listenOnLoopback } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

const HOOK_TOKEN = 'hook-S3cret-token';
/** west is silent once its newest run is older than this (its check's staleAfter). */
const WEST_STALE_AFTER_MS = 12_000;

interface Delivery {
  headers: IncomingHttpHeaders;
  body: { event: string; action: string; key: string; title: string; text: string; subject: { id: string } };
}

let dir: string;
let receiver: LoopbackServer;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-silent-'));
  receiver = await listenOnLoopback(
    createServer(async (req, res) => {
      if (isInitProbe(req)) return void res.writeHead(404).end();
      let text = '';
      for await (const chunk of req) text += chunk;
      deliveries.push({ headers: req.headers, body: JSON.parse(text) });
      res.writeHead(204).end();
    }),
  );
});

afterAll(async () => {
  await receiver?.close();
  await rm(dir, { recursive: true, force: true });
});

const CONFIG = `
site: { title: GPU fleet }
alerts:
  incidentsFrom: dashboard
  providers:
    - id: ops
      type: webhook
      url: "\${HOOK_URL}"
      headers: { authorization: "Bearer \${HOOK_TOKEN}" }
      events: [down, recovered, collector.silent, collector.back]
      retries: 0
sources:
  - { id: dashboard, name: Dashboard host }
  - { id: train03, name: GPU Box 03 }
checks:
  - { id: dashboard-self, type: command, command: ["true"], source: dashboard, interval: 1s }
  - { id: train03-agent, type: command, command: ["true"], source: train03, interval: 1s, staleAfter: ${WEST_STALE_AFTER_MS / 1000}s }
`;

async function collect(source: string) {
  const run = await runVigil(
    ['collect', '--config', join(dir, 'status.config.yaml'), '--data', join(dir, 'data'), '--source', source],
    { env: { HOOK_URL: `http://127.0.0.1:${receiver.port}/hook`, HOOK_TOKEN, CI: '1' } },
  );
  expect(run.exitCode, run.stderr).toBe(0);
  return run;
}

const events = () => deliveries.map(({ body }) => `${body.subject.id} ${body.event}`);

it('the announcing collector tells a webhook that another collector went silent, once, and that it is back', async () => {
  await writeFile(join(dir, 'status.config.yaml'), CONFIG);
  // The announcer's first run: train03 never ran, which is not silence.
  await collect('dashboard');
  await collect('train03');
  const westRunMs = (await findNewestRunTime(join(dir, 'data'), 'train03'))?.t;
  expect(westRunMs).toEqual(expect.any(Number));
  // train03's agent stops; its newest run grows older than its staleAfter by the real clock.
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, (westRunMs as number) + WEST_STALE_AFTER_MS + 500 - Date.now())),
  );
  expect(events()).toEqual([]);
  await collect('dashboard');
  expect(events()).toEqual(['train03 collector.silent']);
  const [silent] = deliveries;
  expect(silent?.headers.authorization).toBe(`Bearer ${HOOK_TOKEN}`);
  expect(silent?.body).toMatchObject({
    action: 'trigger',
    title: 'GPU fleet: collector GPU Box 03 is silent',
    key: `vigil/collector/train03/${new Date(westRunMs as number).toISOString()}`,
    text: expect.stringContaining(
      `No run of GPU Box 03 since ${new Date(westRunMs as number).toISOString()}`,
    ),
  });
  // Still silent at the next run: told once, not again.
  await collect('dashboard');
  expect(events()).toEqual(['train03 collector.silent']);
  // The agent reports again; the announcer's next run resolves the same alert.
  await collect('train03');
  await collect('dashboard');
  expect(events()).toEqual(['train03 collector.silent', 'train03 collector.back']);
  expect(deliveries[1]?.body).toMatchObject({ action: 'resolve', key: silent?.body.key });
  // The token came from the environment; neither it nor the receiver's URL is written into data/.
  const state = await readFile(join(dir, 'data', 'state', 'dashboard.alerts.json'), 'utf8');
  expect(state).not.toContain(HOOK_TOKEN);
}, 180_000);
