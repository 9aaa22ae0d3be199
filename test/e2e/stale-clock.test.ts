import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseSinfo } from '../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../collectors/probes/slurm/parse-squeue.ts';
import type { ClusterSummary } from '../../core/results/cluster-summary.ts';
import type { StatuspageSummary } from '../../src/data/statuspage-types.ts';
import type { VigilPastIncident } from '../../src/data/vigil-summary-extension.ts';
import { formatUptime } from '../../src/lib/format.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { readEndDay, resolveColour } from '../helpers/daily-bar.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

// A site whose collector dies after the build must turn grey by the reader's clock on every page type,
// say for how long there has been no data, and agree with a site built when the data was already
// stale; fresh data read by live refresh turns it back. 14 days of runs every 5 minutes.

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const STALE_AFTER_MS = 3 * INTERVAL_MS;
/** 3 h 12 min 30 s: the age the tests read as "3 h 12 min". */
const STALE_AGE_MS = (3 * 60 + 12) * MINUTE_MS + 30_000;
const INCIDENT_SLUG = 'slow-logins';
const COLLECTED_IDS = ['web', 'api', 'db', 'atlas', 'host'];
/**
 * The instant the sites are built, yesterday at 12:00 UTC: the stale site's last run and the moment it
 * is opened fall on the same UTC day whenever the suite runs (a run just after midnight once saw
 * today's bar cell empty). The midnight tests cross midnight on purpose, from this same clock.
 */
const BUILT_AT_MS = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS / 2;

const CONFIG = `site:
  title: Clock Lab status
  interval: 5m
  refreshSeconds: 60
groups:
  - { id: core, name: Core services }
  - { id: infra, name: Infrastructure }
  - { id: atlas-cluster, name: Atlas }
  - { id: retired, name: Retired services }
sources:
  - { id: main, name: Main collector }
checks:
  - { id: web, name: Website, type: http, group: core, url: "https://www.example.org/" }
  - { id: api, name: API, type: http, group: core, url: "https://api.example.org/" }
  - { id: old-web, name: Old website, type: http, group: core, url: "https://old.example.org/", enabled: false }
  - { id: db, name: Database, type: tcp, group: infra, host: db.example.org, port: 5432 }
  - { id: atlas, name: Atlas scheduler, type: slurm, group: atlas-cluster }
  - { id: host, name: Collector host, type: host, group: infra }
  - { id: ssh, name: SSH, type: tcp, group: retired, host: 127.0.0.1, port: 22, enabled: false }
  - { id: ftp, name: FTP, type: tcp, group: retired, host: 127.0.0.1, port: 21, enabled: false }
`;

interface BuiltSite {
  server: StaticServer;
  outDir: string;
  /** The newest run's time, epoch ms. */
  lastRunMs: number;
}

/** squeue lines in the probe's format for the partitions of sinfo-documented-edge-cases.txt. */
const SQUEUE = [
  '100|cpu|RUNNING|alice|None|128|N/A',
  '101_[0-9%2]|cpu|PENDING|alice|Resources|1|N/A',
  '103|gpu|RUNNING|carol|None|16|gres:gpu:a100:3',
].join('\n');

/** What the slurm probe makes of real sinfo output: the atlas scheduler's aggregates. */
async function summariseAtlas(): Promise<ClusterSummary> {
  const sinfo = await readFile(
    new URL('../fixtures/slurm/sinfo-documented-edge-cases.txt', import.meta.url),
    'utf8',
  );
  return aggregateSlurm({
    cluster: 'atlas',
    nodes: parseSinfo(sinfo),
    jobs: parseSqueue(SQUEUE),
    reservations: [],
    maxProblemNodes: 50,
  });
}

let tempDir: string;
let browser: Browser;
let atlasSummary: ClusterSummary;
let fresh: BuiltSite;
let stale: BuiltSite;
let collectedOnce: BuiltSite;

