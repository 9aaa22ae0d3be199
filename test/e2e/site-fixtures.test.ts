import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatuspageSummary } from '../../src/data/statuspage-types.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { readBarDays, readPaintedColours, readSelectedDay, resolveColour } from '../helpers/daily-bar.ts';
import {
  getScenarioSlugs,
  getSiteFixtureConfigPath,
  SITE_FIXTURES,
  type SiteFixtureName,
  writeSiteFixtureData,
} from '../helpers/site-scenarios.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { STATUSPAGE_DOCUMENTS, validateStatuspageDocument } from '../helpers/statuspage-schema.ts';
import { openPage } from '../helpers/watched-page.ts';

// Each fixture site of test/fixtures/sites/ is built once from data generated relative to the clock,
// served on loopback and read in headless Chromium. Screenshots land in test-artifacts/screenshots/.

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const MINUTE_MS = 60_000;
interface FixtureExpectation {
  /** The site's `base`. */
  basePath: string;
  banner: string | RegExp;
  statusById: Record<string, string | RegExp>;
  /** How many of a bar's 90 cells have data: the runs touch this many UTC days, by the hour of the run. */
  daysWithData: number[];
}

const STALE_FOR = /^No data for 3 h( \d+ min)?$/;
const ALL_OPERATIONAL = {
  web: 'Operational',
  api: 'Operational',
  db: 'Operational',
  queue: 'Operational',
  backup: 'Operational',
};
const EXPECTED: Record<SiteFixtureName, FixtureExpectation> = {
  'all-up': { basePath: '/', banner: 'Operational', statusById: ALL_OPERATIONAL, daysWithData: [10, 11] },
  'partial-outage': {
    basePath: '/status/',
    banner: 'Partial outage',
    statusById: { ...ALL_OPERATIONAL, queue: 'Major outage' },
    daysWithData: [10, 11],
  },
  stale: {
    basePath: '/',
    // The newest run is three hours old: every status says for how long there has been no data.
    banner: STALE_FOR,
    statusById: { web: STALE_FOR, api: STALE_FOR, db: STALE_FOR, queue: STALE_FOR, backup: STALE_FOR },
    daysWithData: [3, 4],
  },
  empty: {
    basePath: '/',
    banner: 'No data',
    statusById: { web: 'No data', api: 'No data', db: 'No data', queue: 'No data', backup: 'No data' },
    daysWithData: [0],
  },
  maintenance: {
    basePath: '/',
    banner: 'Under maintenance',
    statusById: { ...ALL_OPERATIONAL, db: 'Under maintenance', queue: 'Under maintenance' },
    daysWithData: [2, 3],
  },
};

interface BuiltSite {
  server: StaticServer;
  outDir: string;
  /** Origin plus base, with its trailing slash. */
  home: string;
}

let tempDir: string;
let browser: Browser;
let nowMs: number;
const sites = new Map<SiteFixtureName, BuiltSite>();

function getSite(name: SiteFixtureName): BuiltSite {
  const site = sites.get(name);
  if (!site) throw new Error(`fixture site ${name} was not built`);
  return site;
}

/** A label is a word ("Operational") or, with the age in it, a pattern ("No data for 3 h 2 min"). */
function expectLabel(actual: string | null, expected: string | RegExp, what?: string): void {
  if (typeof expected === 'string') expect(actual, what).toBe(expected);
  else expect(actual, what).toMatch(expected);
}

function statusLabel(page: Page, id: string) {
  return page.locator(`[data-component="${id}"] .component-head .status-label`);
}

