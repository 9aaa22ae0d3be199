// A check seen from three places alerts, tells webhooks and drafts incidents on its JUDGED status:
// three real collect runs (one per place, each with its own environment, as three machines have)
// into one data folder (what in-place publish leaves after its rebase), against a loopback receiver.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { readPlaceStates } from '../../../../collectors/notify/place-gate.ts';
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
  dir = await mkdtemp(join(tmpdir(), 'vigil-place-alerts-'));
  // db (a single-place check beside web) is up unless a test says otherwise.
  await writeFile(join(dir, 'db-is-up'), '');
});
afterAll(() => api.close());

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T08:00:00Z');
const PLACES = ['eu', 'us', 'campus'] as const;
type Place = (typeof PLACES)[number];

/** Three places run `web` (up at a place while that place's flag file exists), quorum `quorum`. */
function setUp(options: { quorum?: string; extra?: string } = {}) {
  const dataDir = join(dir, 'data');
  const flag = (place: Place) => join(dir, `${place}-sees-web`);
  const logs: string[] = [];
  const text = `
site: { title: Lab, url: "https://status.example.org", interval: 5m }
collect: { failuresBeforeDown: 1 }
sources:
  - { id: eu, name: Europe }
  - { id: us, name: America }
  - { id: campus, name: Campus }
${options.extra ?? ''}
alerts:
  providers:
    - { id: hook, type: webhook, url: "\${API}/hook", retries: 0 }
checks:
  - { id: web, name: Website, type: command, command: [test, -e, "\${WEB_FLAG}"], retries: 0, sources: [eu, us, campus]${options.quorum ? `, quorum: ${options.quorum}` : ''} }
  - { id: db, name: Database, type: command, command: [test, -e, "\${DB_FLAG}"], retries: 0, source: eu }
`;
  // Each place's collector has its own environment: its own flag for the same check.
  const configs = new Map(
    PLACES.map((place) => [
      place,
      parseConfigText(text, 'status.config.yaml', {
        API: api.url,
        WEB_FLAG: flag(place),
        DB_FLAG: join(dir, 'db-is-up'),
      }),
    ]),
  );
  const run = async (place: Place, atMs: number) => {
    const loaded = configs.get(place);
    if (loaded === undefined) throw new Error(place);
    return collectOnce({
      config: loaded.config,
      secrets: loaded.secrets,
      interpolated: loaded.interpolated,
      dataDir,
      source: place,
      inProcess: true,
      now: () => new Date(atMs),
      log: (line) => logs.push(`${place}: ${line}`),
    });
  };
  const sees = async (place: Place, isUp: boolean) =>
    isUp ? writeFile(flag(place), '') : rm(flag(place), { force: true });
  const alerts = () =>
    api.received
      .filter((request) => request.path === '/hook')
      .map(
        (request) => request.json as { subject: { id: string }; event: string; text: string; key: string },
      );
  const events = () => alerts().map((alert) => `${alert.subject.id} ${alert.event}`);
  return { run, sees, logs, dataDir, alerts, events };
}

/** One round: every place in `who` runs at `atMs` (eu first, as a cron schedule would have it). */
async function round(site: ReturnType<typeof setUp>, atMs: number, who: readonly Place[] = PLACES) {
  for (const place of who) await site.run(place, atMs + PLACES.indexOf(place) * 1000);
}

it('one place down pages nobody; a second place agreeing pages once, from the announcer; recovery resolves once', async () => {
  const site = setUp({ quorum: '2' });
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0);
  await site.sees('campus', false);
  for (let index = 1; index <= 3; index++) await round(site, T0 + index * 5 * MINUTE);
  expect(site.events()).toEqual([]);
  // The places' own status stays as each saw it.
  const campus = JSON.parse(await readFile(join(site.dataDir, 'state', 'campus.json'), 'utf8'));
  expect(campus.checks.web.lastStatus).toBe('down');

  await site.sees('us', false);
  await round(site, T0 + 20 * MINUTE);
  await round(site, T0 + 25 * MINUTE);
  expect(site.events()).toEqual(['web down']);
  expect(site.alerts()[0]?.text).toContain('down from 2 of 3 places');
  // Sent by eu, the first place, which is current; the others only track the judged status.
  expect(site.logs.filter((line) => line.includes('vigil alert: hook: web down sent'))).toEqual([
    'eu: vigil alert: hook: web down sent (1 attempt)',
  ]);
  const usState = JSON.parse(await readFile(join(site.dataDir, 'state', 'us.alerts.json'), 'utf8'));
  expect(usState.checks.web).toMatchObject({ status: 'down' });
  expect(usState.open.hook?.web).toBeUndefined();

  await site.sees('us', true);
  await round(site, T0 + 30 * MINUTE);
  // eu runs first: it still reads us's down of the round before. Each place judges the others by
  // their newest runs, so a change another place sees reaches the announcer within one interval.
  expect(site.events()).toEqual(['web down']);
  await round(site, T0 + 35 * MINUTE);
  expect(site.events()).toEqual(['web down', 'web recovered']);
  expect(new Set(site.alerts().map((alert) => alert.key)).size).toBe(1);
});