/** Builds the site with 14 days of runs every 5 minutes, the newest `ageMs` before now. */
async function buildClockSite(name: string, ageMs: number): Promise<BuiltSite> {
  const dir = path.join(tempDir, name);
  const dataDir = path.join(dir, 'data');
  const outDir = path.join(dir, 'dist');
  const configPath = path.join(dir, 'status.config.yaml');
  await mkdir(dataDir, { recursive: true });
  await writeFile(configPath, CONFIG);
  const toMs = BUILT_AT_MS - ageMs;
  const fromMs = Math.floor((toMs - 14 * DAY_MS) / INTERVAL_MS) * INTERVAL_MS;
  const lines = generateSnapshotLines({
    source: 'main',
    checkIds: COLLECTED_IDS,
    from: new Date(fromMs),
    to: new Date(toMs),
    intervalMs: INTERVAL_MS,
  });
  // The scheduler's runs of the last day carry its aggregates, as the slurm probe stores them (older
  // runs keep only their status, which keeps the fixture small; the overview reads the newest).
  for (const line of lines) {
    if (Date.parse(line.t) < toMs - DAY_MS) continue;
    line.results = line.results.map((result) =>
      result.id === 'atlas'
        ? { ...result, metrics: flattenClusterMetrics(atlasSummary), detail: { ...atlasSummary } }
        : result,
    );
  }
  await writeSnapshotFixtures(dataDir, lines);
  const lastRunMs = Date.parse(lines.at(-1)?.t ?? '');
  // An open incident that names no component, so it changes no status: live refresh updates its card.
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
  await writeFile(
    path.join(dataDir, 'incidents', `${INCIDENT_SLUG}.md`),
    [
      '---',
      'title: Slow logins',
      'impact: minor',
      'status: identified',
      `start: ${new Date(lastRunMs - 60 * MINUTE_MS).toISOString()}`,
      'updates:',
      `  - { at: "${new Date(lastRunMs - 30 * MINUTE_MS).toISOString()}", status: identified, text: "The directory server is overloaded." }`,
      '---',
      'Logins take a minute.',
      '',
    ].join('\n'),
  );
  await buildSite({ configPath, dataDir, outDir, buildTimeMs: BUILT_AT_MS });
  return { server: await serveStatic(outDir), outDir, lastRunMs };
}

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-stale-clock-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  atlasSummary = await summariseAtlas();
  fresh = await buildClockSite('fresh', 0);
  stale = await buildClockSite('stale', STALE_AGE_MS);
  // As `vigil start` builds it: collected once, then served with nothing collecting again.
  process.env.VIGIL_COLLECTS_ONCE = '1';
  try {
    collectedOnce = await buildClockSite('collected-once', 0);
  } finally {
    delete process.env.VIGIL_COLLECTS_ONCE;
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await fresh?.server.close();
  await stale?.server.close();
  await collectedOnce?.server.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** A page whose clock starts at `timeMs`; console errors and failed requests are collected. */
async function openAt(
  context: BrowserContext,
  site: BuiltSite,
  pathname: string,
  timeMs: number,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.clock.install({ time: timeMs });
  await page.goto(`${site.server.origin}${pathname}`, { waitUntil: 'load' });
  return { page, problems };
}

/** Every status this page shows for data, with the words it says. */
async function readStatuses(page: Page) {
  return page.evaluate(() => ({
    banner: document.querySelector('.banner [data-banner-label]')?.textContent ?? null,
    statuses: [...document.querySelectorAll<HTMLElement>('.status[data-freshness-of]')].map((element) => ({
      of: element.dataset.freshnessOf ?? '',
      status: element.dataset.status ?? '',
      label: element.querySelector('.status-label')?.textContent ?? '',
    })),
    title: document.title,
    favicon: document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.dataset.status ?? null,
    faviconHref: document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '',
  }));
}

/** The layout shift so far (buffered entries; a fake clock does not stall MessageChannel tasks). */
async function measureLayoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[])
            total += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
        const channel = new MessageChannel();
        let hops = 0;
        channel.port1.onmessage = () => {
          hops += 1;
          if (hops < 3) channel.port2.postMessage(null);
          else resolve(total);
        };
        channel.port2.postMessage(null);
      }),
  );
}

