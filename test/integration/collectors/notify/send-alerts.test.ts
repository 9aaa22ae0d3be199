// Alert rules, the outbox, reminders, dependencies, the announcing collector and the heartbeat,
// through real collect runs (command checks toggled by files) against a loopback receiver.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { collectOnce } from '../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { type ReplayServer, startReplayServer } from './api-replay-server.ts';

let api: ReplayServer;
let dir: string;
beforeAll(async () => {
  api = await startReplayServer();
});
beforeEach(async () => {
  api.received = [];
  api.queue = [];
  api.fallback = { status: 204 };
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-'));
});
afterAll(() => api.close());

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T08:00:00Z');

/** A site whose checks are up while their flag file exists; `alerts` is YAML under `alerts:`. */
function setUp(alerts: string, checks: string[], extra = '') {
  const flag = (id: string) => join(dir, `${id}-is-up`);
  const loaded = parseConfigText(
    `
site: { title: Lab, url: "https://status.example.org" }
collect: { failuresBeforeDown: 1 }
${extra}
alerts:
${alerts}
checks:
${checks.map((line) => `  - ${line.replace(/FLAG\((\w+)\)/g, (_m, id: string) => JSON.stringify(flag(id)))}`).join('\n')}
`,
    'status.config.yaml',
    // The receiver's URL comes from the environment, as a webhook URL (a secret) must.
    { API: api.url, HOOK_TOKEN: 'hook-s3cret', ROUTING_KEY: 'R0UTING-s3cret' },
  );
  const logs: string[] = [];
  const dataDir = join(dir, 'data');
  const run = (atMs: number, source = 'local', interpolated = loaded.interpolated) =>
    collectOnce({
      config: loaded.config,
      secrets: loaded.secrets,
      interpolated,
      dataDir,
      source,
      inProcess: true,
      now: () => new Date(atMs),
      log: (line) => logs.push(line),
    });
  const setUp = async (id: string, isUp: boolean) =>
    isUp ? writeFile(flag(id), '') : rm(flag(id), { force: true });
  const events = () =>
    api.received.map((request) => {
      const body = request.json as { subject: { id: string }; event: string; isReminder: boolean };
      return `${body.subject.id} ${body.event}${body.isReminder ? ' (reminder)' : ''}`;
    });
  return {
    run,
    setUp,
    logs,
    dataDir,
    events,
    alertLogs: () => logs.filter((line) => line.startsWith('vigil alert')),
  };
}

const check = (id: string, more = '') =>
  `{ id: ${id}, type: command, command: [test, -e, FLAG(${id})], retries: 0${more} }`;
const hook = (more = '') => `
  providers:
    - { id: hook, type: webhook, url: "${'${API}'}/hook", headers: { authorization: "Bearer \${HOOK_TOKEN}" }, retries: 0${more} }`;

it('an alert that could not be sent waits in the outbox, without secrets, and goes out with the next run', async () => {
  const site = setUp(hook(), [check('db')]);
  await site.setUp('db', false);
  api.queue = [{ status: 503, body: 'maintenance' }];
  await site.run(T0);
  expect(site.alertLogs()).toEqual([
    'vigil alert: hook: db down not sent after 1 attempt: HTTP 503: maintenance; kept in the outbox for the next run',
  ]);
  const stateText = await readFile(join(site.dataDir, 'state', 'local.alerts.json'), 'utf8');
  expect(JSON.parse(stateText).outbox).toHaveLength(1);
  expect(stateText).not.toContain('s3cret');
  await site.run(T0 + 5 * MINUTE);
  expect(site.events()).toEqual(['db down', 'db down']);
  expect(api.received[1]?.headers.authorization).toBe('Bearer hook-s3cret');
  expect(JSON.parse(await readFile(join(site.dataDir, 'state', 'local.alerts.json'), 'utf8')).outbox).toEqual(
    [],
  );
  expect(site.alertLogs().at(-1)).toBe('vigil alert: hook: db down sent (1 attempt)');
});

