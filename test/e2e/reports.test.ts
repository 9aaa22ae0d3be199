// Issue 20: a monthly report in Chromium, built in Japanese at a fixed clock: every text of it comes
// from the ja catalogue, it fits a phone (wide tables scroll in their own region), and on paper it
// drops the site's navigation and fits the page.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../src/i18n/catalogue.ts';
import { generateSiteData } from '../bench/generate-site-data.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// A4 at 96 dpi, less Chromium's default print margins (about 1 cm each side).
const A4_PRINT_WIDTH_PX = 718;

let dir: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-reports-e2e-'));
  const site = await generateSiteData({
    outDir: path.join(dir, 'site'),
    components: 8,
    incidents: 8,
    rollupDays: 60,
    nowMs: NOW_MS,
  });
  const config = await readFile(site.configPath, 'utf8');
  await writeFile(
    site.configPath,
    config.replace('  title: Bench Lab status', '  title: Bench Lab status\n  language: ja'),
  );
  const outDir = path.join(dir, 'dist');
  await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir, buildTimeMs: NOW_MS });
  server = await serveStatic(outDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(pathname: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${server.origin}${pathname}`, { waitUntil: 'networkidle' });
  return page;
}

/** The English texts of the reports namespace that Japanese says otherwise, placeholders cut out. */
function listEnglishPhrases(): string[] {
  const en = getCatalogue('en');
  const ja = getCatalogue('ja');
  const phrases = new Set<string>();
  for (const [key, message] of Object.entries(en)) {
    if (!key.startsWith('reports.') || JSON.stringify(message) === JSON.stringify(ja[key])) continue;
    const forms = typeof message === 'string' ? [message] : Object.values(message);
    for (const form of forms)
      for (const piece of form.split(/\{\w+\}/)) if (piece.trim().length >= 4) phrases.add(piece.trim());
  }
  return [...phrases];
}

describe('a monthly report in the browser', () => {
  it('speaks Japanese throughout: no English text of the reports catalogue on the index or a month', async () => {
    const phrases = listEnglishPhrases();
    expect(phrases.length).toBeGreaterThan(30);
    for (const pathname of ['/reports/', '/reports/2026-11/', '/reports/2026-09/']) {
      const page = await open(pathname, 1280);
      expect(await page.locator('html').getAttribute('lang')).toBe('ja');
      const text = await page.locator('body').innerText();
      for (const phrase of phrases) expect(text, `${pathname}: "${phrase}"`).not.toContain(phrase);
      await page.close();
    }
    const month = await open('/reports/2026-11/', 1280);
    expect(await month.locator('h1').innerText()).toBe('稼働率レポート:2026年11月');
    expect(await month.locator('footer a[href="/reports/"]').innerText()).toBe('レポート');
    await month.close();
  });

  it('has no accessibility violations (axe) in light or dark', async () => {
    const violations: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const pathname of ['/reports/', '/reports/2026-11/']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
        await page.goto(`${server.origin}${pathname}`, { waitUntil: 'networkidle' });
        await page.addScriptTag({ path: AXE_PATH });
        const found = await page.evaluate(async () => {
          const { axe } = window as unknown as {
            axe: {
              run: (
                context: Document,
              ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
            };
          };
          return (await axe.run(document)).violations.flatMap((violation) =>
            violation.nodes.map((node) => `${violation.id} at ${node.target.join(' ')}`),
          );
        });
        violations.push(...found.map((text) => `${colorScheme} ${pathname}: ${text}`));
        await page.close();
      }
    }
    expect(violations).toEqual([]);
  });

  it('fits a phone: the page never scrolls sideways, its wide tables scroll in their own region', async () => {
    const page = await open('/reports/2026-11/', 375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const region = page.locator('.report-group .table-scroll').first();
    expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await page.close();
  });

  it('prints without the site navigation, every table within the paper width, as a PDF', async () => {
    const page = await open('/reports/2026-11/', A4_PRINT_WIDTH_PX);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header nav', '.theme-toggle', '.site-footer', '[data-report-csv]'])
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    expect(await page.locator('[data-report-overall]').isVisible()).toBe(true);
    const widest = await page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll('main table')].map((table) => table.getBoundingClientRect().right),
      ),
    );
    expect(widest).toBeLessThanOrEqual(A4_PRINT_WIDTH_PX);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });
});