const PAGES = ['/', '/components/web/', '/clusters/atlas/', '/clusters/', '/hosts/main/'];
const NO_DATA_FOR = 'No data for 3 h 12 min';

describe('a page whose collector died after the build', () => {
  it.each(PAGES)(
    '%s turns every status it can no longer support to "No data for <age>" by the clock',
    async (pathname) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const { page, problems } = await openAt(context, fresh, pathname, fresh.lastRunMs + MINUTE_MS);
        const before = await readStatuses(page);
        const collected = before.statuses.filter((s) => !['ssh', 'ftp', 'old-web', 'ssh ftp'].includes(s.of));
        expect(collected.length).toBeGreaterThan(0);
        for (const shown of collected) expect(shown, pathname).toMatchObject({ label: 'Operational' });
        if (before.banner !== null) expect(before.banner).toBe('Operational');
        expect(before.title).not.toMatch(/No data/);
        expect(before.favicon).toBe('operational');

        // Just past the stale point: within one judgement, not at the next minute's tick.
        await page.clock.fastForward(STALE_AFTER_MS);
        await expect.poll(async () => (await readStatuses(page)).favicon).toBe('no_data');
        const justStale = await readStatuses(page);
        expect(justStale.title).toMatch(/^No data for 16 min · /);

        await page.clock.fastForward(STALE_AGE_MS - STALE_AFTER_MS - MINUTE_MS);
        await expect.poll(async () => (await readStatuses(page)).title).toMatch(/^No data for 3 h 12 min · /);
        const after = await readStatuses(page);
        for (const shown of after.statuses.filter((s) => collected.some((c) => c.of === s.of))) {
          expect(shown, `${pathname} ${shown.of}`).toMatchObject({ status: 'no_data', label: NO_DATA_FOR });
        }
        if (after.banner !== null) expect(after.banner).toBe(NO_DATA_FOR);
        expect(decodeURIComponent(after.faviconHref)).toContain('<title>No data for 3 h 12 min</title>');

        // Built already stale and opened at the same age, the page says exactly the same.
        const built = await openAt(context, stale, pathname, stale.lastRunMs + STALE_AGE_MS);
        expect(await readStatuses(built.page)).toEqual({ ...after, faviconHref: expect.any(String) });
        // Judged before the first paint: nothing moves when the statuses turn grey on load.
        expect(await measureLayoutShift(built.page)).toBeLessThanOrEqual(0.02);
        const openedLate = await openAt(context, fresh, pathname, fresh.lastRunMs + STALE_AGE_MS);
        expect((await readStatuses(openedLate.page)).title).toBe(after.title);
        expect(await measureLayoutShift(openedLate.page)).toBeLessThanOrEqual(0.02);
        expect([...problems, ...built.problems]).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('says its real age in the stale warning of the front page, component and collector pages, and the list of collectors', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      for (const pathname of ['/', '/components/web/', '/hosts/main/']) {
        const { page } = await openAt(context, fresh, pathname, fresh.lastRunMs + MINUTE_MS);
        const warning = page.locator('[data-stale-warning]');
        await expect(warning.isVisible()).resolves.toBe(false);
        await page.clock.fastForward(STALE_AGE_MS - MINUTE_MS);
        await expect.poll(() => warning.isVisible()).toBe(true);
        await expect(warning.textContent()).resolves.toContain('3 h 12 min');
        await expect(warning.textContent()).resolves.not.toContain('more than');
        await page.close();
      }
      // The list of collectors: "Reporting" until the clock passes the stale point.
      const { page } = await openAt(context, fresh, '/hosts/', fresh.lastRunMs + MINUTE_MS);
      const row = page.locator('tbody tr', { hasText: 'Main collector' });
      await expect(row.locator('[data-fresh-note]').isVisible()).resolves.toBe(true);
      await expect(row.locator('[data-stale-warning]').isVisible()).resolves.toBe(false);
      await page.clock.fastForward(STALE_AGE_MS - MINUTE_MS);
      await expect
        .poll(async () => (await row.locator('[data-stale-warning]').textContent())?.trim())
        .toBe('Not reporting for 3 h 12 min');
      await expect(row.locator('[data-stale-warning]').isVisible()).resolves.toBe(true);
      await expect(row.locator('[data-fresh-note]').isVisible()).resolves.toBe(false);
    } finally {
      await context.close();
    }
  });

  it('lists disabled checks that never ran as "Disabled", without colouring their group', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page } = await openAt(context, fresh, '/', fresh.lastRunMs + MINUTE_MS);
      const label = (selector: string) => page.locator(`${selector} .status-label`).first().textContent();
      await expect(label('[data-component="ssh"] .component-head')).resolves.toBe('Disabled');
      await expect(label('[data-component="old-web"] .component-head')).resolves.toBe('Disabled');
      await expect(label('[data-group="retired"] summary')).resolves.toBe('Disabled');
      await expect(label('[data-group="core"] summary')).resolves.toBe('Operational');
      await expect(page.locator('.banner [data-banner-label]').textContent()).resolves.toBe('Operational');
      // Even once everything else is stale, disabled stays disabled.
      await page.clock.fastForward(STALE_AGE_MS);
      await expect.poll(() => label('[data-group="core"] summary')).toMatch(/^No data for /);
      await expect(label('[data-group="retired"] summary')).resolves.toBe('Disabled');
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, 'stale-clock-front-1280.png'),
        fullPage: true,
      });
    } finally {
      await context.close();
    }
  });
});

