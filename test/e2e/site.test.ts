import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../core/model/index.ts';
import type { StatuspageSummary } from '../../src/data/statuspage-types.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { readBarDays, resolveColour } from '../helpers/daily-bar.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

const CONFIG_PATH = fileURLToPath(new URL('../fixtures/site/status.config.yaml', import.meta.url));
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;

/**
 * Three days of five-minute runs ending now: the website was down for two hours in the middle (its
 * 7-day uptime is 1 - 2 h / 72 h = 97.22%), the job queue has been down for the last half hour, and the
 * disabled legacy check was last collected two days ago by a retired collector.
 */
async function writeScenario(dataDir: string, nowMs: number): Promise<void> {
  const fromMs = Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS - 3 * DAY_MS;
  // 10:00–12:00 UTC of the day before yesterday: inside one UTC day whatever the hour the test runs
  // (so the bar has one outage cell of "2 h down"), after the first run and before the last 24 h.
  const outageFromMs = Math.floor((nowMs - 2 * DAY_MS) / DAY_MS) * DAY_MS + 10 * HOUR_MS;
  const outageToMs = outageFromMs + 2 * HOUR_MS;
  const statusAt = (id: string, t: number): CheckStatus => {
    if (id === 'web' && t >= outageFromMs && t < outageToMs) return 'down';
    if (id === 'queue' && t >= nowMs - 30 * MINUTE_MS) return 'down';
    return 'up';
  };
  const main = generateSnapshotLines({
    source: 'main',
    checkIds: ['web', 'api', 'db', 'queue', 'backup'],
    from: new Date(fromMs),
    to: new Date(nowMs),
    intervalMs: INTERVAL_MS,
    statusAt,
  });
  const retired = generateSnapshotLines({
    source: 'retired',
    checkIds: ['legacy'],
    from: new Date(fromMs),
    to: new Date(fromMs + DAY_MS),
    intervalMs: INTERVAL_MS,
  });
  await writeSnapshotFixtures(dataDir, [...main, ...retired]);
}

function componentRow(page: Page, id: string) {
  return page.locator(`[data-component="${id}"]`);
}

