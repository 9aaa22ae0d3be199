import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotLine } from '../../core/model/snapshot.ts';
import type { CheckStatus } from '../../core/model/status.ts';
import { formatUptime } from '../../src/lib/format.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

// Issue 19: a check seen from three places (quorum 2) is judged by what they agree on. One place down
// reads "Operational" with "down from 1 of 3 places"; two read "Major outage"; a place whose newest
// result is older than staleAfter stops voting, at build time and by the reader's clock. The pages
// show each place (status, latency, last seen, a latency chart) and which place ran each result.
// Three sources' 14 days of runs every 5 minutes.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const STALE_AFTER_MS = 3 * INTERVAL_MS;
const ARTIFACTS_DIR = path.resolve('test-artifacts', 'places');
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PLACE_NAMES = { eu: 'Europe', us: 'America', campus: 'Campus' } as const;
type PlaceId = keyof typeof PLACE_NAMES;
/** The us collector stopped 10 minutes before the newest run of the others: it goes silent 5 minutes after. */
const US_BEHIND_MS = 10 * MINUTE_MS;
/** Real time to wait for what the page does next: a shared 2-core machine can take seconds. */
const POLL = { timeout: 15_000 };

const CONFIG = `site:
  title: Places lab
  interval: 5m
  staleAfter: 15m
  refreshSeconds: 60
sources:
  - { id: eu, name: Europe }
  - { id: us, name: America }
  - { id: campus, name: Campus }
groups:
  - { id: public, name: Public services }
checks:
  - { id: web, name: Website, type: http, group: public, url: "https://www.example.org/", sources: [eu, us, campus], quorum: 2 }
  - { id: api, name: API, type: http, group: public, url: "https://api.example.org/", sources: [eu, us, campus], quorum: 2 }
  - { id: db, name: Database, type: tcp, group: public, host: db.example.org, port: 5432, sources: [eu, us, campus], quorum: 2 }
  - { id: intranet, name: Intranet, type: http, group: public, url: "https://intranet.example.org/", source: eu }
`;

/** Who says down in the last 30 minutes: web from campus only, api from eu and us, db from eu and us. */
const DOWN_FROM: Record<string, readonly PlaceId[]> = {
  web: ['campus'],
  api: ['eu', 'us'],
  db: ['eu', 'us'],
};

let tempDir: string;
let server: StaticServer;
let browser: Browser;
let outDir: string;
/** The newest run of eu and campus. */
let lastRunMs: number;
let buildTimeMs: number;

/** 14 days of one place's runs; `us` ends US_BEHIND_MS early and its db results stop 30 minutes before the end. */
function generatePlace(source: PlaceId, seed: number): SnapshotLine[] {
  const toMs = source === 'us' ? lastRunMs - US_BEHIND_MS : lastRunMs;
  const statusAt = (id: string, t: number): CheckStatus =>
    DOWN_FROM[id]?.includes(source) === true && t >= lastRunMs - 30 * MINUTE_MS ? 'down' : 'up';
  const lines = generateSnapshotLines({
    source,
    checkIds: source === 'eu' ? ['web', 'api', 'db', 'intranet'] : ['web', 'api', 'db'],
    from: new Date(lastRunMs - 14 * DAY_MS),
    to: new Date(toMs + 1),
    intervalMs: INTERVAL_MS,
    statusAt,
    seed,
  });
  if (source !== 'us') return lines;
  // us still runs web and api, but its db results ended 40 minutes ago: a silent place for db.
  return lines.map((line) =>
    Date.parse(line.t) > lastRunMs - 40 * MINUTE_MS
      ? { ...line, results: line.results.filter((result) => result.id !== 'db') }
      : line,
  );
}

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-places-'));
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const dataDir = path.join(tempDir, 'data');
  outDir = path.join(tempDir, 'dist');
  const configPath = path.join(tempDir, 'status.config.yaml');
  lastRunMs = Math.floor((Date.now() - MINUTE_MS) / INTERVAL_MS) * INTERVAL_MS;
  buildTimeMs = lastRunMs + MINUTE_MS;
  await writeSnapshotFixtures(dataDir, [
    ...generatePlace('eu', 1),
    ...generatePlace('us', 2),
    ...generatePlace('campus', 3),
  ]);
  await writeFile(configPath, CONFIG);
  await buildSite({ configPath, dataDir, outDir, buildTimeMs });
  server = await serveStatic(outDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tempDir && process.env.KEEP_PLACES === undefined) await rm(tempDir, { recursive: true, force: true });
});

