import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { CHECK_TYPE_SITE_CHECKS, writeCheckTypeSite } from '../helpers/check-type-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

// Every check type's component page, built from 14 days of 5-minute runs: "Current values" are
// labelled, unit-formatted facts grouped by kind, with one name per metric and no raw key.

const ARTIFACTS_DIR = path.resolve('test-artifacts');
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** A stored key shown as it is stored: camelCase, snake_case, `partition:gpu:…`. */
const RAW_KEY = /[a-z][A-Z]|_|^[a-z]|:\S/;
/** What each unit reads like, by the stored name's suffix. */
const UNIT_TEXT: [suffix: RegExp, text: RegExp][] = [
  [/BytesPerSecond$/, /^[\d.,]+ (B|KiB|MiB|GiB|TiB)\/s$/],
  [/Bytes$/, /^[\d.,]+ (B|KiB|MiB|GiB|TiB|PiB)$/],
  [/Ms$/, /^[\d.,]+ ms$/],
  [/Percent$/, /^[\d.,]+ %$/],
  [/Seconds$/, /^[\d.,]+ (ms|s|min|h|d)$/],
];

interface CurrentValuesView {
  headings: string[];
  facts: { name: string; label: string; value: string }[];
  tables: { heading: string; columns: string[]; rows: string[] }[];
}