describe('the site built from three days of runs', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-site-'));
    const dataDir = path.join(tempDir, 'data');
    const outDir = path.join(tempDir, 'dist');
    await writeScenario(dataDir, Date.now());
    await buildSite({ configPath: CONFIG_PATH, dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('shows the overall banner, groups, statuses and uptime on the front page', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, problems } = await openPage(context, `${server.origin}/`);

    await expect(page.title()).resolves.toBe('Example Lab status');
    await expect(page.locator('.banner').textContent()).resolves.toContain('Partial outage');
    await expect(page.locator('.banner time').getAttribute('datetime')).resolves.toMatch(/Z$/);

    const web = componentRow(page, 'web');
    await expect(web.locator('.status-label').textContent()).resolves.toBe('Operational');
    await expect(web.locator('dd[data-window="24h"]').textContent()).resolves.toContain('100%');
    await expect(web.locator('dd[data-window="7d"]').textContent()).resolves.toContain('97.22%');
    await expect(componentRow(page, 'queue').locator('.status-label').textContent()).resolves.toBe(
      'Major outage',
    );
    const legacy = componentRow(page, 'legacy');
    // Disabled, but it ran until two days ago: its data is stale, and the page says for how long.
    await expect(legacy.locator('.status-label').textContent()).resolves.toMatch(
      /^No data for 2 d( \d+ h)?$/,
    );
    await expect(legacy.textContent()).resolves.toContain('not collected');

    const groupHeadings = await page.locator('.group h2').allTextContents();
    expect(groupHeadings.map((text) => text.trim())).toEqual(['Core services', 'Infrastructure', 'Other']);
    const infraStatus = page
      .locator('.group', { has: page.locator('#group-infra') })
      .locator('summary .status-label');
    await expect(infraStatus.textContent()).resolves.toBe('Partial outage');
    await expect(componentRow(page, 'backup').isVisible()).resolves.toBe(true);

    await page.screenshot({ path: '/tmp/vigil-home.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('draws the history chart on a component page reached by its link', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, problems } = await openPage(context, `${server.origin}/`);
    await componentRow(page, 'web').getByRole('link', { name: 'Website' }).click();
    await page.waitForURL(`${server.origin}/components/web/`);

    await expect(page.locator('h1').textContent()).resolves.toBe('Website');
    await page.waitForSelector('canvas[data-chart-drawn="true"]');
    const canvas = await page
      .locator('figure[data-chart] canvas')
      .first()
      .evaluate((element) => {
        const drawn = element as HTMLCanvasElement;
        const pixels = drawn.getContext('2d')?.getImageData(0, 0, drawn.width, drawn.height).data ?? [];
        let paintedCount = 0;
        for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] ?? 0) > 0) paintedCount++;
        return { width: drawn.width, height: drawn.height, paintedCount };
      });
    expect(canvas.width).toBeGreaterThan(0);
    expect(canvas.height).toBeGreaterThan(0);
    expect(canvas.paintedCount).toBeGreaterThan(100);

    await expect(
      page.locator('.uptime-table [data-window="7d"] td').first().textContent(),
    ).resolves.toContain('97.22%');
    await expect(page.locator('table:has(caption:text("Latest results")) tbody tr').count()).resolves.toBe(
      20,
    );

    await page.screenshot({ path: '/tmp/vigil-component.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('serves a Statuspage-shaped summary.json', async () => {
    const response = await fetch(`${server.origin}/api/v2/summary.json`);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as StatuspageSummary;
    expect(summary.page).toMatchObject({ name: 'Example Lab status', url: 'https://status.example.org/' });
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial outage' });
    const statusById = Object.fromEntries(
      summary.components.map((component) => [component.id, component.status]),
    );
    expect(statusById).toEqual({
      'group:core': 'operational',
      web: 'operational',
      api: 'operational',
      'group:infra': 'partial_outage',
      db: 'operational',
      queue: 'major_outage',
      backup: 'operational',
    });
    const infra = summary.components.find((component) => component.id === 'group:infra');
    expect(infra).toMatchObject({ group: true, components: ['db', 'queue'], group_id: null });
    expect(summary.components.find((component) => component.id === 'queue')?.group_id).toBe('group:infra');
    expect(summary.incidents).toEqual([]);
  });

  it('draws a 90-day bar per component: no data before the first run, the outage day in red', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${server.origin}/`);
    const website = page.locator('[data-component="web"] [data-daily-bar]');
    // One element per bar, whatever the days: its days are read by the keyboard, as a reader would.
    await expect(website.locator('*').count()).resolves.toBeLessThanOrEqual(8);
    const days = await readBarDays(website);
    expect(days).toHaveLength(90);
    // Three days of runs touch three or four UTC days, depending on the hour the test runs.
    const noData = days.filter((day) => day.text.endsWith(': no data'));
    expect(noData.length).toBeOneOf([86, 87]);
    const grey = await resolveColour(website, '--cell-no-data');
    for (const day of noData) expect(day.colour).toBe(grey);
    const outage = days.filter((day) => / down$/.test(day.text));
    expect(outage.map((day) => day.text)).toEqual([
      expect.stringMatching(/^\d{1,2} \w{3} 2026: 9\d\.\d+% up, 2 h down$/),
    ]);
    expect(outage[0]?.colour).toBe(await resolveColour(website, '--status-down'));
    expect(await website.getAttribute('aria-label')).toMatch(
      /^Website: [34] of the last 90 days with data, 1 with downtime$/,
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('serves status.json, components.json, badges and metrics.txt from the same build', async () => {
    const status = await (await fetch(`${server.origin}/api/v2/status.json`)).json();
    expect(status.status).toEqual({ indicator: 'major', description: 'Partial outage' });
    const components = await (await fetch(`${server.origin}/api/v2/components.json`)).json();
    expect(components.components.map((c: { id: string }) => c.id)).toContain('queue');

    const badge = await fetch(`${server.origin}/badges/queue.svg`);
    expect(badge.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await badge.text()).toContain('aria-label="Job queue: major outage"');
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${server.origin}/`);
    // As a README shows it: an <img> of the badge, loaded and laid out by the browser.
    const badgeWidthPx = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      return image.naturalWidth;
    }, `${server.origin}/badges/web-uptime-30d.svg`);
    expect(badgeWidthPx).toBeGreaterThan(50);
    expect(problems).toEqual([]);
    await context.close();

    const queue = await (await fetch(`${server.origin}/api/vigil/components/queue.json`)).json();
    expect(queue).toMatchObject({ id: 'queue', componentStatus: 'major_outage', statusText: 'Major outage' });
    // Every run of the last 24 h, older ones by the hour, the bar's 90 days by the day.
    const sinceMs = Date.parse(queue.historySince);
    expect(queue.history.length).toBeGreaterThan(250);
    expect(queue.history.every((run: { t: string }) => Date.parse(run.t) >= sinceMs)).toBe(true);
    expect(queue.history.at(-1)).toMatchObject({ status: 'down' });
    expect(queue.hourly.length).toBeGreaterThan(24);
    expect(Date.parse(queue.hourly.at(-1).t)).toBeLessThan(sinceMs);
    expect(queue.daily).toHaveLength(90);

    const metrics = await (await fetch(`${server.origin}/metrics.txt`)).text();
    expect(metrics).toContain(
      'vigil_component_status{component="queue",group="infra",status="major_outage"} 1',
    );
  });

  it('switches theme with the toggle and remembers it across reloads', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const { page, problems } = await openPage(context, `${server.origin}/components/web/`);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const toggle = page.getByRole('button', { name: /^Theme: system/ });
    expect(await background()).toBe('rgb(13, 17, 23)');
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.reload();
    expect(await background()).toBe('rgb(255, 255, 255)');
    await expect.poll(() => page.getByRole('button', { name: /^Theme: light/ }).count()).toBe(1);
    await page.getByRole('button', { name: /^Theme: light/ }).click();
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.getByRole('button', { name: /^Theme: dark/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a 360 px wide phone and is keyboard reachable', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
    const { page, problems } = await openPage(context, `${server.origin}/`);
    const overflowPx = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflowPx).toBeLessThanOrEqual(0);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.screenshot({ path: '/tmp/vigil-home-360.png', fullPage: true });

    await page.goto(`${server.origin}/components/web/`);
    await page.waitForSelector('canvas[data-chart-drawn="true"]');
    const componentOverflowPx = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(componentOverflowPx).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/vigil-component-360.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('warns by the reader’s clock when the page has gone stale since the build', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() + 2 * HOUR_MS });
    await page.goto(`${server.origin}/`);
    const warning = page.locator('[data-stale-warning]');
    await warning.waitFor({ state: 'visible' });
    await expect(warning.textContent()).resolves.toContain('the collectors may have stopped');
    await expect(page.locator('.banner time').textContent()).resolves.toMatch(/2 hours ago/);
    await context.close();
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page, problems } = await openPage(context, `${server.origin}/`);
    await expect(page.locator('.banner').textContent()).resolves.toContain('Partial outage');
    await expect(page.locator('.noscript-note').isVisible()).resolves.toBe(true);
    await expect(page.locator('details[open]').count()).resolves.toBe(3);
    await page.locator('#group-core').click();
    await expect(page.locator('details[open]').count()).resolves.toBe(2);

    await page.goto(`${server.origin}/components/queue/`);
    await expect(page.locator('.latest').textContent()).resolves.toContain('timed out after 5 s');
    await expect(page.locator('main').textContent()).resolves.toContain('The chart needs JavaScript');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers an unknown address with the 404 page', async () => {
    const response = await fetch(`${server.origin}/components/no-such-check/`);
    expect(response.status).toBe(404);
    await expect(response.text()).resolves.toContain('Page not found');
  });
});

