// Collapsed groups on the front page, built from real data and read in Chromium: one bar for the
// group whose days say the worst status of its components (as their own pages' bars show them) and
// count them, a compact list when opened, and every group collapsed on a site of more than 100
// components. Screenshots land in test-artifacts/screenshots/.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../core/model/index.ts';
import { COLLAPSE_GROUPS_ABOVE } from '../../src/data/group-bar.ts';
import { generateSiteData } from '../bench/generate-site-data.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS, openSettled } from '../helpers/chromium.ts';
import { readBarDays, resolveColour } from '../helpers/daily-bar.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const STATUS_VARS: Record<ComponentStatus, string> = {
  operational: '--status-up',
  degraded_performance: '--status-degraded',
  partial_outage: '--status-partial',
  major_outage: '--status-down',
  under_maintenance: '--status-maintenance',
  no_data: '--cell-no-data',
};
const SEVERITY: ComponentStatus[] = [
  'no_data',
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];
const COUNT_WORDS: Record<ComponentStatus, string> = {
  major_outage: 'major outage',
  partial_outage: 'partial outage',
  degraded_performance: 'degraded',
  under_maintenance: 'under maintenance',
  operational: 'operational',
  no_data: 'no data',
};

let tempDir: string;
let browser: Browser;
const servers: StaticServer[] = [];

/** A generated site of `components` (groups of ten), 1 day of raw runs and 89 of rollups. */
async function buildGeneratedSite(name: string, components: number, collapseGroup?: string): Promise<string> {
  const outDir = path.join(tempDir, name);
  const data = await generateSiteData({
    outDir: path.join(outDir, 'input'),
    components,
    days: 1,
    rollupDays: 89,
  });
  if (collapseGroup !== undefined) {
    const config = await readFile(data.configPath, 'utf8');
    await writeFile(
      data.configPath,
      config.replace(new RegExp(`(id: ${collapseGroup}, [^}]*?)\\s*}`), '$1, collapsed: true }'),
    );
  }
  await buildSite({ configPath: data.configPath, dataDir: data.dataDir, outDir: path.join(outDir, 'dist') });
  const server = await serveStatic(path.join(outDir, 'dist'));
  servers.push(server);
  return server.origin;
}

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-front-groups-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('a collapsed group', () => {
  let origin: string;

  beforeAll(async () => {
    origin = await buildGeneratedSite('small', 20, 'group-1');
  });

  it('shows one bar of the worst status of its components each day, counting them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${origin}/`);
    const group = page.locator('[data-group="group-1"]');
    await expect(group.getAttribute('class')).resolves.toContain('group-collapsed');
    const groupBar = group.locator('[data-daily-bar]');
    await expect(groupBar.count()).resolves.toBe(1);
    await expect(groupBar.getAttribute('aria-label')).resolves.toMatch(
      /^Service group 1: 90 of the last 90 days with data, (none|\d+) with an outage$/,
    );
    const groupDays = await readBarDays(groupBar);
    expect(groupDays).toHaveLength(90);

    // Each component's own bar, on its page: the status of each day by the colour painted.
    const statusByColour = new Map<string, ComponentStatus>();
    for (const [status, variable] of Object.entries(STATUS_VARS))
      statusByColour.set(await resolveColour(groupBar, variable), status as ComponentStatus);
    const componentDays: ComponentStatus[][] = [];
    for (let index = 1; index <= 10; index++) {
      const componentPage = await openSettled(
        context,
        `${origin}/components/svc-${String(index).padStart(4, '0')}/`,
      );
      const days = await readBarDays(componentPage.locator('[data-daily-bar]'));
      componentDays.push(days.map((day) => statusByColour.get(day.colour) ?? 'no_data'));
      await componentPage.close();
    }
    groupDays.forEach((groupDay, index) => {
      const statuses = componentDays.map((days) => days[index] ?? 'no_data');
      const worst = statuses.reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a));
      expect(statusByColour.get(groupDay.colour), groupDay.day).toBe(worst);
      for (const status of SEVERITY) {
        const count = statuses.filter((shown) => shown === status).length;
        if (count > 0) expect(groupDay.text, groupDay.day).toContain(`${count} ${COUNT_WORDS[status]}`);
      }
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists its components compactly when opened, and its bar is a tab stop with its tooltip', async () => {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const { page, problems } = await openPage(context, `${origin}/`);
      const group = page.locator('[data-group="group-1"]');
      const list = group.locator('.group-compact');
      await expect(list.isVisible()).resolves.toBe(false);
      await group.locator('.group-list > summary').click();
      await expect(list.isVisible()).resolves.toBe(true);
      const items = list.locator('[data-component]');
      await expect(items.count()).resolves.toBe(10);
      await expect(items.first().locator('a').getAttribute('href')).resolves.toBe('/components/svc-0001/');
      await expect(items.first().locator('.status-label').textContent()).resolves.toMatch(/\w/);
      await expect(items.first().textContent()).resolves.toMatch(/30 d\s*\d+(\.\d+)?%/);
      // The other group is not collapsed: each of its components has its own bar.
      await expect(page.locator('[data-group="group-2"] [data-daily-bar]').count()).resolves.toBe(10);

      await page.locator('[data-group="group-1"] h2').scrollIntoViewIfNeeded();
      const bar = group.locator('[data-daily-bar]');
      await bar.focus();
      await expect(group.locator('.daily-tip').isVisible()).resolves.toBe(true);
      await expect(group.locator('.daily-tip').textContent()).resolves.toMatch(/^\d+ \w{3,4} \d{4}\d+ \w/);
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `collapsed-group-${width}.png`),
        fullPage: true,
      });
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});

describe(`a site of more than ${COLLAPSE_GROUPS_ABOVE} components`, () => {
  it('shows every group collapsed: one bar per group, its components listed compactly', async () => {
    const origin = await buildGeneratedSite('large', COLLAPSE_GROUPS_ABOVE + 1);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${origin}/`);
    const groups = page.locator('section.group');
    await expect(groups.count()).resolves.toBe(11);
    await expect(page.locator('section.group-collapsed').count()).resolves.toBe(11);
    await expect(page.locator('[data-daily-bar]').count()).resolves.toBe(11);
    await expect(page.locator('.group-compact [data-component]').count()).resolves.toBe(
      COLLAPSE_GROUPS_ABOVE + 1,
    );
    const lastGroup: Locator = page.locator('[data-group="group-11"]');
    await expect(lastGroup.locator('.group-list > summary').textContent()).resolves.toBe('1 component');
    expect(problems).toEqual([]);
    await context.close();
  });
});
