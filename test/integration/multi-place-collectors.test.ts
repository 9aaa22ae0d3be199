// Issue 19 end to end: one component seen from three places. Three REAL collector processes
// (`vigil collect --publish`), each with its own clone of one bare remote and its own network view (a
// loopback target port per place through `${TARGET_PORT}`: campus's port refuses), push to one
// remote; a build from a fresh clone sees all three, and Chromium reads the judged status on the front
// page and the component page under `quorum: 2`.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { findClosedPort, type LoopbackServer, listenOnLoopback } from '../helpers/loopback-server.ts';
import { runVigil } from '../helpers/run-vigil.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

// Git must not read the user's ~/.gitconfig or /etc/gitconfig: identities are set per clone.
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
const PLACES = ['eu', 'us', 'campus'] as const;
type Place = (typeof PLACES)[number];
/**
 * The check's staleAfter: a place whose newest run is older stops voting. Well above a round of three
 * `collect --publish` (push retries included) on a loaded machine, so two agreeing places never look
 * silent; the silent round is reached by the build's clock, not by waiting it out.
 */
const STALE_AFTER_MS = 120_000;
const ARTIFACTS_DIR = path.resolve('test-artifacts');

const CONFIG = `site: { title: Three places, interval: 5m }
collect: { failuresBeforeDown: 1 }
sources:
  - { id: eu, name: Europe }
  - { id: us, name: America }
  - { id: campus, name: Campus }
alerts:
  providers:
    # Every collector has the provider: only the announcer of a multi-place check sends.
    - { id: hook, type: webhook, url: "\${HOOK_URL:-http://127.0.0.1:9/}", retries: 0 }
checks:
  # Each place's collector has its own TARGET_PORT: the same check, seen through three networks.
  - id: web
    name: Website
    type: http
    url: "http://127.0.0.1:\${TARGET_PORT:-9}/health"
    timeout: 2s
    retries: 0
    staleAfter: ${STALE_AFTER_MS / 1000}s
    sources: [eu, us, campus]
    quorum: 2
`;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function setIdentity(clone: string, who: string) {
  git(clone, 'config', 'user.name', `Collector ${who}`);
  git(clone, 'config', 'user.email', `${who}@vigil.test`);
}