/** How far before a paused page's time its clock is installed: pauseAt then only moves forward, however slow the machine. */
const PAUSE_LEAD_MS = 10 * MINUTE_MS;

/**
 * A page whose clock starts at timeMs; console errors, page errors and failed responses are collected.
 * `paused`: the clock stands still at timeMs from before the page loads, so only the timers a test's
 * fastForward reaches fire (paused before goto: no real time passes on the page's clock first).
 */
async function openAt(
  context: BrowserContext,
  pathname: string,
  timeMs: number,
  options: { paused?: boolean } = {},
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  if (options.paused === true) {
    await page.clock.install({ time: timeMs - PAUSE_LEAD_MS });
    await page.clock.pauseAt(timeMs);
  } else {
    await page.clock.install({ time: timeMs });
  }
  await page.goto(`${server.origin}${pathname}`, { waitUntil: 'load' });
  return { page, problems };
}

/** A component's status words and its place note as shown (the note null while hidden). */
async function readComponent(page: Page, scope: string, id: string) {
  const status = page.locator(`${scope} .status[data-freshness-of="${id}"]`).first();
  const note = page.locator(`${scope} [data-places-of="${id}"]`);
  return {
    status: await status.getAttribute('data-status'),
    label: (await status.locator('.status-label').textContent())?.trim(),
    note: (await note.isVisible()) ? (await note.textContent())?.trim() : null,
  };
}

const row = (id: string) => `[data-component="${id}"]`;