/**
 * The stale site's summary.json as a later build would write it: a run at runAtMs, the website down
 * (3 h of the last 24, so 87.5 %), everything else up.
 */
async function readFreshSummary(runAtMs: number): Promise<StatuspageSummary> {
  const file = path.join(stale.outDir, 'api', 'v2', 'summary.json');
  const summary = JSON.parse(await readFile(file, 'utf8')) as StatuspageSummary;
  const runAt = new Date(runAtMs).toISOString();
  for (const [id, component] of Object.entries(summary.vigil.components)) {
    if (!COLLECTED_IDS.includes(id)) continue;
    component.updated_at = runAt;
    component.fresh_status = id === 'web' ? 'down' : 'up';
    component.uptime['24h'] = id === 'web' ? 0.875 : 1;
    component.uptime_durations_ms['24h'] = { down: id === 'web' ? 3 * 3_600_000 : 0, degraded: 0 };
  }
  const web = summary.vigil.components.web;
  if (web?.today) web.today = { ...web.today, status: 'major_outage', ratio: 0.875, down_ms: 3 * 3_600_000 };
  summary.vigil.newest_data_at = runAt;
  // The scheduler lost two more nodes and took more jobs; the CPUs are nearly all allocated.
  const atlas = summary.vigil.clusters?.atlas;
  if (atlas) {
    atlas.collected_at = runAt;
    atlas.nodes = { ...atlas.nodes, usable: atlas.nodes.usable - 2, down: atlas.nodes.down + 2 };
    atlas.jobs = { running: 7, pending: 20 };
    // Two idle nodes went down: the node bar's segments say the same as the counts.
    const total = atlas.nodes.total;
    atlas.node_segments = atlas.node_segments
      .map((segment) =>
        segment.state === 'idle'
          ? { ...segment, count: segment.count - 2 }
          : segment.state === 'down'
            ? { ...segment, count: segment.count + 2 }
            : segment,
      )
      .filter((segment) => segment.count > 0)
      .map((segment) => ({ ...segment, percent: (segment.count / total) * 100 }));
    for (const gauge of atlas.gauges) gauge.percent = 97.5;
  }
  // The past days: the incident's newest update, and a new incident that began at this run.
  const past = summary.vigil.past_incidents ?? [];
  const pastSlowLogins = past.find((entry) => entry.id === INCIDENT_SLUG);
  if (pastSlowLogins) {
    Object.assign(pastSlowLogins, {
      badge: 'Monitoring',
      latest_status: 'monitoring',
      latest_at: runAt,
      summary: 'A second <directory> server takes half the load.',
    } satisfies Partial<VigilPastIncident>);
  }
  past.unshift({
    id: 'mail-delays',
    name: 'Mail delays',
    kind: 'incident',
    impact: 'minor',
    day: runAt.slice(0, 10),
    badge: 'Investigating',
    phase: 'active',
    latest_status: 'investigating',
    latest_at: runAt,
    summary: 'Mail is queued.',
  });
  summary.vigil.past_incidents = past;
  const [slowLogins] = summary.incidents;
  if (slowLogins) {
    slowLogins.status = 'monitoring';
    const [newest] = slowLogins.incident_updates;
    if (newest) {
      slowLogins.incident_updates.unshift({
        ...newest,
        id: `${INCIDENT_SLUG}-2`,
        status: 'monitoring',
        body: 'A second <directory> server takes half the load.',
        created_at: runAt,
      });
      summary.incidents.push({
        ...slowLogins,
        id: 'mail-delays',
        name: 'Mail delays',
        status: 'investigating',
        incident_updates: [
          { ...newest, status: 'investigating', body: 'Mail is queued.', created_at: runAt },
        ],
      });
    }
  }
  return summary;
}

