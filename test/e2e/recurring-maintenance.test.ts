import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CheckStatus } from '../../core/model/index.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const CONFIG_PATH = fileURLToPath(new URL('../fixtures/incidents/status.config.yaml', import.meta.url));
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const ARTIFACTS_DIR = path.resolve('test-artifacts');
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const iso = (epochMs: number) => new Date(epochMs).toISOString();

const statusOf = (page: Page, id: string) =>
  page.locator(`[data-component="${id}"] .status-label`).textContent();

/**
 * A weekly database window of one hour whose first occurrence was two weeks ago, so this week's
 * starts ten minutes after the build; the database was down in each past window (14 days of runs
 * at 5-minute cadence), which is not held against its uptime.
 */
describe('a weekly maintenance window on the built site', () => {
  let tempDir: string;
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;
  let buildMs: number;
  let firstStartMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-recurring-'));
    const dataDir = path.join(tempDir, 'data');
    outDir = path.join(tempDir, 'dist');
    buildMs = Date.now();
    // Whole minutes, as people write windows.
    firstStartMs = Math.floor((buildMs - 14 * DAY_MS + 10 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
    const inPastWindow = (t: number) =>
      [0, 1].some(
        (week) => t >= firstStartMs + week * 7 * DAY_MS && t < firstStartMs + week * 7 * DAY_MS + HOUR_MS,
      );
    const statusAt = (id: string, t: number): CheckStatus => (id === 'db' && inPastWindow(t) ? 'down' : 'up');
    const lines = generateSnapshotLines({
      source: 'main',
      checkIds: ['web', 'api', 'db', 'queue'],
      from: new Date(buildMs - 14 * DAY_MS),
      to: new Date(buildMs),
      intervalMs: 5 * MINUTE_MS,
      statusAt,
    });
    await writeSnapshotFixtures(dataDir, lines);
    await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
    const frontmatter = {
      title: 'Weekly database patching',
      kind: 'maintenance',
      impact: 'minor',
      status: 'scheduled',
      affected: ['db'],
      start: iso(firstStartMs),
      end: iso(firstStartMs + HOUR_MS),
      rrule: `FREQ=WEEKLY;BYDAY=${['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(firstStartMs).getUTCDay()]}`,
    };
    await writeFile(
      path.join(dataDir, 'incidents', 'weekly-db-patching.md'),
      `---\n${stringify(frontmatter)}---\nSecurity patches for the database servers.\n`,
    );
    await buildSite({ configPath: CONFIG_PATH, dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('shows the next occurrence as upcoming, then active, then completed by the clock', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.clock.install({ time: new Date(buildMs) });
    await page.goto(`${server.origin}/`, { waitUntil: 'load' });
    const item = page.locator('li', { has: page.getByRole('link', { name: 'Weekly database patching' }) });
    const nextStartMs = firstStartMs + 14 * DAY_MS;
    await expect(item.getAttribute('data-phase')).resolves.toBe('upcoming');
    await expect(item.getAttribute('data-maintenance-start')).resolves.toBe(iso(nextStartMs));
    const time = (ms: number) => iso(ms).slice(11, 16);
    await expect(item.locator('[data-recurrence]').textContent()).resolves.toBe(
      `Every ${WEEKDAYS[new Date(firstStartMs).getUTCDay()]} ${time(firstStartMs)}–${time(firstStartMs + HOUR_MS)} UTC`,
    );
    // The past windows' downtime is maintenance, not an outage.
    await expect(page.locator('[data-component="db"] dd[data-window="7d"]').textContent()).resolves.toContain(
      '100%',
    );
    await expect(statusOf(page, 'db')).resolves.toBe('Operational');
    await page.clock.fastForward('15:00');
    await expect(item.getAttribute('data-phase')).resolves.toBe('in-progress');
    await expect(statusOf(page, 'db')).resolves.toBe('Under maintenance');
    await page.clock.fastForward('01:00:00');
    await expect(item.isHidden()).resolves.toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits the recurrence on the card at 375 and 1280 px, light and dark (screenshots in test-artifacts/)', async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    for (const width of [375, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        await page.goto(`${server.origin}/`, { waitUntil: 'load' });
        const card = page.locator('li', {
          has: page.getByRole('link', { name: 'Weekly database patching' }),
        });
        // The card is no wider than the page: nothing scrolls sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await card.screenshot({
          path: path.join(ARTIFACTS_DIR, `recurring-maintenance-${width}-${colorScheme}.png`),
        });
        await context.close();
      }
    }
  });

  it('says the rule on the maintenance page, and keeps the rule library out of browser scripts', async () => {
    const html = await (await fetch(`${server.origin}/incidents/weekly-db-patching/`)).text();
    expect(html).toMatch(/data-recurrence[^>]*>Every \w+day \d\d:\d\d–\d\d:\d\d UTC</);
    // Scripts are inlined in pages or written under _astro/; the rule parser (BYWEEKNO) is in neither.
    expect(html).not.toContain('BYWEEKNO');
    await expect((await fetch(`${server.origin}/`)).text()).resolves.not.toContain('BYWEEKNO');
    const scripts = (await readdir(path.join(outDir, '_astro'))).filter((name) => name.endsWith('.js'));
    for (const name of scripts) {
      await expect(readFile(path.join(outDir, '_astro', name), 'utf8')).resolves.not.toContain('BYWEEKNO');
    }
  });

  it('writes one recurring event to maintenance.ics, which ical.js expands to each weekly window', async () => {
    const text = await (await fetch(`${server.origin}/maintenance.ics`)).text();
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const event = new ICAL.Event(events[0]);
    expect(event.isRecurring()).toBe(true);
    const iterator = event.iterator();
    const starts: string[] = [];
    for (let next = iterator.next(); next && starts.length < 3; next = iterator.next()) {
      starts.push(next.toJSDate().toISOString());
    }
    expect(starts).toEqual([0, 1, 2].map((week) => iso(firstStartMs + week * 7 * DAY_MS)));
    expect(event.duration.toSeconds()).toBe(3600);
  });
});
