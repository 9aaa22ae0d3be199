// The front page's capacity figure ("Visitor slots available 12 / 20") kept current: summary.json gives
// each capacity check's figures (and no other check's), live refresh redraws them from a newer build's,
// and a row whose data is stale by the reader's clock hides its figure with its status turned No data.
// Built at fixed clocks from generated 5-minute runs, read in Chromium with its clock set.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotLine } from '../../core/model/snapshot.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const MINUTE_MS = 60_000;
const INTERVAL_MS = 5 * MINUTE_MS;
const FIRST_END_MS = Date.UTC(2026, 10, 30, 12, 0);
const LATER_END_MS = FIRST_END_MS + 2 * INTERVAL_MS;

const CONFIG = {
  site: { title: 'SciTeX status', interval: '5m', refreshSeconds: 5 },
  groups: [{ id: 'system', name: 'System' }],
  checks: [
    {
      id: 'app',
      name: 'Django app',
      group: 'system',
      type: 'http',
      url: 'http://127.0.0.1:8000/server-status/api/',
      json: [
        { path: '$.visitor_pool.available', metric: 'visitorSlotsAvailable', of: 'visitorPoolSize' },
        { path: '$.visitor_pool.size', metric: 'visitorPoolSize' },
        { path: '$.workers.idle', metric: 'workersIdle', max: 8 },
      ],
    },
    { id: 'db', name: 'Database port', group: 'system', type: 'tcp', host: '127.0.0.1', port: 5432 },
  ],
};

let tempDir: string;
let browser: Browser;
let server: StaticServer;
let firstSummary: SummaryWithCapacities;
let laterSummary: string;

interface SummaryWithCapacities {
  vigil: { components: Record<string, { capacities?: Record<string, unknown> }> };
}

/**
 * A day of runs up to endMs; the app's pool has 12 of 20 slots free and 3 idle workers, and from
 * poolDropMs on 7 free with its idle workers no longer reported.
 */
async function buildAt(name: string, endMs: number, poolDropMs: number): Promise<string> {
  const siteDir = path.join(tempDir, name);
  const dataDir = path.join(siteDir, 'data');
  await mkdir(dataDir, { recursive: true });
  const configPath = path.join(siteDir, 'status.config.yaml');
  await writeFile(configPath, JSON.stringify(CONFIG, null, 2));
  const lines = generateSnapshotLines({
    source: 'local',
    checkIds: ['app', 'db'],
    from: new Date(endMs - 24 * 60 * MINUTE_MS + INTERVAL_MS),
    to: new Date(endMs + 1),
    intervalMs: INTERVAL_MS,
  }).map((line): SnapshotLine => {
    const isDropped = Date.parse(line.t) >= poolDropMs;
    const pool = isDropped
      ? { visitorSlotsAvailable: 7, visitorPoolSize: 20 }
      : { visitorSlotsAvailable: 12, visitorPoolSize: 20, workersIdle: 3 };
    return {
      ...line,
      results: line.results.map((result) =>
        result.id === 'app' ? { ...result, metrics: { ...result.metrics, ...pool } } : result,
      ),
    };
  });
  await writeSnapshotFixtures(dataDir, lines);
  const outDir = path.join(siteDir, 'dist');
  await buildSite({ configPath, dataDir, outDir, buildTimeMs: endMs });
  return outDir;
}

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-capacity-refresh-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const first = await buildAt('first', FIRST_END_MS, LATER_END_MS);
  const later = await buildAt('later', LATER_END_MS, LATER_END_MS);
  firstSummary = JSON.parse(await readFile(path.join(first, 'api/v2/summary.json'), 'utf8'));
  laterSummary = await readFile(path.join(later, 'api/v2/summary.json'), 'utf8');
  server = await serveStatic(first);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** The front page with the browser's clock at timeMs; console errors and failed requests collected. */
async function openFrontAt(
  context: BrowserContext,
  timeMs: number,
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
  await page.clock.install({ time: timeMs });
  await page.goto(`${server.origin}/`, { waitUntil: 'load' });
  return { page, problems };
}

/** The app row's status word and each capacity figure as shown (null while hidden). */
async function readAppRow(page: Page) {
  const row = page.locator('li.component[data-component="app"]');
  const shown = async (name: string) => {
    const figure = row.locator(`[data-capacity="${name}"]`);
    return (await figure.isVisible()) ? await figure.innerText() : null;
  };
  return {
    status: await row.locator('.status-label').textContent(),
    pool: await shown('visitorSlotsAvailable'),
    workers: await shown('workersIdle'),
  };
}

describe('the front page capacity figure', () => {
  it('summary.json gives a capacity check its figures, and a check without capacities nothing new', () => {
    expect(firstSummary.vigil.components.app?.capacities).toEqual({
      visitorSlotsAvailable: { value: 12, max: 20, text: '12 / 20' },
      workersIdle: { value: 3, max: 8, text: '3 / 8' },
    });
    expect(firstSummary.vigil.components.db).not.toHaveProperty('capacities');
  });

  it('shows the newest figures beside the name while the data is current', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openFrontAt(context, FIRST_END_MS + MINUTE_MS);
    await expect(readAppRow(page)).resolves.toEqual({
      status: 'Operational',
      pool: 'Visitor slots available 12 / 20',
      workers: 'Workers idle 3 / 8',
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('redraws them from a newer summary through live refresh ("—" for one the newest run lacks)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/api/v2/summary.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: laterSummary }),
    );
    // Eleven minutes after the first build's newest run: the page is behind and reads the summary at once.
    const { page, problems } = await openFrontAt(context, LATER_END_MS + MINUTE_MS);
    await expect
      .poll(() => readAppRow(page).then((row) => row.pool), { timeout: 20_000 })
      .toBe('Visitor slots available 7 / 20');
    await expect(readAppRow(page)).resolves.toEqual({
      status: 'Operational',
      pool: 'Visitor slots available 7 / 20',
      workers: 'Workers idle —',
    });
    await page.locator('[data-group="system"]').screenshot({
      path: path.join(SCREENSHOT_DIR, 'capacity-refresh-1280.png'),
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('hides them once the row says No data by the reader’s clock, and a newer summary brings them back', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    // An hour after the newest run (the check's staleAfter is 3 × 5 min): judged before the first paint.
    const { page, problems } = await openFrontAt(context, FIRST_END_MS + 60 * MINUTE_MS);
    await expect(readAppRow(page)).resolves.toEqual({ status: 'No data for 1 h', pool: null, workers: null });
    await page.locator('[data-group="system"]').screenshot({
      path: path.join(SCREENSHOT_DIR, 'capacity-stale-375.png'),
    });
    // Fresh data again, with the clock ten minutes after its newest run: the figure is back, current.
    const later = JSON.parse(laterSummary) as {
      vigil: { components: Record<string, { updated_at: string }> };
    };
    const freshAt = new Date(FIRST_END_MS + 55 * MINUTE_MS).toISOString();
    for (const component of Object.values(later.vigil.components)) component.updated_at = freshAt;
    await context.route('**/api/v2/summary.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(later) }),
    );
    await page.clock.runFor(5_000);
    await expect
      .poll(() => readAppRow(page).then((row) => row.pool), { timeout: 20_000 })
      .toBe('Visitor slots available 7 / 20');
    await expect(readAppRow(page).then((row) => row.status)).resolves.toBe('Operational');
    expect(problems).toEqual([]);
    await context.close();
  });
});