describe('live refresh', () => {
  it('a read that fails says so on a phone without widening the page, and the next read still comes', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const openedMs = stale.lastRunMs + STALE_AGE_MS;
      const { page } = await openAt(context, stale, '/', openedMs);
      await page.route('**/api/v2/summary.json', (route) => route.abort('connectionrefused'));
      await page.clock.fastForward(60_000);
      const countdown = page.locator('[data-refresh-countdown]');
      // Polled for longer than the default 5 s: a CI machine running other suites is slow to repaint.
      await expect
        .poll(() => countdown.textContent(), { timeout: 20_000 })
        .toMatch(/^could not reach the status data \(.+\); next read in \d+ s$/);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1] as number);
      // Reachable again: the note goes, and the countdown is one line again.
      await page.unroute('**/api/v2/summary.json');
      await page.route('**/api/v2/summary.json', async (route) =>
        route.fulfill({ json: await readFreshSummary(openedMs + 90_000) }),
      );
      await page.clock.fastForward(60_000);
      await expect.poll(() => countdown.textContent(), { timeout: 20_000 }).toMatch(/^next read in \d+ s$/);
      await expect(countdown.getAttribute('data-refresh-failed')).resolves.toBeNull();
    } finally {
      await context.close();
    }
  });

  it('turns a stale page current when fresh data arrives, with uptime figures and today’s cell', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const openedMs = stale.lastRunMs + STALE_AGE_MS;
      const { page, problems } = await openAt(context, stale, '/', openedMs);
      await expect(page.locator('.banner [data-banner-label]').textContent()).resolves.toBe(NO_DATA_FOR);
      await expect(page.locator('[data-refresh-countdown]').textContent()).resolves.toBe('next read in 60 s');
      await expect(
        page.locator(`[data-incident-slug="${INCIDENT_SLUG}"] [data-latest-status]`).textContent(),
      ).resolves.toBe('Identified');
      await expect(page.locator('[data-live-refresh]').textContent()).resolves.toMatch(
        /Re-reads the data every 60 s; collected every 5 min/,
      );

      const summary = await readFreshSummary(openedMs + 30_000);
      await page.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
      await expect(
        page.locator(`[data-past-incident="${INCIDENT_SLUG}"] [data-phase-label]`).textContent(),
      ).resolves.toBe('Identified');

      await page.clock.fastForward(60_000);
      await expect
        .poll(() => page.locator('.banner [data-banner-label]').textContent())
        .toBe('Partial outage');
      const row = (id: string) => page.locator(`[data-component="${id}"]`);
      await expect(row('web').locator('.component-head .status-label').textContent()).resolves.toBe(
        'Major outage',
      );
      await expect(row('api').locator('.component-head .status-label').textContent()).resolves.toBe(
        'Operational',
      );
      await expect(row('web').locator('[data-window="24h"] .uptime').textContent()).resolves.toBe(
        formatUptime(0.875),
      );
      const webBar = row('web').locator('[data-daily-bar]');
      const webToday = await readEndDay(webBar);
      expect(webToday.colour).toBe(await resolveColour(webBar, '--status-down'));
      expect(webToday.text).toMatch(/ down$/);
      // A phone shows the newest 30 days.
      await expect(webBar.getAttribute('aria-valuemax')).resolves.toBe('30');
      await expect(page.locator('[data-group="core"] summary .status-label').textContent()).resolves.toBe(
        'Partial outage',
      );
      await expect(page.locator('[data-stale-warning]').isVisible()).resolves.toBe(false);
      await expect(page.title()).resolves.toBe('Clock Lab status');
      // The incident card follows the newest update; a new incident gets a card of its own.
      const card = page.locator(`[data-incident-slug="${INCIDENT_SLUG}"]`);
      await expect(card.locator('[data-latest-status]').textContent()).resolves.toBe('Monitoring');
      await expect(card.locator('[data-phase-label]').textContent()).resolves.toBe('Monitoring');
      await expect(card.locator('.incident-markdown').textContent()).resolves.toBe(
        'A second <directory> server takes half the load.',
      );
      const added = page.locator('[data-incident-slug="mail-delays"]');
      await expect(added.locator('a').getAttribute('href')).resolves.toBe('/incidents/mail-delays/');
      await expect(added.locator('[data-latest-status]').textContent()).resolves.toBe('Investigating');
      // The past days too: the incident's latest line follows, the new one is listed on its day.
      const pastDays = page.locator('[data-past-incidents]');
      await expect(
        pastDays.locator(`[data-past-incident="${INCIDENT_SLUG}"] [data-past-latest]`).textContent(),
      ).resolves.toMatch(/^Monitoring · .+ — A second <directory> server takes half the load\.$/);
      const runDay = new Date(openedMs + 30_000).toISOString().slice(0, 10);
      const newEntry = pastDays.locator(`[data-incident-day="${runDay}"] [data-past-incident="mail-delays"]`);
      await expect(newEntry.locator('a').getAttribute('href')).resolves.toBe('/incidents/mail-delays/');
      await expect(newEntry.locator('[data-phase-label]').textContent()).resolves.toBe('Investigating');
      await expect(newEntry.locator('[data-past-latest]').textContent()).resolves.toMatch(
        /^Investigating · .+ — Mail is queued\.$/,
      );
      await expect(pastDays.locator('[data-incident-day]').count()).resolves.toBe(7);
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, 'stale-clock-refreshed-375.png'),
        fullPage: true,
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(['/components/web/', '/clusters/atlas/', '/hosts/main/'])(
    '%s turns current again when fresh data arrives',
    async (pathname) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const openedMs = stale.lastRunMs + STALE_AGE_MS;
        const { page, problems } = await openAt(context, stale, pathname, openedMs);
        const before = await readStatuses(page);
        expect(before.statuses.some((shown) => shown.label === NO_DATA_FOR)).toBe(true);
        // The component and collector pages also say it in words; the cluster page says it in its statuses.
        const warnings = page.locator('[data-stale-warning]');
        const hasWarning = (await warnings.count()) > 0;
        if (hasWarning) await expect(warnings.first().isVisible()).resolves.toBe(true);

        const summary = await readFreshSummary(openedMs + 30_000);
        await page.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
        // A reader has today's tooltip open on the component page while the data arrives.
        const bar = page.locator('[data-daily-of="web"] [data-daily-bar]');
        const tip = page.locator('[data-daily-of="web"] .daily-tip');
        if (pathname === '/components/web/') {
          // The pointer on today, at the bar's right edge.
          const box = await bar.boundingBox();
          if (box === null) throw new Error('the bar is not laid out');
          await bar.hover({ position: { x: box.width - 2, y: box.height / 2 } });
          await expect(tip.isVisible()).resolves.toBe(true);
          await expect(tip.textContent()).resolves.toContain('no downtime');
        }
        await page.clock.fastForward(60_000);
        await expect.poll(async () => (await readStatuses(page)).favicon).not.toBe('no_data');
        const after = await readStatuses(page);
        expect(after.statuses.filter((shown) => shown.label.startsWith('No data'))).toEqual([]);
        expect(after.title).not.toMatch(/No data/);
        if (hasWarning) await expect.poll(() => warnings.first().isVisible()).toBe(false);
        if (pathname === '/components/web/') {
          const day = page.locator('[data-uptime-of="web"] [data-window="24h"]');
          await expect(day.locator('.uptime').textContent()).resolves.toBe(formatUptime(0.875));
          await expect(day.locator('[data-uptime-down]').textContent()).resolves.toBe('3 h');
          await expect(page.locator('.component-header .status-label').textContent()).resolves.toBe(
            'Major outage',
          );
          // The page's own 90-day bar: today follows, painted and in the words the build writes, and so
          // does the open tooltip.
          await expect(tip.textContent()).resolves.toMatch(/87\.50% up, 3 h down$/);
          const today = await readEndDay(bar);
          expect(today.text).toMatch(/^\d{1,2} \w{3} \d{4}: 87\.50% up, 3 h down$/);
          expect(today.colour).toBe(await resolveColour(bar, '--status-down'));
        }
        if (pathname === '/clusters/atlas/') {
          const overview = page.locator('[data-cluster-overview-of="atlas"]');
          await expect(overview.locator('[data-cluster-counts]').textContent()).resolves.toBe(
            '3 of 8 nodes usable, 3 down, 1 drained, 1 in maintenance · 7 jobs running, 20 pending',
          );
          await expect(
            overview.locator('[data-cluster-figures] time').getAttribute('datetime'),
          ).resolves.toBe(new Date(openedMs + 30_000).toISOString());
          await expect(overview.locator('.node-legend li').allTextContents()).resolves.toEqual([
            'mix 2',
            'alloc 1',
            'maint 1',
            'drain 1',
            'down 3',
          ]);
          await expect(overview.locator('.node-bar').getAttribute('aria-label')).resolves.toBe(
            'Nodes of Atlas scheduler by state: mix 2, alloc 1, maint 1, drain 1, down 3',
          );
          await expect(
            overview.locator('.node-bar .node-down').evaluate((segment: HTMLElement) => segment.style.width),
          ).resolves.toBe('37.5%');
          const gauges = overview.locator('[data-gauge]');
          expect(await gauges.count()).toBeGreaterThan(0);
          for (const gauge of await gauges.all()) {
            await expect(gauge.locator('[data-gauge-value]').textContent()).resolves.toBe('98 % (high)');
            await expect(
              gauge.locator('meter').evaluate((meter: HTMLMeterElement) => meter.value),
            ).resolves.toBe(97.5);
          }
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'stale-clock-cluster-refreshed-1280.png'),
          });
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

