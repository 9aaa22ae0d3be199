// What the text of a built HPC site (14 days of 5-minute runs) does at phone width once it is opened:
// a page opened minutes after its build lays out its relative times before the first paint (no
// shift), no duration ever breaks between its number and unit, badges keep their box before they
// load, and the incident list's Subscribe line reads as words.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTimeAgo } from '../../src/lib/format.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS, openSettled, RECORD_LAYOUT_SHIFTS, readShift } from '../helpers/chromium.ts';
import { type HpcSite, writeHpcSite } from '../helpers/hpc-site.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const MINUTE_MS = 60_000;
const ARTIFACTS_DIR = path.resolve('test-artifacts');
/** Every duration in the page's text ("5 min", "1.2 s", "3 h") that the layout split over two lines. */
function findBrokenDurations(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/\d+(?:\.\d+)?\s(?:ms|s|min|h|d)\b/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) broken.push(`"${match[0]}" in "${text.trim().slice(0, 80)}"`);
      }
    }
    return broken;
  });
}

describe('text that stays put at phone width', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;
  let site: HpcSite;
  let builtAtMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-settled-text-'));
    builtAtMs = Date.now();
    site = await writeHpcSite({ dir: tempDir, nowMs: builtAtMs });
    const outDir = path.join(tempDir, 'dist');
    await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('a cluster component opened 12 min after its build says so from its first paint: no layout shift', async () => {
    const openedAtMs = builtAtMs + 12 * MINUTE_MS;
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    await context.addInitScript(RECORD_LAYOUT_SHIFTS);
    await context.clock.setFixedTime(openedAtMs);
    const page = await openSettled(context, `${server.origin}/components/${site.clusterId}/`);
    const time = page.locator('.latest time[data-relative-time]');
    const newestMs = Date.parse((await time.getAttribute('datetime')) ?? '');
    await expect(time.textContent()).resolves.toBe(formatTimeAgo(newestMs, openedAtMs));
    expect(await readShift(page)).toBeLessThanOrEqual(0.02);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'settled-cluster-component-12min-360.png') });
    await context.close();
  });

  it('the relative times are written by the script that runs before the first paint, not after it', async () => {
    const openedAtMs = builtAtMs + 12 * MINUTE_MS;
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    await context.clock.setFixedTime(openedAtMs);
    // The module scripts (which run once the page is parsed, after a first paint may have happened)
    // are held back: what the page shows is what it shows at its first paint.
    await context.route('**/*.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${server.origin}/components/${site.clusterId}/`, { waitUntil: 'load' });
    const time = page.locator('.latest time[data-relative-time]');
    const newestMs = Date.parse((await time.getAttribute('datetime')) ?? '');
    await expect(time.textContent()).resolves.toBe(formatTimeAgo(newestMs, openedAtMs));
    await context.close();
  });

  it('no duration breaks between its number and unit, on any page, at 360 and 375 px', async () => {
    const paths = [
      '/',
      `/components/${site.clusterId}/`,
      '/components/portal/',
      `/clusters/${site.clusterId}/`,
      '/incidents/',
      `/incidents/${site.slugs.resolved}/`,
      `/incidents/${site.slugs.active}/`,
      `/incidents/${site.slugs.maintenance}/`,
      '/hosts/',
      `/hosts/${site.source}/`,
    ];
    const broken: string[] = [];
    for (const width of [360, 375]) {
      // An hour after the build too: the stale statuses and warnings then say "No data for 1 h 5 min".
      for (const openedAtMs of [builtAtMs, builtAtMs + 65 * MINUTE_MS]) {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        await context.clock.setFixedTime(openedAtMs);
        for (const pagePath of paths) {
          const page = await openSettled(context, `${server.origin}${pagePath}`);
          broken.push(
            ...(await findBrokenDurations(page)).map((text) => `${pagePath} at ${width} px: ${text}`),
          );
          if (pagePath === '/' && width === 375 && openedAtMs === builtAtMs)
            await page.screenshot({
              path: path.join(ARTIFACTS_DIR, 'settled-front-375.png'),
              fullPage: true,
            });
          await page.close();
        }
        await context.close();
      }
    }
    expect(broken).toEqual([]);
  }, 180_000);

  it('/badges/ gives each badge its size before it loads: no layout shift', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    await context.addInitScript(RECORD_LAYOUT_SHIFTS);
    const page = await openSettled(context, `${server.origin}/badges/`);
    const images = await page.locator('.badge-images img').evaluateAll((all) =>
      (all as HTMLImageElement[]).map((image) => ({
        src: image.getAttribute('src'),
        width: image.getAttribute('width'),
        height: image.getAttribute('height'),
        naturalWidth: image.naturalWidth,
        naturalHeight: image.naturalHeight,
      })),
    );
    expect(images.length).toBeGreaterThan(0);
    for (const image of images)
      expect(image, String(image.src)).toMatchObject({
        width: String(image.naturalWidth),
        height: String(image.naturalHeight),
      });
    expect(await readShift(page)).toBeLessThanOrEqual(0.02);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'settled-badges-360.png'), fullPage: true });
    await context.close();
  });

  it('the incident history says how to subscribe in words with spaces between them', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await openSettled(context, `${server.origin}/incidents/`);
    const line = await page.locator('main p', { hasText: 'Subscribe:' }).textContent();
    expect(line?.replace(/\s+/g, ' ').trim()).toBe('Subscribe: RSS · Atom · maintenance calendar');
    await context.close();
  });
});