/** A status as read: its icon on a line of its own, then its word. */
function readWord(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/** What the remote held after a round, and the instant a build then would have judged it at. */
interface Moment {
  commit: string;
  /** The newest stored result's start (results are stamped when their run starts). */
  atMs: number;
  /** Each place's newest stored run of web, ms. */
  newestMs: Partial<Record<Place, number>>;
}

describe('three collectors, one component judged by quorum', () => {
  let dir: string;
  let bare: string;
  const clones = new Map<Place, string>();
  const ports = new Map<Place, number>();
  const targets: LoopbackServer[] = [];
  let usAnswers = 200;
  /** The alerts the collectors sent, each with the round it came in. */
  const alerts: { round: string; event: string; subject: string; text: string }[] = [];
  let roundName = '';
  const logs: string[] = [];
  const moments: Moment[] = [];
  let hookUrl = '';
  let browser: Browser;

  /** One round: the given places collect and publish at once, as their cron jobs would. */
  async function round(name: string, who: readonly Place[]): Promise<Moment> {
    roundName = name;
    const runs = await Promise.all(
      who.map((place) =>
        runVigil(['collect', '--publish', '--source', place], {
          cwd: clones.get(place) as string,
          env: { ...GIT_ENV, TARGET_PORT: String(ports.get(place)), HOOK_URL: hookUrl },
        }),
      ),
    );
    for (const [index, run] of runs.entries()) {
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      logs.push(...`${run.stdout}${run.stderr}`.split('\n').map((line) => `${name} ${who[index]}: ${line}`));
    }
    const commit = git(bare, 'rev-parse', 'main').trim();
    const newestMs: Partial<Record<Place, number>> = {};
    for (const place of PLACES) {
      const state = JSON.parse(git(bare, 'show', `${commit}:data/state/${place}.json`)) as {
        checks: { web?: { lastRunAt?: string } };
      };
      const ranMs = Date.parse(state.checks.web?.lastRunAt ?? '');
      if (Number.isFinite(ranMs)) newestMs[place] = ranMs;
    }
    return { commit, atMs: Math.max(...Object.values(newestMs)), newestMs };
  }

  /** A build from a fresh clone of the remote as it was at `moment`, by that moment's clock, served. */
  async function buildAt(moment: Moment, name: string): Promise<StaticServer> {
    const clone = path.join(dir, `build-${name}`);
    // Through git's transport, as a CI job's checkout is (not a local clone's hard links).
    git(dir, 'clone', '--quiet', '--no-local', bare, clone);
    git(clone, 'checkout', '--quiet', moment.commit);
    const outDir = path.join(dir, `dist-${name}`);
    await buildSite({
      configPath: path.join(clone, 'status.config.yaml'),
      dataDir: path.join(clone, 'data'),
      outDir,
      buildTimeMs: moment.atMs,
    });
    return serveStatic(outDir);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-places-'));
    // eu's and us's targets answer; campus's port refuses (its network cannot reach the service).
    for (const place of ['eu', 'us'] as const) {
      const target = await listenOnLoopback(
        createServer((_request, response) => {
          response.statusCode = place === 'us' ? usAnswers : 200;
          response.end('ok');
        }),
      );
      targets.push(target);
      ports.set(place, target.port);
    }
    ports.set('campus', await findClosedPort());
    const hook = await listenOnLoopback(
      createServer(async (request, response) => {
        let text = '';
        for await (const chunk of request) text += chunk;
        const alert = JSON.parse(text) as { event: string; subject: { id: string }; text: string };
        alerts.push({ round: roundName, event: alert.event, subject: alert.subject.id, text: alert.text });
        response.statusCode = 204;
        response.end();
      }),
    );
    targets.push(hook);
    hookUrl = `http://127.0.0.1:${hook.port}/hook`;

    bare = path.join(dir, 'status.git');
    git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
    const seed = path.join(dir, 'seed');
    git(dir, 'clone', '--quiet', bare, seed);
    setIdentity(seed, 'seed');
    await writeFile(path.join(seed, 'status.config.yaml'), CONFIG);
    git(seed, 'add', '.');
    git(seed, 'commit', '--quiet', '-m', 'config');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
    for (const place of PLACES) {
      const clone = path.join(dir, `collector-${place}`);
      git(dir, 'clone', '--quiet', bare, clone);
      setIdentity(clone, place);
      clones.set(place, clone);
    }

    // 1. campus alone sees the service down (twice: every place has the others' first results).
    await round('1a', PLACES);
    moments.push(await round('1b', PLACES));
    // 2. us agrees: two of three places say down. Each collector judges the others by what it has
    // pulled, so eu (the announcer) hears of us's down from the round after us pushed it.
    usAnswers = 503;
    await round('2a', PLACES);
    await round('2b', PLACES);
    moments.push(await round('2c', PLACES));
    // 3. us falls silent (its collector stops) with its last "down"; eu and campus go on. The build
    // judges just past us's newest run + staleAfter, while eu's and campus's (a few seconds younger:
    // the round starts at least 3 s after us's last run) are still current.
    const usLastMs = (moments[1] as Moment).newestMs.us as number;
    const gapMs = usLastMs + 3_000 - Date.now();
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const third = await round('3', ['eu', 'campus']);
    expect(third.newestMs.us).toBe(usLastMs);
    moments.push({ ...third, atMs: usLastMs + STALE_AFTER_MS + 1_000 });
    for (const place of ['eu', 'campus'] as const)
      expect((moments[2] as Moment).atMs - (third.newestMs[place] as number)).toBeLessThan(STALE_AFTER_MS);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    for (const target of targets) await target.close();
    if (dir && process.env.VIGIL_KEEP_TEST_DIR === undefined) await rm(dir, { recursive: true, force: true });
    else if (dir) console.log(`kept ${dir}`);
  });

  it('one place down paged nobody; two agreeing paged once, from the announcer (eu), with the judged words', () => {
    const sentBefore2 = alerts.filter((alert) => alert.round.startsWith('1'));
    expect(sentBefore2).toEqual([]);
    expect(alerts.map((alert) => `${alert.subject} ${alert.event}`)).toEqual(['web down']);
    expect(alerts[0]?.text).toMatch(/^down from 2 of 3 places \(eu: /);
    const sent = logs.filter((line) => line.includes('vigil alert: hook: web down sent'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^2[bc] eu: /);
  });

  it('every place pushed its own files to the one remote', () => {
    const files = git(bare, 'ls-tree', '-r', '--name-only', 'main', 'data/').split('\n');
    for (const place of PLACES) {
      expect(files.some((file) => file.startsWith(`data/snapshots/${place}/`))).toBe(true);
      expect(files).toContain(`data/state/${place}.json`);
    }
    const campus = JSON.parse(git(bare, 'show', 'main:data/state/campus.json'));
    expect(campus.checks.web.lastStatus).toBe('down');
  });

  /** The front page row and the component page of `web` as a reader sees them at the build's clock. */
  async function read(server: StaticServer, moment: Moment, name: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Held at the moment, not started from it: eu's and campus's newest runs are only a few seconds
    // inside staleAfter there, and a loaded machine can take longer than that to read both pages.
    await context.clock.setFixedTime(moment.atMs);
    const front = await openPage(context, `${server.origin}/`);
    const row = front.page.locator('[data-component="web"]');
    const seen = {
      status: readWord(await row.locator('.status').first().innerText()),
      note: (await row.locator('[data-places-of="web"]').innerText()).trim(),
      isNoteVisible: await row.locator('[data-places-of="web"]').isVisible(),
      uptime24h: (await row.locator('[data-window="24h"]').innerText()).trim(),
      bar: (await row.locator('.daily-bar').getAttribute('aria-label')) ?? '',
      pageStatus: '',
      pageNote: '',
      places: {} as Record<string, string>,
      /** The Statuspage API's status of the component, and the Vigil API's places. */
      statuspage: await readStatuspageStatus(server),
      apiPlaces: await readApiPlaces(server),
    };
    await front.page.screenshot({ path: path.join(ARTIFACTS_DIR, `multi-place-${name}-front.png`) });
    const detail = await openPage(context, `${server.origin}/components/web/`);
    const header = detail.page.locator('.component-header');
    seen.pageStatus = readWord(await header.locator('.status').first().innerText());
    seen.pageNote = (await header.locator('[data-places-of="web"]').innerText()).trim();
    for (const place of PLACES) {
      const placeRow = detail.page.locator(`[data-place-of="web"][data-place-source="${place}"]`);
      seen.places[place] = (await placeRow.innerText()).replace(/\s+/g, ' ').trim();
    }
    await detail.page.screenshot({
      path: path.join(ARTIFACTS_DIR, `multi-place-${name}-component.png`),
      fullPage: true,
    });
    expect([...front.problems, ...detail.problems]).toEqual([]);
    await context.close();
    return seen;
  }

  async function readStatuspageStatus(server: StaticServer): Promise<string | undefined> {
    const body = (await (await fetch(`${server.origin}/api/v2/components.json`)).json()) as {
      components: { name: string; status: string }[];
    };
    return body.components.find((component) => component.name === 'Website')?.status;
  }

  async function readApiPlaces(server: StaticServer): Promise<string[]> {
    const body = (await (await fetch(`${server.origin}/api/vigil/components/web.json`)).json()) as {
      places?: { source: string; status: string; isStale: boolean }[];
    };
    return (body.places ?? []).map(
      (place) => `${place.source} ${place.status}${place.isStale ? ' stale' : ''}`,
    );
  }

  it('one place of three down under quorum 2: "Operational", "down from 1 of 3 places"; uptime and bar stay whole', async () => {
    const server = await buildAt(moments[0] as Moment, 'one-down');
    try {
      const seen = await read(server, moments[0] as Moment, 'one-down');
      expect(seen.status).toBe('Operational');
      expect(seen.isNoteVisible).toBe(true);
      expect(seen.note).toBe('down from 1 of 3 places');
      expect(seen.pageStatus).toBe('Operational');
      expect(seen.pageNote).toBe('down from 1 of 3 places');
      // The judged status counts, not campus's own: no downtime at all.
      expect(seen.uptime24h).toBe('100%');
      expect(seen.bar).toContain('none with downtime');
      // The raw per-place results stay visible.
      expect(seen.places.campus).toMatch(/^Campus\b.*\bDown\b/i);
      expect(seen.places.eu).toMatch(/^Europe\b.*\b(Up|Operational)\b/i);
      expect(seen.statuspage).toBe('operational');
      expect(seen.apiPlaces).toEqual(['eu up', 'us up', 'campus down']);
    } finally {
      await server.close();
    }
  }, 240_000);

  it('a second place agrees: "Major outage", and the uptime and bar count the judged downtime', async () => {
    const server = await buildAt(moments[1] as Moment, 'two-down');
    try {
      const seen = await read(server, moments[1] as Moment, 'two-down');
      expect(seen.status).toBe('Major outage');
      expect(seen.note).toBe('down from 2 of 3 places');
      expect(seen.pageStatus).toBe('Major outage');
      expect(seen.pageNote).toBe('down from 2 of 3 places');
      expect(seen.uptime24h).not.toBe('100%');
      expect(seen.uptime24h).toMatch(/%$/);
      expect(seen.bar).not.toContain('none with downtime');
      expect(seen.places.us).toMatch(/^America\b.*\bDown\b/i);
      expect(seen.statuspage).toBe('major_outage');
      expect(seen.apiPlaces).toEqual(['eu up', 'us down', 'campus down']);
    } finally {
      await server.close();
    }
  }, 240_000);

  it('a silent place stops voting: us\'s last "down" is stale, so one down of two current places is "Operational"', async () => {
    const server = await buildAt(moments[2] as Moment, 'silent');
    try {
      const seen = await read(server, moments[2] as Moment, 'silent');
      expect(seen.status).toBe('Operational');
      expect(seen.note).toBe('down from 1 of 3 places, no data from 1 of 3 places');
      expect(seen.pageStatus).toBe('Operational');
      expect(seen.pageNote).toBe('down from 1 of 3 places, no data from 1 of 3 places');
      expect(seen.places.us).toMatch(/^America\b.*\bNo data\b/i);
      expect(seen.statuspage).toBe('operational');
      expect(seen.apiPlaces[1]).toMatch(/^us \w+ stale$/);
    } finally {
      await server.close();
    }
  }, 240_000);
});