/** Rewrites the served summary.json for the length of `use`, then puts the built one back. */
async function withChangedSummary(
  site: BuiltSite,
  change: (summary: StatuspageSummary) => void,
  use: () => Promise<void>,
): Promise<void> {
  const file = path.join(site.outDir, 'api', 'v2', 'summary.json');
  const original = await readFile(file, 'utf8');
  const summary = JSON.parse(original) as StatuspageSummary;
  change(summary);
  await writeFile(file, JSON.stringify(summary));
  try {
    await use();
  } finally {
    await writeFile(file, original);
  }
}

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-site-fixtures-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  nowMs = Date.now();
  for (const name of SITE_FIXTURES) {
    const dataDir = path.join(tempDir, name, 'data');
    const outDir = path.join(tempDir, name, 'dist');
    await writeSiteFixtureData(name, dataDir, nowMs);
    await buildSite({ configPath: getSiteFixtureConfigPath(name), dataDir, outDir });
    const server = await serveStatic(outDir, { basePath: EXPECTED[name].basePath });
    sites.set(name, { server, outDir, home: `${server.origin}${EXPECTED[name].basePath}` });
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  for (const site of sites.values()) await site.server.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe.each(SITE_FIXTURES)('the %s fixture site', (name) => {
  const expected = EXPECTED[name];

  it('shows its banner, every status word and 90-day bars without console errors, at 1280 and 375 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, getSite(name).home);
    expectLabel(await page.locator('[data-banner-label]').textContent(), expected.banner);
    for (const [id, label] of Object.entries(expected.statusById)) {
      expectLabel(await statusLabel(page, id).textContent(), label, id);
    }
    const bars = page.locator('[data-daily-bar]');
    await expect(bars.count()).resolves.toBe(5);
    for (const bar of await bars.all()) {
      const days = await readBarDays(bar);
      expect(days).toHaveLength(90);
      const noDataCount = days.filter((day) => day.text.endsWith(': no data')).length;
      expect(expected.daysWithData).toContain(90 - noDataCount);
    }
    await expect(page.locator('[data-live-refresh]').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-home-1280.png`), fullPage: true });

    await page.setViewportSize({ width: 375, height: 800 });
    const overflowPx = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflowPx).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-home-375.png`), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('serves /api/v2/ documents that match the Statuspage API schema', async () => {
    for (const document of STATUSPAGE_DOCUMENTS) {
      const response = await fetch(`${getSite(name).home}api/v2/${document}`);
      expect(response.status, document).toBe(200);
      expect(validateStatuspageDocument(document, await response.json())).toEqual([]);
    }
    const summary = (await (
      await fetch(`${getSite(name).home}api/v2/summary.json`)
    ).json()) as StatuspageSummary;
    expect(summary.vigil.components.web?.status).toBeDefined();
    expect(summary.vigil.newest_data_at === null).toBe(name === 'empty');
  });
});

describe('the schema test itself', () => {
  it('rejects a summary in a shape Statuspage clients cannot read', () => {
    const broken = {
      page: { id: 'x', name: 'x', url: '/', time_zone: 'Etc/UTC', updated_at: 'yesterday' },
      status: { indicator: 'no_data', description: 'No data' },
      components: [{ id: 'web', name: 'Website', status: 'unknown' }],
      incidents: [],
    };
    expect(validateStatuspageDocument('summary.json', broken)).toEqual([
      "summary.json: must have required property 'scheduled_maintenances'",
      'summary.json/page/updated_at: must match format "date-time"',
      'summary.json/status/indicator: must be equal to one of the allowed values',
      "summary.json/components/0: must have required property 'created_at'",
      "summary.json/components/0: must have required property 'updated_at'",
      "summary.json/components/0: must have required property 'position'",
      "summary.json/components/0: must have required property 'description'",
      "summary.json/components/0: must have required property 'showcase'",
      "summary.json/components/0: must have required property 'group_id'",
      "summary.json/components/0: must have required property 'page_id'",
      "summary.json/components/0: must have required property 'group'",
      "summary.json/components/0: must have required property 'only_show_if_degraded'",
      'summary.json/components/0/status: must be equal to one of the allowed values',
    ]);
  });
});

describe('90-day bar tooltips', () => {
  it('show the day’s date, uptime and downtime on hover and on keyboard focus', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, getSite('all-up').home);
    const bar = page.locator('[data-component="web"] [data-daily-bar]');
    const tip = page.locator('[data-component="web"] .daily-tip');

    // The pointer over the newest day: the bar's right edge.
    const box = await bar.boundingBox();
    if (box === null) throw new Error('the bar is not laid out');
    await bar.hover({ position: { x: box.width - 2, y: box.height / 2 } });
    await expect(tip.isVisible()).resolves.toBe(true);
    const today = new Date(nowMs).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    await expect(tip.locator('strong').textContent()).resolves.toBe(today);
    await expect(tip.textContent()).resolves.toContain('100% up, no downtime');
    // Our tooltip replaces the browser's own; the bar is named by its summary and says the day it is on.
    await expect(bar.getAttribute('title')).resolves.toBeNull();
    await expect(bar.getAttribute('aria-label')).resolves.toMatch(
      /^Website: \d+ of the last 90 days with data/,
    );
    await expect(bar.getAttribute('aria-valuetext')).resolves.toMatch(/^\d+ \w{3} \d{4}: 100% up/);
    // The pointer over an older day: the tooltip follows it.
    await bar.hover({ position: { x: 2, y: box.height / 2 } });
    await expect(tip.textContent()).resolves.toContain('no data');
    await expect(tip.locator('strong').textContent()).resolves.not.toBe(today);

    await page.mouse.move(0, 0);
    await expect.poll(() => tip.isVisible()).toBe(false);

    // One tab stop per bar: the newest day; arrows walk the days.
    await page.locator('[data-component="web"] .component-name').focus();
    await page.keyboard.press('Tab');
    await expect(
      page.evaluate(() =>
        document.activeElement?.closest('[data-component]')?.getAttribute('data-component'),
      ),
    ).resolves.toBe('web');
    await expect(tip.locator('strong').textContent()).resolves.toBe(today);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('slider');
    await page.keyboard.press('Home');
    await expect(tip.textContent()).resolves.toContain('no data');
    await page.keyboard.press('ArrowRight');
    const secondDay = new Date(nowMs - 88 * 24 * 60 * MINUTE_MS).toISOString().slice(0, 10);
    await expect(page.evaluate(() => (document.activeElement as HTMLElement).dataset.day)).resolves.toBe(
      secondDay,
    );
    // What a screen reader announces is the tooltip's text.
    await expect(bar.getAttribute('aria-valuetext')).resolves.toBe(
      `${new Date(`${secondDay}T00:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      })}: no data`,
    );
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('2');
    await page.keyboard.press('Escape');
    await expect(tip.isVisible()).resolves.toBe(false);
    await page.keyboard.press('Tab');
    await expect(
      page.evaluate(() =>
        document.activeElement?.closest('[data-component]')?.getAttribute('data-component'),
      ),
    ).resolves.toBe('api');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('list the incidents of the day, linked, reachable by keyboard, under site.base', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const site = getSite('partial-outage');
    const { page, problems } = await openPage(context, site.home);
    const slug = getScenarioSlugs(nowMs).websiteOutage;
    const bar = page.locator('[data-component="web"] [data-daily-bar]');
    const tip = page.locator('[data-component="web"] .daily-tip');

    await page.locator('[data-component="web"] .component-name').focus();
    await page.keyboard.press('Tab');
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowLeft');
    // The outage day is painted red, marked along its top, and its incident is linked.
    const outageDay = await readSelectedDay(bar);
    expect(outageDay.colour).toBe(await resolveColour(bar, '--status-down'));
    expect(outageDay.text).toMatch(/2 h down · Website unreachable$/);
    await expect(tip.locator('a').evaluate((link: HTMLAnchorElement) => link.href)).resolves.toBe(
      `${site.home}incidents/${slug}/`,
    );
    await expect(tip.textContent()).resolves.toMatch(
      /^\d+ \w{3} \d{4}9\d\.\d\d% up, 2 h downWebsite unreachable$/,
    );
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Website unreachable',
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'partial-outage-tooltip-1280.png') });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.home}incidents/${slug}/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Website unreachable');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('live refresh', () => {
  it('picks up a changed summary.json without reloading, with a ticking countdown and relative time', async () => {
    const site = getSite('all-up');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: nowMs });
    const { problems } = await (async () => {
      const watched: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') watched.push(message.text());
      });
      page.on('pageerror', (error) => watched.push(error.message));
      await page.goto(site.home);
      return { problems: watched };
    })();
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const countdown = page.locator('[data-refresh-countdown]');
    // The fake clock still flows in real time between steps, so a second may have passed.
    await expect(page.locator('[data-live-refresh]').textContent()).resolves.toMatch(
      /^\s*Re-reads the data every 30 s; collected every 5 min\s+· next read in (30|29) s\s*$/,
    );
    await page.clock.runFor(10_000);
    await expect(countdown.textContent()).resolves.toMatch(/^next read in (20|19) s$/);

    const summaryRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('summary.json')) summaryRequests.push(new URL(request.url()).pathname);
    });
    await withChangedSummary(
      site,
      (summary) => {
        summary.status = { indicator: 'major', description: 'Partial outage' };
        summary.vigil.status = 'partial_outage';
        const web = summary.vigil.components.web;
        if (web)
          Object.assign(web, {
            status: 'major_outage',
            fresh_status: 'down',
            updated_at: new Date(nowMs).toISOString(),
          });
        summary.vigil.groups = summary.vigil.groups.map((group) =>
          group.id === 'core' ? { ...group, status: 'partial_outage' } : group,
        );
        summary.vigil.newest_data_at = new Date(nowMs + 4 * MINUTE_MS).toISOString();
      },
      async () => {
        await page.clock.runFor(20_000);
        await expect.poll(() => page.locator('[data-banner-label]').textContent()).toBe('Partial outage');
        expect(summaryRequests).toEqual(['/api/v2/summary.json']);
        await expect(statusLabel(page, 'web').textContent()).resolves.toBe('Major outage');
        await expect(
          page.locator('[data-component="web"] .component-head .status').getAttribute('style'),
        ).resolves.toBe('--status-color: var(--status-down)');
        await expect(page.locator('[data-group="core"] summary .status-label').textContent()).resolves.toBe(
          'Partial outage',
        );
        await expect(page.locator('.banner').getAttribute('data-status')).resolves.toBe('partial_outage');
        await expect(page.locator('.banner time').getAttribute('datetime')).resolves.toBe(
          new Date(nowMs + 4 * MINUTE_MS).toISOString(),
        );
        await expect(page.locator('[data-refresh-announcer]').textContent()).resolves.toBe(
          'Status now: Partial outage',
        );
        await expect(countdown.textContent()).resolves.toMatch(/^next read in (30|29) s$/);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'all-up-after-refresh-1280.png') });
        // "Updated …" ticks by the clock: the newest data is 4 minutes after nowMs, read 10 minutes later.
        await page.clock.runFor(14 * MINUTE_MS - 30_000);
        await expect(page.locator('.banner time').textContent()).resolves.toBe('10 minutes ago');
      },
    );
    await expect(
      page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the stale banner once the reader’s clock passes the threshold, with the time of the newest data', async () => {
    const context = await browser.newContext();
    const { page, problems } = await (async () => {
      const newPage = await context.newPage();
      await newPage.clock.install({ time: nowMs });
      const watched: string[] = [];
      newPage.on('pageerror', (error) => watched.push(error.message));
      await newPage.goto(getSite('all-up').home);
      return { page: newPage, problems: watched };
    })();
    const warning = page.locator('[data-stale-warning]');
    await expect(warning.isVisible()).resolves.toBe(false);
    await page.clock.fastForward('30:00');
    await expect.poll(() => warning.isVisible()).toBe(true);
    const newestAt = await page.locator('.banner time').getAttribute('datetime');
    await expect(warning.locator('time').getAttribute('datetime')).resolves.toBe(newestAt);
    await expect(warning.textContent()).resolves.toMatch(
      /No new data for 3\d min \(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\), so the\s+collectors may have stopped/,
    );
    // The statuses the data no longer supports say so too, with the same age.
    await expect(page.locator('[data-banner-label]').textContent()).resolves.toMatch(/^No data for 3\d min$/);
    await expect(page.locator('.banner time').textContent()).resolves.toMatch(/^3\d minutes ago$/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'all-up-stale-by-clock-1280.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('turns a page built with no data current once data arrives', async () => {
    const site = getSite('empty');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: nowMs });
    await page.goto(site.home);
    await expect(page.locator('.banner-updated').textContent()).resolves.toContain(
      'No data has been collected yet',
    );
    await withChangedSummary(
      site,
      (summary) => {
        summary.status = { indicator: 'none', description: 'Operational' };
        summary.vigil.status = 'operational';
        for (const component of Object.values(summary.vigil.components)) {
          Object.assign(component, {
            status: 'operational',
            fresh_status: 'up',
            updated_at: new Date(nowMs + 60_000).toISOString(),
          });
        }
        summary.vigil.newest_data_at = new Date(nowMs + 60_000).toISOString();
      },
      async () => {
        await page.clock.runFor(60_000);
        await expect.poll(() => page.locator('[data-banner-label]').textContent()).toBe('Operational');
      },
    );
    await expect(page.locator('.banner-updated').textContent()).resolves.toBe('Updated just now');
    await expect(statusLabel(page, 'queue').textContent()).resolves.toBe('Operational');
    await context.close();
  });
});

describe('fixture specifics', () => {
  it('stale: says at build time, with or without JavaScript, that the status may be out of date', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const { page, problems } = await openPage(context, getSite('stale').home);
      const warning = page.locator('[data-stale-warning]');
      await expect(warning.isVisible()).resolves.toBe(true);
      await expect(warning.textContent()).resolves.toMatch(/No new data for 3 h( \d+ min)? \(since /);
      await expect(page.locator('.banner time').textContent()).resolves.toMatch(/^3 hours ago$/);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('maintenance: lists the maintenance in progress and the upcoming one', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, getSite('maintenance').home);
    await expect(page.locator('[data-incident-list="current"]').textContent()).resolves.toContain(
      'Infrastructure upgrade',
    );
    await expect(page.locator('[data-incident-list="upcoming"]').textContent()).resolves.toContain(
      'Website restart',
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('without JavaScript: full content and a note that the page does not refresh itself', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page, problems } = await openPage(context, getSite('partial-outage').home);
    await expect(page.locator('.noscript-note').textContent()).resolves.toContain('does not refresh itself');
    await expect(page.locator('[data-banner-label]').textContent()).resolves.toBe('Partial outage');
    await expect(page.locator('.component').count()).resolves.toBe(5);
    await expect(page.locator('[data-live-refresh]').isVisible()).resolves.toBe(false);
    // The bar is drawn without JavaScript (its outage day in red), and its title (the browser's
    // tooltip) lists its days with incidents, in the words of the tooltip.
    await expect(
      page.locator('[data-component="web"] [data-daily-bar]').getAttribute('title'),
    ).resolves.toMatch(/^\d+ \w{3} \d{4}: 9\d\.\d\d% up, 2 h down · Website unreachable$/);
    await expect(
      page.locator('[data-component="web"] [data-daily-bar]').getAttribute('aria-label'),
    ).resolves.toMatch(/^Website: \d+ of the last 90 days with data, 1 with downtime$/);
    const bar = page.locator('[data-component="web"] [data-daily-bar]');
    const red = await resolveColour(bar, '--status-down');
    expect((await readPaintedColours(bar, 90)).filter((colour) => colour === red)).toHaveLength(1);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'partial-outage-no-js-1280.png'),
      fullPage: true,
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('all-up: draws the charts of a component page, at 1280 and 375 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${getSite('all-up').home}components/web/`);
    await page.waitForSelector('canvas[data-chart-drawn="true"]');
    const paintedCounts = await page.locator('canvas[data-chart-drawn="true"]').evaluateAll((canvases) =>
      canvases.map((element) => {
        const canvas = element as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let painted = 0;
        for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] ?? 0) > 0) painted++;
        return painted;
      }),
    );
    expect(paintedCounts.length).toBeGreaterThan(0);
    for (const painted of paintedCounts) expect(painted).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'all-up-component-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'all-up-component-375.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('all-up: the theme toggle switches and is remembered', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const { page, problems } = await openPage(context, getSite('all-up').home);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.getByRole('button', { name: /^Theme: system/ }).click();
    await page.getByRole('button', { name: /^Theme: light/ }).click();
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.reload();
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'all-up-home-dark-1280.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