describe('the site built with no data at all', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-site-empty-'));
    const dataDir = path.join(tempDir, 'data');
    await mkdir(dataDir);
    const outDir = path.join(tempDir, 'dist');
    await buildSite({ configPath: CONFIG_PATH, dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('says "No data" everywhere without errors', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${server.origin}/`);
    await expect(page.locator('.banner').textContent()).resolves.toContain('No data');
    const labels = await page.locator('.component .status-label').allTextContents();
    expect(labels.length).toBe(6);
    // The disabled legacy check never ran here: "Disabled", not "No data".
    expect(new Set(labels)).toEqual(new Set(['No data', 'Disabled']));
    await expect(componentRow(page, 'legacy').locator('.status-label').textContent()).resolves.toBe(
      'Disabled',
    );
    await expect(
      componentRow(page, 'web').locator('[data-window="24h"] [title="no data"]').count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: '/tmp/vigil-home-empty.png', fullPage: true });

    await page.goto(`${server.origin}/components/web/`);
    await expect(page.locator('main').textContent()).resolves.toContain('Nothing to chart yet');
    await expect(page.locator('canvas').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();

    const summary = (await (await fetch(`${server.origin}/api/v2/summary.json`)).json()) as StatuspageSummary;
    expect(summary.status).toEqual({ indicator: 'minor', description: 'No data' });
  });
});