/** The Places table's rows: name, status words, latency, last seen. */
async function readPlaces(page: Page, id: string) {
  return page.locator(`[data-place-of="${id}"]`).evaluateAll((rows) =>
    rows.map((tr) => ({
      name: tr.querySelector('th')?.textContent?.trim() ?? '',
      href: tr.querySelector('th a')?.getAttribute('href') ?? null,
      status: tr.querySelector('.status-label')?.textContent?.trim() ?? '',
      latency: tr.querySelector('[data-place-latency]')?.textContent?.trim() ?? '',
      seen: tr.querySelector('[data-place-seen]')?.textContent?.trim() ?? '',
    })),
  );
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

/** axe-core's violations on the page, one line per element. */
async function runAxe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    type Violation = { id: string; nodes: { target: string[] }[] };
    const { axe } = window as unknown as {
      axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> };
    };
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} at ${node.target.join(' ')}`),
    );
  });
}

describe('a check seen from three places, quorum 2', () => {
  it('front page: one place down is "Operational" with "down from 1 of 3 places"; two are "Major outage"; a silent place does not vote', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openAt(context, '/', buildTimeMs);
    await expect(readComponent(page, row('web'), 'web')).resolves.toEqual({
      status: 'operational',
      label: 'Operational',
      note: 'down from 1 of 3 places',
    });
    await expect(readComponent(page, row('api'), 'api')).resolves.toEqual({
      status: 'major_outage',
      label: 'Major outage',
      note: 'down from 2 of 3 places',
    });
    // db: eu says down; us has said nothing of it for 40 minutes, so it does not vote: one down is no quorum.
    await expect(readComponent(page, row('db'), 'db')).resolves.toEqual({
      status: 'operational',
      label: 'Operational',
      note: 'down from 1 of 3 places, no data from 1 of 3 places',
    });
    // A single-place check has no note at all.
    await expect(page.locator(`${row('intranet')} [data-places-of]`).count()).resolves.toBe(0);
    // Uptime follows the judged status: campus's 30 minutes down never made the website down.
    const uptime24h = (id: string) =>
      page.locator(`${row(id)} [data-uptime-of="${id}"] [data-window="24h"]`).textContent();
    expect((await uptime24h('web'))?.trim()).toBe(formatUptime(1));
    expect((await uptime24h('api'))?.trim()).not.toBe(formatUptime(1));
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the reader's clock: a place whose newest result goes stale stops voting, and the note says so", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Opened 15 s after the build, so that us's stale point (its newest run 10 minutes behind the
    // others', staleAfter 15 min: 3 min 45 s after opening) falls between two of the clock's 30 s ticks
    // and two live reads: only the timer set for that place's own stale point can turn it.
    // The clock stands still from before the page loads, so that however long the machine takes, only
    // the timers fastForward reaches fire.
    const openedMs = buildTimeMs + 15_000;
    const { page, problems } = await openAt(context, '/', openedMs, { paused: true });
    await expect(readComponent(page, row('api'), 'api')).resolves.toMatchObject({ label: 'Major outage' });
    const usStaleMs = lastRunMs - US_BEHIND_MS + STALE_AFTER_MS;
    await page.clock.fastForward(usStaleMs - openedMs - 10_000);
    await expect(readComponent(page, row('api'), 'api')).resolves.toMatchObject({ label: 'Major outage' });
    // Just past it: eu says down, campus up; us does not vote, so there is no quorum for down.
    await page.clock.fastForward(11_000);
    await expect
      .poll(() => readComponent(page, row('api'), 'api'), POLL)
      .toEqual({
        status: 'operational',
        label: 'Operational',
        note: 'down from 1 of 3 places, no data from 1 of 3 places',
      });
    await expect(readComponent(page, row('web'), 'web')).resolves.toEqual({
      status: 'operational',
      label: 'Operational',
      note: 'down from 1 of 3 places, no data from 1 of 3 places',
    });
    // Every place silent: No data, never green.
    await page.clock.fastForward(STALE_AFTER_MS);
    await expect
      .poll(() => readComponent(page, row('web'), 'web'), POLL)
      .toMatchObject({ status: 'no_data', note: 'no data from 3 of 3 places' });
    // Counted from when the quorum was lost: the second newest place's newest result (eu and campus ran last).
    expect((await readComponent(page, row('web'), 'web')).label).toBe('No data for 20 min');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("opened after a place went silent, the page judges by the reader's clock before showing anything", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Live refresh reads the build's own summary: nothing newer, so the page's clock decides.
    const { page } = await openAt(context, '/components/api/', buildTimeMs + 5 * MINUTE_MS);
    await expect(readComponent(page, '.component-header', 'api')).resolves.toEqual({
      status: 'operational',
      label: 'Operational',
      note: 'down from 1 of 3 places, no data from 1 of 3 places',
    });
    // Judged before the first paint: nothing moves as the note and the America row change on load.
    expect(await measureLayoutShift(page)).toBeLessThanOrEqual(0.02);
    const places = await readPlaces(page, 'api');
    expect(places.map((place) => [place.name, place.status])).toEqual([
      ['Europe', 'Down'],
      ['America', 'No data'],
      ['Campus', 'Up'],
    ]);
    await context.close();
  });

  it('the component page: the note, a Places table, one latency chart per place, a Place column', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openAt(context, '/components/web/', buildTimeMs);
    await expect(readComponent(page, '.component-header', 'web')).resolves.toEqual({
      status: 'operational',
      label: 'Operational',
      note: 'down from 1 of 3 places',
    });
    const places = await readPlaces(page, 'web');
    expect(places.map(({ name, href, status }) => ({ name, href, status }))).toEqual([
      { name: 'Europe', href: '/hosts/eu/', status: 'Up' },
      { name: 'America', href: '/hosts/us/', status: 'Up' },
      { name: 'Campus', href: '/hosts/campus/', status: 'Down' },
    ]);
    // Latency of the newest run (a down run measured its timeout: none); last seen by the reader's clock.
    expect(places.map((place) => place.latency)).toEqual([
      expect.stringMatching(/^[\d.,]+ ms$/),
      expect.stringMatching(/^[\d.,]+ ms$/),
      '—',
    ]);
    expect(places.map((place) => place.seen)).toEqual(['1 minute ago', '11 minutes ago', '1 minute ago']);
    await expect(page.locator('.places caption').textContent()).resolves.toMatch(/2 of 3 must agree/);

    const charts = page.locator('[data-place-charts] figure[data-chart]');
    await expect(
      charts.evaluateAll((figures) => figures.map((f) => f.getAttribute('data-chart-key'))),
    ).resolves.toEqual(['latencyMs@eu', 'latencyMs@us', 'latencyMs@campus']);
    await expect(charts.locator('.chart-title').allTextContents()).resolves.toEqual(
      Object.values(PLACE_NAMES).map((name) => expect.stringMatching(new RegExp(`from ${name}$`))),
    );
    for (const key of ['latencyMs@eu', 'latencyMs@campus']) {
      const canvas = page.locator(`figure[data-chart-key="${key}"] canvas`);
      await canvas.scrollIntoViewIfNeeded();
      await expect.poll(() => canvas.getAttribute('data-chart-drawn'), POLL).toBe('true');
    }

    const results = page.locator('table:has(caption:text("Latest results"))');
    await expect(results.locator('thead th').allTextContents()).resolves.toEqual([
      'Time',
      'Place',
      'Status',
      'Took',
      'Message',
    ]);
    const shownPlaces = new Set(await results.locator('tbody td.place').allTextContents());
    expect(shownPlaces).toEqual(new Set(Object.values(PLACE_NAMES)));
    // The newest results first: eu and campus ran last, campus's said down.
    const newest = await results.locator('tbody tr').first().locator('td').allTextContents();
    expect(['Europe', 'Campus']).toContain(newest[1]?.trim());
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a single-place check: no note, no Places table, no Place column', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openAt(context, '/components/intranet/', buildTimeMs);
    await expect(
      page.locator('[data-places-of], [data-place-of], [data-place-charts]').count(),
    ).resolves.toBe(0);
    await expect(
      page.locator('table:has(caption:text("Latest results")) thead th').allTextContents(),
    ).resolves.toEqual(['Time', 'Status', 'Took', 'Message']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('live refresh carries the places: a silent place that reports again votes again', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const summary = JSON.parse(await readFile(path.join(outDir, 'api', 'v2', 'summary.json'), 'utf8'));
    const api = summary.vigil.components.api;
    expect(api.quorum).toEqual({ required: 2, total: 3 });
    expect(api.places.map((place: { source: string }) => place.source)).toEqual(['eu', 'us', 'campus']);
    // A later build's summary: us ran again 5 minutes after the build and still says down.
    const reportedAt = new Date(buildTimeMs + 5 * MINUTE_MS).toISOString();
    for (const place of api.places)
      if (place.source === 'us') Object.assign(place, { updated_at: reportedAt, status: 'down', ms: 5000 });
    api.updated_at = reportedAt;
    await context.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
    // Opened 6 minutes after the build: us silent by the page's own data; behind, so it reads at once.
    const { page, problems } = await openAt(context, '/components/api/', buildTimeMs + 6 * MINUTE_MS, {
      paused: true,
    });
    await expect
      .poll(() => readComponent(page, '.component-header', 'api'), POLL)
      .toEqual({ status: 'major_outage', label: 'Major outage', note: 'down from 2 of 3 places' });
    const places = await readPlaces(page, 'api');
    expect(places.find((place) => place.name === 'America')).toMatchObject({
      status: 'Down',
      latency: '—',
      seen: '1 minute ago',
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('after a live read a silent collector still reads silent: its multi-place checks count only its own results', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A later build's summary: eu and campus reported 5 minutes after the build; us has said nothing
    // since its newest run (10 minutes behind the build's), its db results newer than its others by a minute.
    const summary = JSON.parse(await readFile(path.join(outDir, 'api', 'v2', 'summary.json'), 'utf8'));
    const reportedAt = new Date(buildTimeMs + 5 * MINUTE_MS).toISOString();
    const usDbAt = new Date(lastRunMs - US_BEHIND_MS + MINUTE_MS).toISOString();
    for (const component of Object.values(summary.vigil.components) as {
      updated_at: string | null;
      places?: { source: string; updated_at: string | null }[];
    }[]) {
      component.updated_at = reportedAt;
      for (const place of component.places ?? []) if (place.source !== 'us') place.updated_at = reportedAt;
    }
    const usDb = summary.vigil.components.db.places.find(
      (place: { source: string }) => place.source === 'us',
    );
    usDb.updated_at = usDbAt;
    summary.vigil.newest_data_at = reportedAt;
    await context.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
    // Opened 6 minutes after the build: us's newest run is 17 minutes old, past its 15 minutes; behind, so it reads at once.
    const openedMs = buildTimeMs + 6 * MINUTE_MS;
    for (const pathname of ['/hosts/', '/hosts/us/']) {
      const { page, problems } = await openAt(context, pathname, openedMs, { paused: true });
      const usWarning = page.locator(
        pathname === '/hosts/' ? '[data-stale-warning][data-newest-source="us"]' : '[data-stale-warning]',
      );
      // The read has landed once us's warning counts from its newest db result, which only the summary has.
      await expect
        .poll(() => usWarning.getAttribute('data-newest-ms'), POLL)
        .toBe(String(Date.parse(usDbAt)));
      await expect(usWarning.isVisible(), pathname).resolves.toBe(true);
      await expect(usWarning.locator('[data-stale-age]').textContent()).resolves.toBe('16 min');
      if (pathname === '/hosts/') {
        await expect(page.locator('[data-fresh-note][data-newest-source="us"]').isVisible()).resolves.toBe(
          false,
        );
        // eu reports: its own results, newer after the read.
        const euNote = page.locator('[data-fresh-note][data-newest-source="eu"]');
        await expect(euNote.getAttribute('data-newest-ms')).resolves.toBe(String(Date.parse(reportedAt)));
        await expect(euNote.isVisible()).resolves.toBe(true);
        await expect(page.locator('[data-stale-warning][data-newest-source="eu"]').isVisible()).resolves.toBe(
          false,
        );
      }
      expect(problems).toEqual([]);
      await page.close();
    }
    await context.close();
  });

  it('lays out at 375 and 1280 px, light and dark: no overflow, axe-clean, screenshots', async () => {
    for (const width of [375, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        for (const [name, pathname] of [
          ['front', '/'],
          ['web', '/components/web/'],
        ] as const) {
          const { page } = await openAt(context, pathname, buildTimeMs);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, `${pathname} at ${width} px`).toBeLessThanOrEqual(0);
          await expect(runAxe(page), `${pathname} ${width} ${colorScheme}`).resolves.toEqual([]);
          // Charts draw as they come into view: bring each one in before the full-page picture.
          for (const canvas of await page.locator('figure[data-chart] canvas').all()) {
            await canvas.scrollIntoViewIfNeeded();
            await expect.poll(() => canvas.getAttribute('data-chart-drawn'), POLL).toBe('true');
          }
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({
            path: path.join(ARTIFACTS_DIR, `places-${name}-${width}-${colorScheme}.png`),
            fullPage: true,
          });
          await page.close();
        }
        await context.close();
      }
    }
  }, 120_000);
});