it('with nothing shared from the other places, one place alone down is "no data": nothing pages', async () => {
  const site = setUp({ quorum: '1' });
  await site.sees('eu', false);
  for (let index = 0; index < 4; index++) await site.run('eu', T0 + index * 5 * MINUTE);
  expect(site.events()).toEqual(['web down']);
  // quorum 1: eu alone decides. quorum 2: eu alone can never page.
  const strict = setUp({ quorum: '2' });
  api.received = [];
  await rm(strict.dataDir, { recursive: true, force: true });
  for (let index = 0; index < 4; index++) await strict.run('eu', T0 + index * 5 * MINUTE);
  expect(strict.events()).toEqual([]);
  const state = JSON.parse(await readFile(join(strict.dataDir, 'state', 'eu.alerts.json'), 'utf8'));
  expect(state.checks.web.status).toBe('unknown');
});

it('a silent place stops voting, and the next current place announces instead', async () => {
  const site = setUp({ quorum: '2' });
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0);
  // eu falls silent (its collector stops); us and campus both see the target down.
  await site.sees('us', false);
  await site.sees('campus', false);
  await round(site, T0 + 5 * MINUTE, ['us', 'campus']);
  // eu's last result (up, 5 min old) is still current: 2 down of 3, and eu has not run since.
  expect(site.events()).toEqual([]);
  // staleAfter = 3 × 5 min: past it, eu is silent, us (the next place in `sources`) announces.
  for (let index = 2; index <= 5; index++) await round(site, T0 + index * 5 * MINUTE, ['us', 'campus']);
  expect(site.events()).toEqual(['web down']);
  expect(site.logs.filter((line) => line.includes('web down sent'))).toEqual([
    'us: vigil alert: hook: web down sent (1 attempt)',
  ]);
  // campus back up: us down alone of two current places, quorum 2: up again.
  await site.sees('campus', true);
  await round(site, T0 + 30 * MINUTE, ['us', 'campus']);
  await round(site, T0 + 35 * MINUTE, ['us', 'campus']);
  expect(site.events()).toEqual(['web down', 'web recovered']);
});

it('a single-place check beside it alerts exactly as before', async () => {
  const site = setUp({ quorum: '2' });
  for (const place of PLACES) await site.sees(place, true);
  await rm(join(dir, 'db-is-up'), { force: true });
  await round(site, T0);
  expect(site.events()).toEqual(['db down']);
  expect(site.alerts()[0]?.text).not.toContain('places');
});

it('status-change webhooks and incident drafts follow the judged status, from the announcer only', async () => {
  const site = setUp({
    quorum: '2',
    extra: `publish:\n  webhooks:\n    - { url: "\${API}/changes" }\nincidents: { autoDraft: { afterFailures: 2 } }`,
  });
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0);
  await site.sees('campus', false);
  await round(site, T0 + 5 * MINUTE);
  await round(site, T0 + 10 * MINUTE);
  const changes = () =>
    api.received
      .filter((request) => request.path === '/changes')
      .map((request) => JSON.stringify(request.json));
  // One place down: no change of the judged status, no webhook, no draft.
  expect(changes().filter((body) => body.includes('"web"'))).toEqual([]);
  expect(await listIncidents(site.dataDir)).toEqual([]);
  await site.sees('us', false);
  // eu hears of us's down one round late, then it holds for the two runs afterFailures asks.
  for (const minutes of [15, 20, 25]) await round(site, T0 + minutes * MINUTE);
  const webChanges = changes().filter((body) => body.includes('"web"'));
  expect(webChanges).toHaveLength(1);
  expect(webChanges[0]).toContain('down from 2 of 3 places');
  const drafts = await listIncidents(site.dataDir);
  expect(drafts).toEqual(['2026-12-01-web-auto.md']);
  const draft = await readFile(join(site.dataDir, 'incidents', drafts[0] as string), 'utf8');
  expect(draft).toContain('draft: true');
  await site.sees('us', true);
  await round(site, T0 + 30 * MINUTE);
  await round(site, T0 + 35 * MINUTE);
  expect(changes().filter((body) => body.includes('"web"'))).toHaveLength(2);
  expect(await readFile(join(site.dataDir, 'incidents', drafts[0] as string), 'utf8')).toContain(
    'status: resolved',
  );
});