it('an outbox left for a provider the config no longer has is dropped, said so, even with no provider left', async () => {
  const before = setUp(hook(), [check('db')]);
  await before.setUp('db', false);
  api.queue = [{ status: 503 }];
  await before.run(T0);
  expect(
    JSON.parse(await readFile(join(before.dataDir, 'state', 'local.alerts.json'), 'utf8')).outbox,
  ).toHaveLength(1);
  const after = setUp('  outboxMaxAge: 1h', [check('db')]);
  await after.run(T0 + 5 * MINUTE);
  expect(after.alertLogs()).toEqual([
    'vigil alert: hook: db down dropped: no such provider in alerts.providers any more',
  ]);
  expect(
    JSON.parse(await readFile(join(after.dataDir, 'state', 'local.alerts.json'), 'utf8')).outbox,
  ).toEqual([]);
  expect(api.received).toHaveLength(1);
});

it('a site without alert providers writes no alert state', async () => {
  const site = setUp('  outboxMaxAge: 1h', [check('db')]);
  await site.setUp('db', false);
  await site.run(T0);
  await site.run(T0 + 5 * MINUTE);
  await expect(readFile(join(site.dataDir, 'state', 'local.alerts.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  expect(site.alertLogs()).toEqual([]);
});

it('the outbox keeps order, and drops an alert older than alerts.outboxMaxAge with a log line', async () => {
  const site = setUp(`${hook()}\n  outboxMaxAge: 1h`, [check('db')]);
  await site.setUp('db', false);
  api.fallback = { status: 500 };
  await site.run(T0);
  await site.setUp('db', true);
  await site.run(T0 + 5 * MINUTE);
  // The recovery waits behind the down alert it resolves.
  expect(site.alertLogs().at(-1)).toBe(
    'vigil alert: hook: db down not sent after 2 attempts: HTTP 500; kept in the outbox for the next run with 1 after it',
  );
  expect(site.events()).toEqual(['db down', 'db down']);
  api.fallback = { status: 204 };
  await site.run(T0 + 62 * MINUTE);
  expect(site.alertLogs()).toContain(
    'vigil alert: hook: db down dropped: not delivered within alerts.outboxMaxAge after 2 attempts',
  );
  expect(site.events().slice(2)).toEqual(['db recovered']);
});

it('reminds every remindEvery while down, and resolves once when up', async () => {
  const site = setUp(hook(', remindEvery: 1h'), [check('db')]);
  await site.setUp('db', false);
  for (const minutes of [0, 30, 59, 61, 90, 125]) await site.run(T0 + minutes * MINUTE);
  await site.setUp('db', true);
  await site.run(T0 + 130 * MINUTE);
  await site.run(T0 + 135 * MINUTE);
  expect(site.events()).toEqual(['db down', 'db down (reminder)', 'db down (reminder)', 'db recovered']);
  const keys = api.received.map((request) => (request.json as { key: string }).key);
  expect(new Set(keys).size).toBe(1);
});

it('sendAfter waits for that many down runs; a blip shorter than that is never told', async () => {
  const site = setUp(hook(', sendAfter: 3'), [check('db')]);
  await site.setUp('db', false);
  await site.run(T0);
  await site.run(T0 + 5 * MINUTE);
  await site.setUp('db', true);
  await site.run(T0 + 10 * MINUTE);
  expect(site.events()).toEqual([]);
  await site.setUp('db', false);
  for (const minutes of [15, 20, 25, 30]) await site.run(T0 + minutes * MINUTE);
  expect(site.events()).toEqual(['db down']);
});

it('while a parent is down its children are held, and told if still down once it is back', async () => {
  const site = setUp(hook(), [check('router'), check('app', ', dependsOn: [router]')]);
  await site.setUp('router', false);
  await site.setUp('app', false);
  await site.run(T0);
  await site.run(T0 + 5 * MINUTE);
  expect(site.events()).toEqual(['router down']);
  await site.setUp('router', true);
  await site.run(T0 + 10 * MINUTE);
  expect(site.events()).toEqual(['router down', 'router recovered', 'app down']);
});

it('rules choose checks, groups and events', async () => {
  const site = setUp(
    `
  providers:
    - { id: core-only, type: webhook, url: "\${API}/core", groups: [core], retries: 0 }
    - { id: db-degraded, type: webhook, url: "\${API}/db", checks: [db], events: [degraded, down], retries: 0 }`,
    [check('db', ', group: core'), check('web')],
    'groups: [{ id: core, name: Core }]',
  );
  await site.setUp('db', false);
  await site.setUp('web', false);
  await site.run(T0);
  await site.setUp('db', true);
  await site.run(T0 + 5 * MINUTE);
  expect(
    api.received.map((request) => `${request.path} ${site.events()[api.received.indexOf(request)]}`).sort(),
  ).toEqual(['/core db down', '/core db recovered', '/db db down']);
});

it('a provider that never answers cannot hold the run past alerts.deadline', async () => {
  const site = setUp(`${hook(', timeout: 10m')}\n  deadline: 300ms`, [check('db')]);
  await site.setUp('db', false);
  api.fallback = { status: 200 };
  api.queue = ['hang'];
  const outcome = await site.run(T0);
  expect(outcome.status).toBe('written');
  expect(site.alertLogs()).toEqual([
    'vigil alert: hook: db down not sent after 1 attempt: out of time for alerts; kept in the outbox for the next run',
  ]);
});

it('incidents are announced by one collector only: opened, updated, resolved', async () => {
  const site = setUp(
    `${hook()}\n  incidentsFrom: east`,
    [check('db', ', source: east'), check('gpu', ', source: west')],
    'sources: [{ id: east }, { id: west }]',
  );
  await site.setUp('db', true);
  await site.setUp('gpu', true);
  const incidents = join(site.dataDir, 'incidents');
  await mkdir(incidents, { recursive: true });
  const file = join(incidents, 'gpu-nodes.md');
  const write = (status: string, updates: string[]) =>
    writeFile(
      file,
      `---\ntitle: GPU nodes unreachable\nimpact: minor\nstatus: ${status}\naffected: [gpu]\nstart: "2026-12-01T08:00:00Z"\n${
        status === 'resolved' ? 'end: "2026-12-01T08:12:00Z"\n' : ''
      }${
        updates.length
          ? `updates:\n${updates.map((text, index) => `  - { at: "2026-12-01T08:0${index + 1}:00Z", status: ${status}, text: "${text}" }`).join('\n')}\n`
          : ''
      }---\nDetails.\n`,
    );
  for (const source of ['east', 'west']) await site.run(T0, source);
  await write('investigating', []);
  for (const source of ['east', 'west']) await site.run(T0 + 5 * MINUTE, source);
  await write('identified', ['A switch failed.']);
  for (const source of ['east', 'west']) await site.run(T0 + 10 * MINUTE, source);
  await write('resolved', ['A switch failed.', 'Replaced.']);
  for (const source of ['east', 'west']) await site.run(T0 + 15 * MINUTE, source);
  expect(site.events()).toEqual([
    'gpu-nodes incident.opened',
    'gpu-nodes incident.updated',
    'gpu-nodes incident.resolved',
  ]);
  expect(api.received[1]?.json).toMatchObject({ text: 'A switch failed.', action: 'info' });
});

it('pings the heartbeat URL after each run, and a hung heartbeat is cut off by its timeout', async () => {
  const site = setUp(`\n  heartbeat: { url: "${api.url}/ping/0a1b2c", timeout: 300ms }`, [check('db')]);
  await site.setUp('db', true);
  await site.run(T0);
  expect(api.received.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /ping/0a1b2c']);
  api.queue = ['hang'];
  expect((await site.run(T0 + 5 * MINUTE)).status).toBe('written');
  expect(site.logs).toContain(`vigil heartbeat: ${api.url}/… not reached: timed out after 300 ms`);
});

it('refuses a provider whose secret is written in the file', async () => {
  const site = setUp(
    `\n  providers:\n    - { id: pager, type: pagerduty, url: "${api.url}/v2/enqueue", routingKey: inline-key }\n    - { id: pager2, type: pagerduty, url: "${api.url}/v2/enqueue", routingKey: "\${ROUTING_KEY}" }`,
    [check('db')],
  );
  await site.setUp('db', false);
  await site.run(T0);
  expect(site.logs[0]).toContain(
    'vigil alert: pager: not used: alerts.providers[pager].routingKey is written in the config file',
  );
  expect(api.received.map((request) => (request.json as { routing_key: string }).routing_key)).toEqual([
    'R0UTING-s3cret',
  ]);
  expect(site.logs.join('\n')).not.toContain('R0UTING-s3cret');
});

it('a provider refused for a run keeps its open alerts and its outbox, and delivers them once usable again', async () => {
  const site = setUp(
    `\n  providers:\n    - { id: pager, type: pagerduty, url: "${api.url}/v2/enqueue", routingKey: "\${ROUTING_KEY}", retries: 0 }`,
    [check('db')],
  );
  await site.setUp('db', false);
  api.queue = [{ status: 503 }];
  await site.run(T0);
  // The next run is told nothing came from the environment: the key reads as written in the file.
  await site.run(T0 + 5 * MINUTE, 'local', []);
  expect(site.alertLogs()).toContain(
    'vigil alert: pager: not used: alerts.providers[pager].routingKey is written in the config file; put it in the environment and write "${VARIABLE}" there',
  );
  expect(site.alertLogs().join('\n')).not.toContain('no such provider');
  const state = JSON.parse(await readFile(join(site.dataDir, 'state', 'local.alerts.json'), 'utf8'));
  expect(state.outbox.map((entry: { alert: { event: string } }) => entry.alert.event)).toEqual(['down']);
  expect(Object.keys(state.open.pager)).toEqual(['db']);
  await site.setUp('db', true);
  await site.run(T0 + 10 * MINUTE);
  expect(api.received.map((request) => (request.json as { event_action: string }).event_action)).toEqual([
    'trigger',
    'trigger',
    'resolve',
  ]);
});

it('a renamed check (formerIds) keeps its alert state: not paged again, and resolved under its id now', async () => {
  const before = setUp(hook(), [check('db')]);
  await before.setUp('db', false);
  await before.run(T0);
  const after = setUp(hook(), [
    '{ id: database, formerIds: [db], type: command, command: [test, -e, FLAG(db)], retries: 0 }',
  ]);
  await after.run(T0 + 5 * MINUTE);
  expect(api.received).toHaveLength(1);
  const state = JSON.parse(await readFile(join(after.dataDir, 'state', 'local.alerts.json'), 'utf8'));
  expect(Object.keys(state.checks)).toEqual(['database']);
  expect(Object.keys(state.open.hook)).toEqual(['database']);
  await after.setUp('db', true);
  await after.run(T0 + 10 * MINUTE);
  expect(after.events()).toEqual(['db down', 'database recovered']);
});

it("refuses a secret field not itself interpolated, even when it holds another field's value; webhook URL and headers are secrets", async () => {
  const site = setUp(
    `
  providers:
    - { id: copied, type: pagerduty, url: "\${API}/v2/enqueue", routingKey: R0UTING-s3cret }
    - { id: inline-url, type: webhook, url: "${api.url}/hook", headers: { authorization: "Bearer \${HOOK_TOKEN}" } }
    - { id: inline-header, type: webhook, url: "\${API}/hook", headers: { authorization: "Bearer hook-s3cret" } }
    - { id: good, type: webhook, url: "\${API}/good", headers: { authorization: "Bearer \${HOOK_TOKEN}" }, retries: 0 }
    - { id: pager, type: pagerduty, url: "\${API}/v2/enqueue", routingKey: "\${ROUTING_KEY}", retries: 0 }`,
    [check('db')],
  );
  await site.setUp('db', false);
  await site.run(T0);
  const refusals = site.alertLogs().filter((line) => line.includes('not used'));
  expect(refusals.map((line) => line.split(' is written')[0])).toEqual([
    'vigil alert: copied: not used: alerts.providers[copied].routingKey',
    'vigil alert: inline-url: not used: alerts.providers[inline-url].url',
    'vigil alert: inline-header: not used: alerts.providers[inline-header].headers.authorization',
  ]);
  expect(api.received.map((request) => request.path).sort()).toEqual(['/good', '/v2/enqueue']);
});

it('a parent another collector runs is judged by the status its newest run left', async () => {
  const site = setUp(
    hook(),
    [check('router', ', source: net'), check('app', ', source: lab, dependsOn: [router]')],
    'sources: [{ id: net }, { id: lab }]',
  );
  await site.setUp('router', false);
  await site.setUp('app', false);
  await site.run(T0, 'net');
  await site.run(T0, 'lab');
  expect(site.events()).toEqual(['router down']);
  await site.setUp('router', true);
  await site.run(T0 + 5 * MINUTE, 'net');
  await site.run(T0 + 5 * MINUTE, 'lab');
  expect(site.events()).toEqual(['router down', 'router recovered', 'app down']);
});

it("a parent's status holds its children only while it is current: a dead collector's 'down' holds nothing", async () => {
  const site = setUp(
    hook(),
    [check('router', ', source: net'), check('app', ', source: lab, dependsOn: [router]')],
    'sources: [{ id: net }, { id: lab }]',
  );
  await site.setUp('router', false);
  await site.setUp('app', false);
  await site.run(T0, 'net');
  await site.run(T0, 'lab');
  expect(site.events()).toEqual(['router down']);
  // The net collector stops while its router is down; app is still down 30 min later (staleAfter 15 min).
  await site.run(T0 + 10 * MINUTE, 'lab');
  expect(site.events()).toEqual(['router down']);
  await site.run(T0 + 30 * MINUTE, 'lab');
  expect(site.events()).toEqual(['router down', 'app down']);
});

it('a check down inside a maintenance window in progress pages nobody; still down after it, it is told', async () => {
  const site = setUp(hook(), [check('db'), check('web')]);
  await site.setUp('db', false);
  await site.setUp('web', false);
  const incidents = join(site.dataDir, 'incidents');
  await mkdir(incidents, { recursive: true });
  await writeFile(
    join(incidents, 'db-upgrade.md'),
    '---\ntitle: Database upgrade\nkind: maintenance\nstatus: scheduled\naffected: [db]\nstart: "2026-12-01T07:50:00Z"\nend: "2026-12-01T08:20:00Z"\n---\nPostgreSQL 18.\n',
  );
  await site.run(T0);
  await site.run(T0 + 10 * MINUTE);
  expect(site.events()).toEqual(['web down']);
  await site.run(T0 + 25 * MINUTE);
  // The window was in progress at the first run (known, not news); its end is news.
  expect(site.events()).toEqual(['web down', 'db down', 'db-upgrade maintenance.ended']);
});

it('the announcing collector tells when another collector falls silent, and when it is back', async () => {
  const site = setUp(
    `${hook()}\n  incidentsFrom: east`,
    [check('db', ', source: east'), check('gpu', ', source: west')],
    'sources: [{ id: east }, { id: west, name: Lab collector }]',
  );
  await site.setUp('db', true);
  await site.setUp('gpu', true);
  await site.run(T0, 'west');
  await site.run(T0, 'east');
  await site.run(T0 + 10 * MINUTE, 'east');
  expect(site.events()).toEqual([]);
  await site.run(T0 + 20 * MINUTE, 'east');
  await site.run(T0 + 25 * MINUTE, 'east');
  expect(site.events()).toEqual(['west collector.silent']);
  await site.run(T0 + 30 * MINUTE, 'west');
  await site.run(T0 + 35 * MINUTE, 'east');
  expect(site.events()).toEqual(['west collector.silent', 'west collector.back']);
  expect(api.received[0]?.json).toMatchObject({
    title: 'Lab: collector Lab collector is silent',
    action: 'trigger',
    key: 'vigil/collector/west/2026-12-01T08:00:00.000Z',
  });
  expect(api.received[1]?.json).toMatchObject({
    action: 'resolve',
    key: 'vigil/collector/west/2026-12-01T08:00:00.000Z',
  });
});
