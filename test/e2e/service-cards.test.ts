// Service cards (`services:`), built from generated runs at a 5-minute cadence over the 14-day retention
// and read in Chromium: one card per service with each facet's state in words, its uptime and bar from
// its facets' runs, the service page, /api/vigil/status.json's ok / fail / total, the Statuspage summary,
// and live refresh bringing a newer build's data into the card. Screenshots (375 and 1280 px, light and
// dark) land in test-artifacts/screenshots/.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../core/model/index.ts';
import type { CheckResult } from '../../core/model/snapshot.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;

// The service health list of the seed: each service an HTTP endpoint, a port, a systemd unit and a process.
const CONFIG = `site:
  title: Service health
  interval: 5m
  staleAfter: 2h
  refreshSeconds: 5
groups:
  - { id: apps, name: Applications }
  - { id: backend, name: Backend, collapsed: true }
  - { id: site, name: Website }
checks:
  - { id: web-http, name: HTTP, type: http, url: "http://127.0.0.1:5000/health" }
  - { id: web-port, name: Port 5000, type: tcp, host: 127.0.0.1, port: 5000 }
  - { id: web-unit, name: chat-web.service, type: systemd, unit: chat-web.service }
  - { id: web-process, name: gunicorn, type: process, commandLine: gunicorn }
  - { id: orch-http, name: HTTP, type: http, url: "http://127.0.0.1:8001/health" }
  - { id: orch-port, name: Port 8001, type: tcp, host: 127.0.0.1, port: 8001 }
  - { id: orch-unit, name: chat-orchestrator.service, type: systemd, unit: chat-orchestrator.service }
  - { id: memory-http, name: HTTP, type: http, url: "http://127.0.0.1:8100/health" }
  - { id: memory-port, name: Port 8100, type: tcp, host: 127.0.0.1, port: 8100 }
  - { id: memory-worker, name: memory-worker, type: process, processName: memory-worker }
  - { id: homepage, name: Homepage, type: http, url: "http://127.0.0.1:8080/", group: site }
services:
  - id: chat-web
    name: ChatStack Web (Flask)
    group: apps
    checks: [web-http, web-port, web-unit, web-process]
  - id: orchestrator
    name: ChatStack Orchestrator (FastAPI)
    group: backend
    checks: [orch-http, orch-port, orch-unit]
  - id: ai-memory
    name: AI-Memory
    group: apps
    checks: [memory-http, memory-port, memory-worker]
`;
const CHECKS = [...CONFIG.matchAll(/- \{ id: ([a-z-]+), name: ([^,]+), type: ([a-z]+)/g)].map((match) => ({
  id: match[1] as string,
  name: match[2] as string,
  type: match[3] as string,
}));
const CHECK_IDS = CHECKS.map((check) => check.id);
/** The process probe's words for a check by command line or name. */
const PROCESS_MESSAGES: Record<string, string> = {
  'web-process': '3 processes matching command line /gunicorn/, 142 MiB RSS',
  'memory-worker': '1 process matching name "memory-worker", 61.5 MiB RSS',
};

/**
 * Each result in its probe's own words (generateSnapshotLines words every run as an HTTP check): a port
 * connects, a unit is active (running) or failed, a process is counted with its memory.
 */
function wordResult(result: CheckResult): CheckResult {
  const check = CHECKS.find((candidate) => candidate.id === result.id);
  if (check === undefined || check.type === 'http') return result;
  const isUp = result.status === 'up';
  switch (check.type) {
    case 'tcp':
      return isUp ? { ...result, ms: 2, message: 'connected in 2 ms' } : result;
    case 'systemd':
      return {
        ...result,
        message: isUp
          ? `${check.name} active (running)`
          : `${check.name} failed (failed) (result: exit-code)`,
      };
    case 'process':
      return isUp ? { ...result, message: PROCESS_MESSAGES[check.id] ?? result.message } : result;
    default:
      return result;
  }
}

let tempDir: string;
let browser: Browser;
let server: StaticServer;
let origin: string;
let dataEndMs: number;
/** The second build's newest run. */
let laterEndMs: number;
/** The second build's summary.json: the same site 10 minutes later, the web unit back up. */
let laterSummary: string;

/**
 * The status of each check at each run: the web unit down from 30 minutes before `unitBackMs` until then,
 * AI-Memory's port down 10:00–11:00 UTC three days before `endMs` (its HTTP for the first half hour).
 */
function statusAt(endMs: number, unitBackMs: number) {
  const outageFromMs = Math.floor(endMs / DAY_MS) * DAY_MS - 3 * DAY_MS + 10 * HOUR_MS;
  return (id: string, t: number): CheckStatus => {
    if (id === 'web-unit' && t > unitBackMs - 30 * MINUTE_MS && t < unitBackMs) return 'down';
    if (id === 'memory-port' && t >= outageFromMs && t < outageFromMs + HOUR_MS) return 'down';
    if (id === 'memory-http' && t >= outageFromMs && t < outageFromMs + 30 * MINUTE_MS) return 'down';
    return 'up';
  };
}

/**
 * A build's data up to endMs: every check every 5 minutes, but AI-Memory's worker (added to the config
 * later) only from firstEndMs on, so the first build has never seen it run.
 */
async function buildAt(name: string, endMs: number, unitBackMs: number, firstEndMs: number): Promise<string> {
  const siteDir = path.join(tempDir, name);
  const dataDir = path.join(siteDir, 'data');
  const configPath = path.join(siteDir, 'status.config.yaml');
  await mkdir(dataDir, { recursive: true });
  await writeFile(configPath, CONFIG);
  const lines = generateSnapshotLines({
    source: 'local',
    checkIds: CHECK_IDS,
    from: new Date(endMs - 14 * DAY_MS + INTERVAL_MS),
    to: new Date(endMs + 1),
    intervalMs: INTERVAL_MS,
    statusAt: statusAt(endMs, unitBackMs),
  }).map((line) => ({
    ...line,
    results: line.results
      .filter((result) => result.id !== 'memory-worker' || Date.parse(line.t) > firstEndMs)
      .map(wordResult),
  }));
  await writeSnapshotFixtures(dataDir, lines);
  // The incident of AI-Memory's port outage names the facet; the service's card and page carry it.
  const outageFromMs = Math.floor(endMs / DAY_MS) * DAY_MS - 3 * DAY_MS + 10 * HOUR_MS;
  const at = (ms: number) => new Date(ms).toISOString();
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
  await writeFile(
    path.join(dataDir, 'incidents', `${at(outageFromMs).slice(0, 10)}-memory-port.md`),
    [
      '---',
      'title: AI-Memory unreachable',
      'kind: incident',
      'impact: major',
      'status: resolved',
      'affected: [memory-port]',
      `start: ${at(outageFromMs)}`,
      `end: ${at(outageFromMs + HOUR_MS)}`,
      'updates:',
      `  - { at: ${at(outageFromMs + 10 * MINUTE_MS)}, status: investigating, text: The port does not answer. }`,
      `  - { at: ${at(outageFromMs + HOUR_MS)}, status: resolved, text: Restarted. }`,
      '---',
      'The AI-Memory port stopped answering for an hour.',
      '',
    ].join('\n'),
  );
  const outDir = path.join(siteDir, 'dist');
  await buildSite({ configPath, dataDir, outDir, buildTimeMs: endMs });
  return outDir;
}

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-service-cards-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Data ending ten minutes ago (the browser's clock is the real one): the first build has the web unit
  // still down; the second, ten minutes on, has it back up for its last two runs.
  dataEndMs = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS - 2 * INTERVAL_MS;
  laterEndMs = dataEndMs + 2 * INTERVAL_MS;
  const unitBackMs = laterEndMs - INTERVAL_MS;
  const first = await buildAt('first', dataEndMs, unitBackMs, dataEndMs);
  const later = await buildAt('later', laterEndMs, unitBackMs, dataEndMs);
  laterSummary = await readFile(path.join(later, 'api/v2/summary.json'), 'utf8');
  server = await serveStatic(first);
  origin = server.origin;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** What the card of a service says: its status word, each facet's name and status word, its uptime. */
async function readCard(page: import('playwright-core').Page, id: string) {
  const card = page.locator(`[data-service="${id}"]`);
  return {
    status: (await card.locator('.service-head .status-label').textContent())?.trim(),
    facets: await card.locator('.service-facet').evaluateAll((items) =>
      items.map((item) => ({
        name: item.querySelector('.facet-name')?.textContent?.replace(/\s+/g, ' ').trim(),
        status: item.querySelector('.status-label')?.textContent?.trim(),
        icon: item.querySelector('.status-icon')?.textContent?.trim(),
        message: item.querySelector('[data-facet-message]')?.textContent?.trim(),
      })),
    ),
    uptime: await card.locator('.service-uptime dd').allTextContents(),
  };
}

describe('service cards on the front page', () => {
  it('show one card per service with each facet in words, instead of a row per check', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // Live refresh off for this page: it reads the build's own summary (no route), so nothing changes.
    const { page, problems } = await openPage(context, `${origin}/`);
    await expect(page.locator('[data-service]').count()).resolves.toBe(3);
    // The cards' styles are in the head, once; a list holds only its items (and scripts).
    await expect(readMarkupProblems(page)).resolves.toEqual({
      stylesInBody: 0,
      cardStylesInHead: 1,
      strayChildren: [],
    });
    // Facets have no rows of their own; the check outside every service keeps its row.
    await expect(page.locator('li.component[data-component]').count()).resolves.toBe(1);
    await expect(page.locator('[data-component="homepage"]').count()).resolves.toBe(1);

    const web = await readCard(page, 'chat-web');
    expect(web.status).toBe('Partial outage');
    // Each facet with its probe's own words for its newest result.
    expect(web.facets).toEqual([
      {
        name: 'HTTP (http)',
        status: 'Operational',
        icon: '✓',
        message: expect.stringMatching(/^HTTP 200 in \d+ ms$/),
      },
      { name: 'Port 5000 (tcp)', status: 'Operational', icon: '✓', message: 'connected in 2 ms' },
      {
        name: 'chat-web.service (systemd)',
        status: 'Major outage',
        icon: '✕',
        message: 'chat-web.service failed (failed) (result: exit-code)',
      },
      {
        name: 'gunicorn (process)',
        status: 'Operational',
        icon: '✓',
        message: '3 processes matching command line /gunicorn/, 142 MiB RSS',
      },
    ]);
    // Down for the last 20 minutes of the first build's data (its runs from 25 minutes before it).
    const downMs = 20 * MINUTE_MS;
    expect(web.uptime[0]).toBe(formatPercent(1 - downMs / DAY_MS));

    const memory = await readCard(page, 'ai-memory');
    // Its worker was added after this build's data: rolled up from the facets that have data.
    expect(memory.status).toBe('Operational · 1 without data');
    expect(memory.facets[2]).toEqual({
      name: 'memory-worker (process)',
      status: 'No data',
      icon: '?',
      message: 'no result yet',
    });
    // 24 h clean; over 7 days the hour its port was down (its HTTP's half hour inside it) counts once.
    expect(memory.uptime).toEqual([
      '100%',
      formatPercent(1 - HOUR_MS / (7 * DAY_MS)),
      formatPercent(1 - HOUR_MS / (14 * DAY_MS)),
    ]);
    const bar = page.locator('[data-service="ai-memory"] [data-daily-bar]');
    // Fourteen days of runs touch 15 UTC days (14 when they end in a day's first minutes).
    await expect(bar.getAttribute('aria-label')).resolves.toMatch(
      /^AI-Memory: 1[45] of the last 90 days with data, 1 with downtime$/,
    );
    // The facet's incident is on the service's bar: the page lists it once under the bars.
    await expect(page.locator('a', { hasText: 'AI-Memory unreachable' }).count()).resolves.toBeGreaterThan(0);
    await expect(readCard(page, 'orchestrator').then((card) => card.status)).resolves.toBe('Operational');
    // The group counts every facet: one of seven down, one without data.
    await expect(page.locator('[data-group="apps"] summary .status-label').textContent()).resolves.toBe(
      'Partial outage · 1 without data',
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is reachable by keyboard and named for screen readers, at 375 and 1280 px, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const { page, problems } = await openPage(context, `${origin}/`);
        const card = page.locator('[data-service="chat-web"]');
        // The card is named by its heading; its facets are a named list.
        await expect(card.getAttribute('aria-labelledby')).resolves.toBe('service-chat-web');
        await expect(page.locator('#service-chat-web').textContent()).resolves.toContain(
          'ChatStack Web (Flask)',
        );
        await expect(card.locator('ul.service-facets').getAttribute('aria-label')).resolves.toBe(
          'Parts of ChatStack Web (Flask)',
        );
        // Tab from the card's name reaches each facet's link in order.
        await card.locator('.service-title a').focus();
        const reached: string[] = [];
        for (let step = 0; step < 4; step++) {
          await page.keyboard.press('Tab');
          reached.push(await page.evaluate(() => document.activeElement?.getAttribute('href') ?? ''));
        }
        expect(reached).toEqual([
          '/components/web-http/',
          '/components/web-port/',
          '/components/web-unit/',
          '/components/web-process/',
        ]);
        // Nothing spills out sideways on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.locator('[data-group="apps"]').screenshot({
          path: path.join(SCREENSHOT_DIR, `service-cards-${width}-${colorScheme}.png`),
        });
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  });

  it('in a collapsed group, list compactly: name, status, 30-day uptime and each facet', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    const { page, problems } = await openPage(context, `${origin}/`);
    const group = page.locator('[data-group="backend"]');
    await expect(group.getAttribute('class')).resolves.toContain('group-collapsed');
    await expect(group.locator('.group-list > summary').textContent()).resolves.toBe('1 component');
    // The group's own bar folds its facets' days.
    await expect(group.locator('.group-bar [data-daily-bar]').count()).resolves.toBe(1);
    await group.locator('.group-list > summary').click();
    const card = await readCard(page, 'orchestrator');
    expect(card.status).toBe('Operational');
    expect(card.uptime).toEqual(['100%']);
    expect(card.facets.map((facet) => facet.status)).toEqual(['Operational', 'Operational', 'Operational']);
    await group.screenshot({ path: path.join(SCREENSHOT_DIR, 'service-card-compact-375.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follow a newer summary through live refresh: the card and its facet turn back to operational', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/api/v2/summary.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: laterSummary }),
    );
    const { page, problems } = await openPage(context, `${origin}/`);
    const card = page.locator('[data-service="chat-web"]');
    await expect
      .poll(() => card.locator('.service-head .status-label').textContent(), { timeout: 20_000 })
      .toBe('Operational');
    await expect(card.locator('[data-facet="web-unit"] .status-label').textContent()).resolves.toBe(
      'Operational',
    );
    await expect(card.locator('[data-facet-message="web-unit"]').textContent()).resolves.toBe(
      'chat-web.service active (running)',
    );
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the service page and the documents', () => {
  it('lists each facet with its state, last result, its time and uptime, stacked on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    const { page, problems } = await openPage(context, `${origin}/components/chat-web/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('ChatStack Web (Flask)');
    await expect(page.locator('header .status-label').textContent()).resolves.toBe('Partial outage');
    await expect(readMarkupProblems(page)).resolves.toEqual({
      stylesInBody: 0,
      cardStylesInHead: 0,
      strayChildren: [],
    });
    await expect(
      page.evaluate(() =>
        [...document.head.querySelectorAll('style')].some((style) =>
          style.textContent?.includes('.facets-table'),
        ),
      ),
    ).resolves.toBe(true);
    // The page says how it keeps current, as a component page does.
    await expect(page.locator('[data-live-refresh]').innerText()).resolves.toMatch(
      /^Re-reads the data every 5 s; collected every 5 min · next read in \d+ s$/,
    );
    const rows = await readFacetRows(page);
    expect(rows.map(({ name, type, status }) => [name, type, status])).toEqual([
      ['HTTP', 'http', 'Operational'],
      ['Port 5000', 'tcp', 'Operational'],
      ['chat-web.service', 'systemd', 'Major outage'],
      ['gunicorn', 'process', 'Operational'],
    ]);
    expect(rows.map((row) => row.message)).toEqual([
      expect.stringMatching(/^HTTP 200 in \d+ ms$/),
      'connected in 2 ms',
      'chat-web.service failed (failed) (result: exit-code)',
      '3 processes matching command line /gunicorn/, 142 MiB RSS',
    ]);
    expect(rows.map((row) => row.at)).toEqual(Array(4).fill(new Date(dataEndMs).toISOString()));
    // At 375 px each part is stacked: its name, status, last result and uptime all within the screen.
    const placement = await page.locator('.facets-table').evaluate((table) => {
      const scroller = table.closest('.table-scroll') as HTMLElement;
      const cells = [...table.querySelectorAll('tbody th, tbody td')].map((cell) =>
        cell.getBoundingClientRect(),
      );
      return {
        scrolls: scroller.scrollWidth > scroller.clientWidth,
        cellsRightMax: Math.max(...cells.map((cell) => cell.right)),
        cellsLeftMin: Math.min(...cells.map((cell) => cell.left)),
        uptimeLabel: getComputedStyle(table.querySelector('.facet-uptime') as Element, '::before').content,
      };
    });
    expect(placement.scrolls).toBe(false);
    expect(placement.cellsLeftMin).toBeGreaterThanOrEqual(0);
    expect(placement.cellsRightMax).toBeLessThanOrEqual(375);
    expect(placement.uptimeLabel).toMatch(/^"Uptime 30 d "/);
    // The incidents that touched a facet are listed on the service's page too.
    const memoryPage = await context.newPage();
    await memoryPage.goto(`${origin}/components/ai-memory/`);
    await expect(
      memoryPage.locator('a', { hasText: 'AI-Memory unreachable' }).count(),
    ).resolves.toBeGreaterThan(0);
    // A facet that never ran says so, muted, with no time.
    const worker = (await readFacetRows(memoryPage))[2];
    expect(worker).toEqual({
      name: 'memory-worker',
      type: 'process',
      status: 'No data',
      message: 'no result yet',
      at: null,
    });
    await expect(
      memoryPage.locator('tr[data-facet="memory-worker"] [data-facet-message]').getAttribute('class'),
    ).resolves.toBe('muted');
    await expect(
      memoryPage.locator('tr[data-facet="memory-worker"] [data-facet-time]').isHidden(),
    ).resolves.toBe(true);
    await memoryPage.close();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'service-page-375.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps its four columns with their headers on a wide screen', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${origin}/components/chat-web/`);
    const headers = page.locator('.facets-table thead th');
    await expect(headers.allInnerTexts()).resolves.toEqual(['Check', 'Status', 'Last result', 'Uptime 30 d']);
    const tops = await page
      .locator('.facets-table tbody tr:first-child > *')
      .evaluateAll((cells) => cells.map((cell) => Math.round(cell.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'service-page-1280.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follows a newer summary: each facet’s message and time, and a facet’s first result', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    await context.route('**/api/v2/summary.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: laterSummary }),
    );
    const { page, problems } = await openPage(context, `${origin}/components/chat-web/`);
    const unit = page.locator('tr[data-facet="web-unit"]');
    await expect
      .poll(() => unit.locator('.status-label').textContent(), { timeout: 20_000 })
      .toBe('Operational');
    const rows = await readFacetRows(page);
    expect(rows[2]).toMatchObject({ message: 'chat-web.service active (running)' });
    // Every facet's time moved on with its message: none still says when the first build's runs were.
    expect(rows.map((row) => row.at)).toEqual(Array(4).fill(new Date(laterEndMs).toISOString()));

    // A facet that had never run at the build: "no result yet", then its first result and its time.
    const memory = await context.newPage();
    await memory.goto(`${origin}/components/ai-memory/`);
    const worker = memory.locator('tr[data-facet="memory-worker"]');
    await expect
      .poll(() => worker.locator('[data-facet-message]').textContent(), { timeout: 20_000 })
      .toBe('1 process matching name "memory-worker", 61.5 MiB RSS');
    await expect(worker.locator('[data-facet-message]').getAttribute('class')).resolves.not.toContain(
      'muted',
    );
    await expect(worker.locator('[data-facet-time] time').getAttribute('datetime')).resolves.toBe(
      new Date(laterEndMs).toISOString(),
    );
    await expect(worker.locator('[data-facet-time]').isVisible()).resolves.toBe(true);
    await expect(worker.locator('[data-facet-time]').innerText()).resolves.toMatch(
      /^\(.+ ago\)$|^\(just now\)$/,
    );
    await expect(worker.locator('.status-label').textContent()).resolves.toBe('Operational');
    await memory.close();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('/api/vigil/status.json gives each service ok_count, fail_count, total and its facets', async () => {
    const document = (await (await fetch(`${origin}/api/vigil/status.json`)).json()) as {
      ok_count: number;
      fail_count: number;
      total: number;
      services: {
        id: string;
        status: string;
        ok: boolean;
        ok_count: number;
        fail_count: number;
        total: number;
        facets: { id: string; type: string; status: string; ok: boolean }[];
      }[];
    };
    expect({ ok: document.ok_count, fail: document.fail_count, total: document.total }).toEqual({
      ok: 2,
      fail: 1,
      total: 3,
    });
    expect(
      document.services.map(({ id, status, ok, ok_count, fail_count, total }) => ({
        id,
        status,
        ok,
        counts: [ok_count, fail_count, total],
      })),
    ).toEqual([
      { id: 'chat-web', status: 'partial_outage', ok: false, counts: [3, 1, 4] },
      { id: 'orchestrator', status: 'operational', ok: true, counts: [3, 0, 3] },
      { id: 'ai-memory', status: 'operational', ok: true, counts: [2, 0, 3] },
    ]);
    expect(document.services[0]?.facets.map((facet) => `${facet.type}:${facet.status}`)).toEqual([
      'http:up',
      'tcp:up',
      'systemd:down',
      'process:up',
    ]);
  });

  it('the Statuspage summary lists a service as one component of its group', async () => {
    const summary = (await (await fetch(`${origin}/api/v2/summary.json`)).json()) as {
      components: { id: string; status: string; group_id: string | null; components?: string[] }[];
    };
    expect(summary.components.map((component) => component.id)).toEqual([
      'group:apps',
      'chat-web',
      'ai-memory',
      'group:backend',
      'orchestrator',
      'group:site',
      'homepage',
    ]);
    expect(summary.components[0]?.components).toEqual(['chat-web', 'ai-memory']);
    // An incident that names a facet names its service's component.
    const incidents = (await (await fetch(`${origin}/api/v2/incidents.json`)).json()) as {
      incidents: { name: string; components: { id: string }[] }[];
    };
    expect(
      incidents.incidents.map((incident) => [incident.name, incident.components.map((c) => c.id)]),
    ).toEqual([['AI-Memory unreachable', ['ai-memory']]]);
    expect(summary.components[1]).toMatchObject({ status: 'partial_outage', group_id: 'group:apps' });
  });
});

/** Where the markup breaks HTML's content rules: a <style> outside the head, a list child that is no item. */
async function readMarkupProblems(page: import('playwright-core').Page) {
  return page.evaluate(() => ({
    stylesInBody: document.body.querySelectorAll('style').length,
    cardStylesInHead: [...document.head.querySelectorAll('style')].filter((style) =>
      style.textContent?.includes('.service-card {'),
    ).length,
    strayChildren: [...document.querySelectorAll('ul, ol')].flatMap((list) =>
      [...list.children]
        .map((child) => child.tagName.toLowerCase())
        .filter((tag) => tag !== 'li' && tag !== 'script' && tag !== 'template'),
    ),
  }));
}

/** Each row of the service page's Parts table: its check, state, last result and when that was taken. */
async function readFacetRows(page: import('playwright-core').Page) {
  return page.locator('.facets-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const text = (selector: string) =>
        row.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      return {
        name: text('th a'),
        type: text('.facet-kind'),
        status: text('.status-label'),
        message: text('[data-facet-message]'),
        at: row.querySelector('[data-facet-time] time')?.getAttribute('datetime') ?? null,
      };
    }),
  );
}

/** An uptime ratio as the page writes it: hundredths, floored, "100%" only when whole. */
function formatPercent(ratio: number): string {
  const hundredths = Math.floor(ratio * 10_000 + 1e-9);
  return `${(hundredths / 100).toFixed(hundredths === 10_000 ? 0 : 2)}%`;
}