it('with publish.branch, the other places are read from the data branch worktree', async () => {
  const { execFileSync } = await import('node:child_process');
  const repo = join(dir, 'clone');
  await mkdir(join(repo, 'data'), { recursive: true });
  execFileSync('git', ['init', '--quiet', repo]);
  const shared = join(repo, '.git', 'vigil', 'worktrees', 'status%data', 'data', 'state');
  await mkdir(shared, { recursive: true });
  const state = (status: string, at: string) =>
    `${JSON.stringify({ v: 1, updatedAt: at, checks: { web: { consecutiveFailures: 1, lastStatus: status, lastRunAt: at } } })}\n`;
  await writeFile(join(shared, 'us.json'), state('down', '2026-12-01T08:00:00.000Z'));
  // An older copy in the collector's own data dir loses to the branch's.
  await mkdir(join(repo, 'data', 'state'), { recursive: true });
  await writeFile(join(repo, 'data', 'state', 'us.json'), state('up', '2026-12-01T07:00:00.000Z'));
  const states = await readPlaceStates(
    { publish: { branch: 'status/data' } as never },
    join(repo, 'data'),
    ['us', 'campus'],
    () => {},
  );
  expect(states.get('us')?.checks.web?.lastStatus).toBe('down');
  expect(states.has('campus')).toBe(false);
  const inPlace = await readPlaceStates({ publish: {} as never }, join(repo, 'data'), ['us'], () => {});
  expect(inPlace.get('us')?.checks.web?.lastStatus).toBe('up');
});

async function listIncidents(dataDir: string) {
  return (await readdir(join(dataDir, 'incidents')).catch(() => [] as string[])).filter((name) =>
    name.endsWith('.md'),
  );
}

it('a hand-over between announcers is one page and one resolve, and leaves nothing open anywhere', async () => {
  const site = setUp({ quorum: '2' });
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0);
  await site.sees('us', false);
  await site.sees('campus', false);
  // eu hears of the two downs one round late, and pages.
  await round(site, T0 + 5 * MINUTE);
  await round(site, T0 + 10 * MINUTE);
  expect(site.events()).toEqual(['web down']);
  // eu's collector stops; past staleAfter (15 min) us is the announcer: it adopts eu's open alert.
  for (let minutes = 15; minutes <= 40; minutes += 5)
    await round(site, T0 + minutes * MINUTE, ['us', 'campus']);
  expect(site.events()).toEqual(['web down']);
  const usOpen = async () =>
    JSON.parse(await readFile(join(site.dataDir, 'state', 'us.alerts.json'), 'utf8')).open.hook?.web;
  expect((await usOpen())?.key).toBe(site.alerts()[0]?.key);
  // eu comes back while the target is still down: us hands the alert back to it, silently.
  await round(site, T0 + 45 * MINUTE);
  await round(site, T0 + 50 * MINUTE);
  expect(site.events()).toEqual(['web down']);
  expect(await usOpen()).toBeUndefined();
  // The target recovers: one resolve, under the key of the one page.
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0 + 55 * MINUTE);
  await round(site, T0 + 60 * MINUTE);
  await round(site, T0 + 65 * MINUTE);
  expect(site.events()).toEqual(['web down', 'web recovered']);
  expect(new Set(site.alerts().map((alert) => alert.key)).size).toBe(1);
  for (const place of PLACES) {
    const state = JSON.parse(await readFile(join(site.dataDir, 'state', `${place}.alerts.json`), 'utf8'));
    expect(state.open.hook ?? {}).toEqual({});
  }
});