/** The first UTC midnight after `epochMs`. */
const nextUtcMidnightMs = (epochMs: number) => (Math.floor(epochMs / DAY_MS) + 1) * DAY_MS;

describe('live refresh across UTC midnight', () => {
  /** A run just after midnight: the website is up on the new day, the incident was resolved. */
  async function readNewDaySummary(runAtMs: number): Promise<StatuspageSummary> {
    const summary = await readFreshSummary(runAtMs);
    const runAt = new Date(runAtMs).toISOString();
    const web = summary.vigil.components.web;
    if (web) {
      web.fresh_status = 'up';
      web.today = {
        day: runAt.slice(0, 10),
        status: 'operational',
        ratio: 1,
        down_ms: 0,
        degraded_ms: 0,
        maintenance_ms: 0,
      };
    }
    summary.incidents = [];
    const past = (summary.vigil.past_incidents ?? []).filter((entry) => entry.id !== 'mail-delays');
    const slowLogins = past.find((entry) => entry.id === INCIDENT_SLUG);
    if (slowLogins) {
      Object.assign(slowLogins, {
        badge: 'Resolved',
        phase: 'resolved',
        latest_status: 'resolved',
        latest_at: runAt,
        summary: 'Logins are fast again.',
      } satisfies Partial<VigilPastIncident>);
    }
    summary.vigil.past_incidents = past;
    return summary;
  }

  it.each(['/', '/components/web/'])(
    '%s moves its 90-day bar on to the new day, and the front page its past days',
    async (pathname) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const midnightMs = nextUtcMidnightMs(stale.lastRunMs + STALE_AGE_MS);
        const { page, problems } = await openAt(context, stale, pathname, midnightMs - 30_000);
        const bar = page.locator('[data-daily-of="web"] [data-daily-bar]');
        const firstDayBefore = (await readEndDay(bar, 'Home')).day;
        const newDay = new Date(midnightMs).toISOString().slice(0, 10);
        expect((await readEndDay(bar)).day).not.toBe(newDay);

        const summary = await readNewDaySummary(midnightMs + 20_000);
        await page.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
        await page.clock.fastForward(60_000);
        await expect.poll(async () => (await readEndDay(bar)).day).toBe(newDay);
        await expect(bar.getAttribute('aria-valuemax')).resolves.toBe('90');
        const oldest = await readEndDay(bar, 'Home');
        expect(oldest.day).not.toBe(firstDayBefore);
        expect(oldest.day).toBe(new Date(midnightMs - 89 * 86_400_000).toISOString().slice(0, 10));
        const today = await readEndDay(bar);
        expect(today.colour).toBe(await resolveColour(bar, '--status-up'));
        expect(today.text).toMatch(/^\d{1,2} \w{3} \d{4}: 100% up, no downtime$/);

        if (pathname === '/') {
          const days = page.locator('[data-past-incidents] [data-incident-day]');
          await expect(days.count()).resolves.toBe(7);
          await expect(days.first().getAttribute('data-incident-day')).resolves.toBe(newDay);
          await expect(days.first().locator('[data-no-incidents]').textContent()).resolves.toBe(
            'No incidents reported.',
          );
          await expect(days.first().locator('h3').textContent()).resolves.toMatch(/^\d{1,2} \w+ \d{4}$/);
          const resolved = page.locator(`[data-past-incidents] [data-past-incident="${INCIDENT_SLUG}"]`);
          await expect(resolved.locator('[data-phase-label]').textContent()).resolves.toBe('Resolved');
          await expect(resolved.locator('[data-past-latest]').textContent()).resolves.toMatch(
            /^Resolved · .+ — Logins are fast again\.$/,
          );
          // Resolved: it leaves the current incidents.
          await expect(page.locator(`[data-incident-slug="${INCIDENT_SLUG}"]`).count()).resolves.toBe(0);
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'stale-clock-new-day-1280.png'),
            fullPage: true,
          });
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe('under vigil start (collected once)', () => {
  it('does not claim to update: no countdown, no polling, and statuses still turn grey by the clock', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await openAt(
        context,
        collectedOnce,
        '/',
        collectedOnce.lastRunMs + MINUTE_MS,
      );
      const requests: string[] = [];
      page.on('request', (request) => requests.push(new URL(request.url()).pathname));
      await expect(page.locator('[data-live-refresh-once]').textContent()).resolves.toMatch(
        /Data collected once by\s+vigil start: this page does not update itself, and its statuses\s+turn "No data" 15 min after that run/,
      );
      await expect(page.locator('[data-refresh-countdown]').count()).resolves.toBe(0);
      await expect(page.locator('main').textContent()).resolves.not.toMatch(
        /next (check|read) in|Updates every/,
      );
      await page.clock.fastForward(STALE_AGE_MS - MINUTE_MS);
      await expect.poll(() => page.locator('.banner [data-banner-label]').textContent()).toBe(NO_DATA_FOR);
      expect(requests.filter((pathname) => pathname.endsWith('summary.json'))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