/** What the "Current values" section shows, read from the page. */
async function readCurrentValues(page: Page): Promise<CurrentValuesView> {
  const section = page.locator('[data-current-values]');
  return {
    headings: await section.locator('.metric-group h3').allTextContents(),
    facts: await section.locator('[data-metric]').evaluateAll((items) =>
      items.map((item) => ({
        name: item.getAttribute('data-metric') ?? '',
        label: item.querySelector('dt')?.textContent?.trim() ?? '',
        value: item.querySelector('dd')?.textContent?.trim() ?? '',
      })),
    ),
    tables: await section.locator('[data-metric-table]').evaluateAll((tables) =>
      tables.map((table) => ({
        heading: table.querySelector('h3')?.textContent?.trim() ?? '',
        columns: [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? ''),
        rows: [...table.querySelectorAll('tbody th')].map((th) => th.textContent?.trim() ?? ''),
      })),
    ),
  };
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

function findDuplicates(labels: readonly string[]): string[] {
  return labels.filter((label, index) => labels.indexOf(label) !== index);
}

describe('"Current values" on every check type\'s component page', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-current-values-'));
    const site = await writeCheckTypeSite({ dir: tempDir, nowMs: Date.now() });
    const outDir = path.join(tempDir, 'dist');
    await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it.each(Object.entries(CHECK_TYPE_SITE_CHECKS))(
    '%s: no duplicated label, no raw key, units formatted',
    async (id, check) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, `${server.origin}/components/${id}/`);
      const view = await readCurrentValues(page);
      expect(view.facts.length + view.tables.length, `${check.type} shows current values`).toBeGreaterThan(0);
      const labels = [...view.facts.map((fact) => fact.label), ...view.tables.map((table) => table.heading)];
      expect(findDuplicates(labels)).toEqual([]);
      for (const label of [...labels, ...view.headings, ...view.tables.flatMap((table) => table.columns)]) {
        expect(label, `${check.type}: "${label}"`).not.toMatch(RAW_KEY);
      }
      for (const fact of view.facts) {
        expect(fact.value, `${fact.name}`).not.toBe('');
        const unit = UNIT_TEXT.find(([suffix]) => suffix.test(fact.name));
        if (unit !== undefined) expect(fact.value, `${check.type} ${fact.name}`).toMatch(unit[1]);
      }
      // One name everywhere: the page's own labels (details, lists, chart titles) never repeat a
      // current value's label under another name, and never say "Latency".
      const pageLabels = await page
        .locator('.details-list dt, .chart-title, main h2')
        .allTextContents()
        .then((texts) => texts.map((text) => text.trim()));
      const chartTitles = await page.locator('.chart-title').allTextContents();
      expect(
        findDuplicates([...labels, ...(await page.locator('.details-list dt').allTextContents())]),
      ).toEqual([]);
      for (const title of chartTitles) expect(title, `${check.type} chart`).not.toMatch(RAW_KEY);
      expect(pageLabels.join('\n')).not.toMatch(/\bLatency\b/);
      const text = await page.locator('main').innerText();
      expect(text).not.toContain('Rates missing');
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it('shows a cluster component as Response, Nodes, Capacity, Usage and Jobs, and its partitions as a table', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page } = await openPage(context, `${server.origin}/components/atlas/`);
    const view = await readCurrentValues(page);
    expect(view.headings).toEqual(['Response', 'Nodes', 'Capacity', 'Usage', 'Jobs']);
    const labels = view.facts.map((fact) => fact.label);
    expect(labels).toEqual(
      expect.arrayContaining(['CPU cores', 'CPU cores allocated', 'CPU allocation', 'Jobs running']),
    );
    expect(labels.join('\n')).not.toMatch(/Cpus|partition/i);
    // A handful of facts, not one tile per stored number.
    expect(view.facts.length).toBeLessThanOrEqual(22);
    expect(view.tables).toHaveLength(1);
    const [partitions] = view.tables;
    expect(partitions?.heading).toBe('Per partition');
    expect(partitions?.columns[0]).toBe('Partition');
    expect(partitions?.columns).toEqual(
      expect.arrayContaining(['Nodes', 'CPU cores', 'Jobs running', 'Jobs pending']),
    );
    expect(partitions?.rows.length).toBeGreaterThan(1);
    // The table scrolls inside its own focusable region on a phone.
    await expect(page.locator('[data-metric-table] .table-scroll').getAttribute('tabindex')).resolves.toBe(
      '0',
    );
    await context.close();
  });

  it('calls PBS partitions queues', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page } = await openPage(context, `${server.origin}/components/derecho/`);
    const view = await readCurrentValues(page);
    expect(view.tables.map((table) => [table.heading, table.columns[0]])).toEqual([['Per queue', 'Queue']]);
    await context.close();
  });

  it('shows a host with memory once as bytes and once as usage, filesystems as a table, and says when rates appear', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page } = await openPage(context, `${server.origin}/components/login1/`);
    const view = await readCurrentValues(page);
    expect(view.headings).toEqual(expect.arrayContaining(['Capacity', 'Usage', 'Health']));
    const labels = view.facts.map((fact) => fact.label);
    expect(labels.filter((label) => label === 'Memory used')).toHaveLength(1);
    expect(labels.filter((label) => label === 'Memory usage')).toHaveLength(1);
    expect(labels).not.toContain('Mem used');
    expect(view.tables.map((table) => table.heading)).toContain('Per filesystem');
    // The site's only host run is a first sample: no rate yet, in words a reader understands.
    await expect(page.getByText('first sample: rates appear after the next run').count()).resolves.toBe(1);
    await context.close();
  });

  it('names response time the same on every page that shows it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const id of ['portal', 'login-ssh', 'cache', 'portal-db', 'hub']) {
      const { page } = await openPage(context, `${server.origin}/components/${id}/`);
      const facts = (await readCurrentValues(page)).facts.filter((fact) => fact.label === 'Response time');
      expect(facts, id).toHaveLength(1);
      const titles = (await page.locator('.chart-title').allTextContents()).map((title) => title.trim());
      expect(
        titles.filter((title) => title === 'Response time'),
        id,
      ).toHaveLength(1);
      await page.close();
    }
    // A command's run time is its one timing chart, under its own name.
    const backup = await openPage(context, `${server.origin}/components/backup/`);
    const backupTitles = (await backup.page.locator('.chart-title').allTextContents()).map((title) =>
      title.trim(),
    );
    expect(backupTitles).toContain('Run time');
    expect(backupTitles).not.toContain('Response time');
    await context.close();
    // The component API gives the same names to the metrics it carries.
    const cache = await (await fetch(`${server.origin}/api/vigil/components/cache.json`)).json();
    expect(cache.metricLabels.pingMs).toEqual({ label: 'Response time', unit: 'ms' });
    expect(cache.metricLabels['queue:celery:length']).toEqual({
      label: 'Length — queue celery',
      unit: 'count',
    });
    const atlas = await (await fetch(`${server.origin}/api/vigil/components/atlas.json`)).json();
    expect(atlas.metricLabels.cpuUtilizationPercent).toEqual({ label: 'CPU allocation', unit: 'percent' });
  });

  it('lays a cluster and a host component out at 375 and 1280 px, light and dark: no overflow, axe-clean, screenshots', async () => {
    for (const width of [375, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        for (const id of ['atlas', 'login1']) {
          const { page } = await openPage(context, `${server.origin}/components/${id}/`);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(scrollWidth, `${id} at ${width} px`).toBeLessThanOrEqual(width);
          await expect(runAxe(page), `${id} at ${width} px, ${colorScheme}`).resolves.toEqual([]);
          await page.screenshot({
            path: path.join(ARTIFACTS_DIR, `current-values-${id}-${width}-${colorScheme}.png`),
            fullPage: true,
          });
          await page.close();
        }
        await context.close();
      }
    }
  });
});