it('a collector whose place gate fails leaves the multi-place check out of alerts, webhooks and drafts', async () => {
  const site = setUp({
    quorum: '1',
    extra: `publish:\n  webhooks:\n    - { url: "\${API}/changes" }\nincidents: { autoDraft: { afterFailures: 1 } }`,
  });
  await site.sees('eu', false);
  await rm(join(dir, 'db-is-up'), { force: true });
  // us's state file cannot be read (a folder where the file should be): the gate throws.
  await mkdir(join(site.dataDir, 'state', 'us.json'), { recursive: true });
  for (let index = 0; index < 3; index++) await site.run('eu', T0 + index * 5 * MINUTE);
  expect(site.logs.some((line) => line.includes('left out of this run'))).toBe(true);
  // The single-place check beside it still alerts, posts and drafts; web (down at eu, quorum 1) does not.
  expect(site.events()).toEqual(['db down']);
  const changes = api.received
    .filter((request) => request.path === '/changes')
    .map((r) => JSON.stringify(r.json));
  expect(changes.some((body) => body.includes('"db"'))).toBe(true);
  expect(changes.some((body) => body.includes('"web"'))).toBe(false);
  expect(await listIncidents(site.dataDir)).toEqual(['2026-12-01-db-auto.md']);
});

it('incident drafts of a multi-place check are written by its first place only, even after a hand-over', async () => {
  const site = setUp({ quorum: '2', extra: 'incidents: { autoDraft: { afterFailures: 1 } }' });
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0);
  await site.sees('us', false);
  await site.sees('campus', false);
  await round(site, T0 + 5 * MINUTE);
  await round(site, T0 + 10 * MINUTE);
  const drafts = await listIncidents(site.dataDir);
  expect(drafts).toEqual(['2026-12-01-web-auto.md']);
  const before = await readFile(join(site.dataDir, 'incidents', drafts[0] as string), 'utf8');
  // eu stops; us announces (and alerts) but never writes the file eu's collector owns.
  for (let minutes = 15; minutes <= 40; minutes += 5)
    await round(site, T0 + minutes * MINUTE, ['us', 'campus']);
  for (const place of ['us', 'campus'] as const) await site.sees(place, true);
  await round(site, T0 + 45 * MINUTE, ['us', 'campus']);
  await round(site, T0 + 50 * MINUTE, ['us', 'campus']);
  expect(await listIncidents(site.dataDir)).toEqual(drafts);
  expect(await readFile(join(site.dataDir, 'incidents', drafts[0] as string), 'utf8')).toBe(before);
  // eu back: it resolves its own draft.
  await site.sees('eu', true);
  await round(site, T0 + 55 * MINUTE);
  expect(await readFile(join(site.dataDir, 'incidents', drafts[0] as string), 'utf8')).toContain(
    'status: resolved',
  );
});

it('a place back only after the adopting announcer resolved its alert does not resolve it again', async () => {
  const site = setUp({ quorum: '2' });
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0);
  await site.sees('us', false);
  await site.sees('campus', false);
  await round(site, T0 + 5 * MINUTE);
  await round(site, T0 + 10 * MINUTE);
  expect(site.events()).toEqual(['web down']);
  // eu stops; us adopts eu's alert past staleAfter, and resolves it when the target is back.
  for (let minutes = 15; minutes <= 35; minutes += 5)
    await round(site, T0 + minutes * MINUTE, ['us', 'campus']);
  for (const place of PLACES) await site.sees(place, true);
  await round(site, T0 + 40 * MINUTE, ['us', 'campus']);
  await round(site, T0 + 45 * MINUTE, ['us', 'campus']);
  expect(site.events()).toEqual(['web down', 'web recovered']);
  // eu is back: it still held the alert open, and drops it (us resolved that key).
  await round(site, T0 + 50 * MINUTE);
  await round(site, T0 + 55 * MINUTE);
  expect(site.events()).toEqual(['web down', 'web recovered']);
  expect(new Set(site.alerts().map((alert) => alert.key)).size).toBe(1);
  for (const place of PLACES) {
    const state = JSON.parse(await readFile(join(site.dataDir, 'state', `${place}.alerts.json`), 'utf8'));
    expect(state.open.hook ?? {}).toEqual({});
  }
});
