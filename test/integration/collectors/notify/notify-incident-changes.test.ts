// Incident and maintenance notifications against a real HTTP receiver on 127.0.0.1, through the real
// collector CLI over a sequence of runs. Vigil has no clock override, so the maintenance window is
// written a few seconds ahead of the real clock and the runs wait for it to open and close.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort, isInitProbe } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

interface Received {
  path: string;
  body: Record<string, unknown>;
}

const TOKEN = 'xoxb-incident-secret';
let dir: string;
let server: Server;
let baseUrl: string;
let received: Received[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-notify-incidents-'));
  server = createServer(async (req, res) => {
    if (isInitProbe(req)) return void res.writeHead(404).end();
    received.push({ path: req.url ?? '/', body: JSON.parse(await readBody(req)) });
    res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const sleepUntil = (epochMs: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));

/** Who got what: the JSON receiver's event, the chat receivers' message text; then forgets them. */
function takeReceived(): string[] {
  const seen = received.map((r) => {
    const who = r.path.split('/')[1];
    return `${who} ${String(r.body.event ?? r.body.text ?? r.body.content)}`;
  });
  received = [];
  return seen.sort();
}

function incidentFile(fields: Record<string, unknown>): string {
  const yaml = Object.entries(fields)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n');
  return `---\n${yaml}\n---\nDetails.\n`;
}

describe('incident and maintenance notifications', () => {
  it('one source announces starts and ends once each over a sequence of collect runs; drafts never; filters apply; no secret in logs', async () => {
    const closed = await findClosedPort();
    const configPath = join(dir, 'status.config.yaml');
    await writeFile(
      configPath,
      `site: { title: Lab status, url: "https://status.example.org" }
groups: [{ id: core, name: Core }, { id: lab, name: Lab }]
sources: [{ id: east }, { id: west }]
publish:
  webhooks:
    - { url: "${baseUrl}/slack/T000/\${SLACK_TOKEN}", format: slack, minSeverity: maintenance }
    - { name: discord, url: "${baseUrl}/discord", format: discord, groups: [core], minSeverity: maintenance }
    - { url: "${baseUrl}/json", minSeverity: maintenance }
    - { url: "${baseUrl}/severe", minSeverity: down }
    - { url: "http://127.0.0.1:${closed}/gone/\${SLACK_TOKEN}", retries: 0, minSeverity: maintenance }
checks:
  - { id: db, name: Database, group: core, source: east, type: command, command: ["true"] }
  - { id: gpu, name: GPUs, group: lab, source: west, type: command, command: ["true"] }
`,
    );
    const dataDir = join(dir, 'data');
    const incidents = join(dataDir, 'incidents');
    await mkdir(incidents, { recursive: true });
    const env = { SLACK_TOKEN: TOKEN };
    const logs: string[] = [];
    const collect = async (source: string) => {
      const run = await runVigil(['collect', '--config', configPath, '--data', dataDir, '--source', source], {
        env,
      });
      expect(run.exitCode, run.stderr).toBe(0);
      logs.push(run.stdout, run.stderr);
    };
    const readState = async (source: string) =>
      JSON.parse(await readFile(join(dataDir, 'state', `${source}.json`), 'utf8'));
    /** When the newest run of east began: the instant it judged the maintenance window by. */
    const lastRunAt = async () => {
      const folder = join(dataDir, 'snapshots', 'east');
      const day = (await readdir(folder)).sort().at(-1) as string;
      const lines = (await readFile(join(folder, day), 'utf8')).trim().split('\n');
      return Date.parse(JSON.parse(lines.at(-1) as string).t);
    };

    // Run 1: an outage already open when the announcer first runs is known, not news.
    await writeFile(
      join(incidents, 'old-outage.md'),
      incidentFile({
        title: 'Old outage',
        status: 'identified',
        start: new Date(Date.now() - 3_600_000).toISOString(),
      }),
    );
    const firstRunStartedAt = Date.now();
    await collect('east');
    // The window is judged by the real clock of each run: on a loaded machine a run takes longer,
    // so the window ahead (and its distance) grows with what the first run took.
    const runMs = Date.now() - firstRunStartedAt;
    expect(takeReceived()).toEqual([]);
    expect((await readState('east')).announcedIncidents).toEqual(['old-outage']);

    // Run 2: a new incident in lab is announced; a draft is not; the window ahead is not yet.
    const startMs = Date.now() + Math.max(10_000, 6 * runMs);
    const endMs = startMs + Math.max(6_000, 4 * runMs);
    await writeFile(
      join(incidents, 'storage-upgrade.md'),
      incidentFile({
        title: 'Storage upgrade',
        kind: 'maintenance',
        status: 'scheduled',
        affected: ['db'],
        start: new Date(startMs).toISOString(),
        end: new Date(endMs).toISOString(),
      }),
    );
    const gpuIncident = {
      title: 'GPU nodes unreachable',
      impact: 'minor',
      status: 'investigating',
      affected: ['gpu'],
      start: new Date().toISOString(),
    };
    await writeFile(join(incidents, 'gpu-nodes.md'), incidentFile(gpuIncident));
    await writeFile(
      join(incidents, 'web-auto.md'),
      incidentFile({ ...gpuIncident, title: 'Drafted', affected: ['db'], draft: true }),
    );
    await collect('east');
    expect(await lastRunAt(), 'run 2 must begin before the window opens').toBeLessThan(startMs);
    expect(takeReceived()).toEqual([
      'json incident.started',
      'slack Lab status: ⚠️ Incident (minor impact, investigating): GPU nodes unreachable — affects GPUs https://status.example.org/incidents/gpu-nodes/',
    ]);
    await collect('west');
    expect(takeReceived(), 'only the first enabled source announces').toEqual([]);
    expect((await readState('west')).announcedIncidents).toBeUndefined();

    // Run 3: inside the window, its start reaches the core webhook too, but not the one for outages only.
    await sleepUntil(startMs + 200);
    await collect('east');
    expect(await lastRunAt(), 'run 3 must begin inside the window').toBeLessThan(endMs);
    const started = received.find((r) => r.path === '/json')?.body;
    expect(started).toMatchObject({
      event: 'maintenance.started',
      slug: 'storage-upgrade',
      kind: 'maintenance',
      affected: ['db'],
      url: 'https://status.example.org/incidents/storage-upgrade/',
      text: expect.stringMatching(
        /^Maintenance started: Storage upgrade \(until .* UTC\) — affects Database$/,
      ),
    });
    expect(received.find((r) => r.path === '/discord')?.body).toMatchObject({
      embeds: [{ title: 'Storage upgrade', color: 0x1565c0 }],
    });
    const until = `${new Date(endMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const startText = `Lab status: 🔧 Maintenance started: Storage upgrade (until ${until}) — affects Database`;
    expect(takeReceived()).toEqual([
      `discord ${startText}`,
      'json maintenance.started',
      `slack ${startText} https://status.example.org/incidents/storage-upgrade/`,
    ]);
    expect((await readState('east')).announcedIncidents).toEqual([
      'gpu-nodes',
      'old-outage',
      'storage-upgrade',
    ]);

    // Run 4: the window has closed and the incident is resolved: both ends, once.
    await writeFile(
      join(incidents, 'gpu-nodes.md'),
      incidentFile({ ...gpuIncident, status: 'resolved', end: new Date().toISOString() }),
    );
    await sleepUntil(endMs + 200);
    await collect('east');
    expect(takeReceived()).toEqual([
      'discord Lab status: ✅ Maintenance completed: Storage upgrade — affects Database',
      'json incident.ended',
      'json maintenance.ended',
      'slack Lab status: ✅ Incident resolved: GPU nodes unreachable — affects GPUs https://status.example.org/incidents/gpu-nodes/',
      'slack Lab status: ✅ Maintenance completed: Storage upgrade — affects Database https://status.example.org/incidents/storage-upgrade/',
    ]);
    expect((await readState('east')).announcedIncidents).toEqual(['old-outage']);

    // Run 5: nothing new, nothing sent.
    await collect('east');
    expect(takeReceived()).toEqual([]);

    const log = logs.join('\n');
    expect(log).not.toContain(TOKEN);
    expect(log).toContain(
      `vigil notify: http://127.0.0.1:${closed}/…: maintenance storage-upgrade started not delivered after 1 attempt: ECONNREFUSED`,
    );
  }, 120_000);
});
