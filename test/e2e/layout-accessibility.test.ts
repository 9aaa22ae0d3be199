// Every page type of a built HPC site (14 days of 5-minute runs) at phone and desktop widths, in both
// themes: nothing wider than the viewport, axe-core clean, no layout shift on load, and a daily bar
// whose cells are touch targets — 90, 60 or 30 days by the room there is.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { writeCheckTypeSite } from '../helpers/check-type-site.ts';
import { CHROMIUM_ARGS, openSettled, RECORD_LAYOUT_SHIFTS } from '../helpers/chromium.ts';
import { readBarDays, readSelectedDay } from '../helpers/daily-bar.ts';
import { type HpcSite, LONG_COMPONENT_NAME, writeHpcSite } from '../helpers/hpc-site.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ARTIFACTS_DIR = path.resolve('test-artifacts');
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

/** One path of every page type the site renders. */
function listPagePaths(site: HpcSite): Record<string, string> {
  return {
    front: '/',
    component: '/components/portal/',
    'cluster component': `/components/${site.clusterId}/`,
    'cluster index': '/clusters/',
    cluster: `/clusters/${site.clusterId}/`,
    'incident list': '/incidents/',
    incident: `/incidents/${site.slugs.resolved}/`,
    'active incident': `/incidents/${site.slugs.active}/`,
    maintenance: `/incidents/${site.slugs.maintenance}/`,
    collectors: '/hosts/',
    collector: `/hosts/${site.source}/`,
    badges: '/badges/',
    'not found': '/no-such-page/',
  };
}

async function newContext(browser: Browser, width: number, scheme: Scheme): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
  await context.addInitScript(RECORD_LAYOUT_SHIFTS);
  return context;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function runAxe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact}): ${violation.help} at ${node.target.join(' ')}`,
    ),
  );
}

describe('layout and accessibility of every page type', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;
  let pages: Record<string, string>;
  let builtAtMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-layout-'));
    builtAtMs = Date.now();
    const site = await writeHpcSite({ dir: tempDir, nowMs: builtAtMs });
    const outDir = path.join(tempDir, 'dist');
    await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir });
    pages = listPagePaths(site);
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it.each([360, 375, 1280])('no page is wider than a %i px viewport', async (width) => {
    const context = await newContext(browser, width, 'light');
    const tooWide: string[] = [];
    for (const [name, pagePath] of Object.entries(pages)) {
      const page = await openSettled(context, `${server.origin}${pagePath}`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width) tooWide.push(`${name} (${pagePath}): ${scrollWidth} px`);
      await page.close();
    }
    await context.close();
    expect(tooWide).toEqual([]);
  });

  it('a long component name wraps inside its row at 360 px', async () => {
    const context = await newContext(browser, 360, 'light');
    const page = await openSettled(context, `${server.origin}/`);
    const name = page.locator('[data-component="portal"]').getByText(LONG_COMPONENT_NAME);
    const box = await name.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
    expect(box?.height ?? 0).toBeGreaterThan(30);
    await context.close();
  });

  for (const scheme of SCHEMES)
    it.each([375, 1280])(`axe-core finds no violation on any page at %i px, ${scheme}`, async (width) => {
      const context = await newContext(browser, width, scheme);
      const found: string[] = [];
      for (const [name, pagePath] of Object.entries(pages)) {
        const page = await openSettled(context, `${server.origin}${pagePath}`);
        for (const violation of await runAxe(page)) found.push(`${name}: ${violation}`);
        await page.close();
      }
      await context.close();
      expect(found).toEqual([]);
    });

  it.each([375, 1280])(
    'loading /, the cluster page, a component page and the incident list shifts the layout by at most 0.02 at %i px',
    async (width) => {
      for (const scheme of SCHEMES) {
        const context = await newContext(browser, width, scheme);
        for (const pagePath of [pages.front, pages.cluster, pages.component, pages['incident list']]) {
          const page = await openSettled(context, `${server.origin}${pagePath}`);
          const shift = await page.evaluate(() => (window as unknown as { vigilShift: number }).vigilShift);
          expect(shift, `${pagePath} at ${width} px, ${scheme}`).toBeLessThanOrEqual(0.02);
          await page.close();
        }
        await context.close();
      }
    },
  );

  it('without JavaScript the theme button and the incident filters, which could do nothing, are not shown', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await expect(page.locator('[data-theme-toggle]').isVisible()).resolves.toBe(false);
    await page.goto(`${server.origin}/incidents/`);
    await expect(page.locator('[data-incident-filters]').isVisible()).resolves.toBe(false);
    await context.close();
  });

  it('a theme picked before is applied before first paint, with no shift', async () => {
    const context = await newContext(browser, 375, 'light');
    await context.addInitScript(() => localStorage.setItem('vigil-theme', 'dark'));
    const page = await context.newPage();
    const themes: string[] = [];
    await page.exposeFunction('reportTheme', (theme: string) => themes.push(theme));
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body === null) return;
        observer.disconnect();
        // The first moment there is a body to paint: the theme must already be there.
        (window as unknown as { reportTheme: (theme: string) => void }).reportTheme(
          document.documentElement.dataset.theme ?? 'none',
        );
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.origin}/`, { waitUntil: 'networkidle' });
    expect(themes[0]).toBe('dark');
    await expect(page.locator('[data-theme-toggle]').textContent()).resolves.toBe('Theme: dark');
    const shift = await page.evaluate(() => (window as unknown as { vigilShift: number }).vigilShift);
    expect(shift).toBeLessThanOrEqual(0.02);
    await context.close();
  });

  it.each([
    [360, 30],
    [375, 30],
    [768, 60],
    [1280, 90],
  ])('at %i px the daily bar shows %i days, each a 44 px-tall touch target', async (width, days) => {
    const context = await newContext(browser, width, 'light');
    // The browser's clock is the build's, so a run that crosses midnight UTC sees the same last day.
    await context.clock.setFixedTime(builtAtMs);
    const page = await openSettled(context, `${server.origin}/`);
    const bar = page.locator('[data-component="portal"] [data-daily-bar]');
    const shown = await readBarDays(bar);
    expect(shown).toHaveLength(days);
    expect(shown.at(-1)?.day).toBe(new Date(builtAtMs).toISOString().slice(0, 10));
    const box = await bar.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    // On a phone a day is wide enough to hit: 30 days over the bar rather than 90 slivers.
    expect((box?.width ?? 0) / days).toBeGreaterThanOrEqual(width < 500 ? 8 : 5);
    // Only the scale of the days shown is written.
    const scale = await page
      .locator('[data-component="portal"] .daily-scale')
      .evaluate((element) => [
        getComputedStyle(element, '::before').content,
        getComputedStyle(element, '::after').content,
      ]);
    expect(scale).toEqual([`"${days} days ago"`, '"today"']);
    await context.close();
  });

  it('a tapped day shows its details, and the arrow keys walk only the days shown', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await openSettled(context, `${server.origin}/`);
    const row = page.locator('[data-component="portal"]');
    const bar = row.locator('[data-daily-bar]');
    // A tap on the newest day, at the bar's right edge.
    const box = await bar.boundingBox();
    if (box === null) throw new Error('the bar is not laid out');
    await bar.tap({ position: { x: box.width - 3, y: box.height / 2 } });
    const tip = row.locator('.daily-tip');
    await expect(tip.isVisible()).resolves.toBe(true);
    await expect(tip.textContent()).resolves.toContain('up');
    await expect(page.evaluate(() => document.activeElement?.hasAttribute('data-daily-bar'))).resolves.toBe(
      true,
    );
    const today = (await readSelectedDay(bar)).day;
    await page.keyboard.press('Home');
    // 30 days shown at this width: Home is the oldest of them.
    const firstShown = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await expect(readSelectedDay(bar)).resolves.toMatchObject({ day: firstShown });
    await expect(tip.textContent()).resolves.toContain(
      new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${firstShown}T00:00:00Z`),
      ),
    );
    await page.keyboard.press('ArrowLeft');
    await expect(readSelectedDay(bar)).resolves.toMatchObject({ day: firstShown });
    await context.close();
  });

  it('"No data" days stand out at 3:1 or more against the page, in both themes', async () => {
    for (const scheme of SCHEMES) {
      const context = await newContext(browser, 1280, scheme);
      const page = await openSettled(context, `${server.origin}/`);
      const bar = page.locator('[data-component="portal"] [data-daily-bar]');
      const noData = (await readBarDays(bar)).find((day) => day.text.endsWith(': no data'));
      expect(noData, scheme).toBeDefined();
      const ratio = await bar.evaluate((_element, fillColour) => {
        const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const luminance = ([r, g, b]: number[]) => {
          const [lr, lg, lb] = [r, g, b].map((value) => {
            const c = (value ?? 0) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * (lr ?? 0) + 0.7152 * (lg ?? 0) + 0.0722 * (lb ?? 0);
        };
        const fill = luminance(rgb(fillColour));
        const page = luminance(rgb(getComputedStyle(document.documentElement).backgroundColor));
        return (Math.max(fill, page) + 0.05) / (Math.min(fill, page) + 0.05);
      }, noData?.colour ?? '');
      expect(ratio, scheme).toBeGreaterThanOrEqual(3);
      await context.close();
    }
  });

  it('wide tables scroll in their own labelled, focusable region', async () => {
    const context = await newContext(browser, 375, 'light');
    for (const pagePath of [pages.cluster, pages['cluster component'], pages.component]) {
      const page = await openSettled(context, `${server.origin}${pagePath}`);
      const regions = await page.locator('.table-scroll').evaluateAll((items) =>
        items.map((item) => ({
          tabIndex: (item as HTMLElement).tabIndex,
          role: item.getAttribute('role'),
          label: item.getAttribute('aria-label') ?? '',
          overflows: item.scrollWidth > item.clientWidth,
          // The shadows that say "more this way": two covers that scroll along, two edges that stay.
          cue: getComputedStyle(item).backgroundImage,
        })),
      );
      expect(regions.length, pagePath).toBeGreaterThan(0);
      for (const region of regions) {
        expect(region).toMatchObject({ tabIndex: 0, role: 'region' });
        expect(region.label).not.toBe('');
        expect(region.cue.match(/radial-gradient/g)).toHaveLength(2);
      }
      if (pagePath === pages.cluster) {
        expect(regions.some((region) => region.overflows)).toBe(true);
        // A keyboard reaches the region and scrolls it.
        const wide = page.locator('.table-scroll').nth(regions.findIndex((region) => region.overflows));
        await wide.focus();
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => wide.evaluate((item) => item.scrollLeft)).toBeGreaterThan(0);
      }
      await page.close();
    }
    await context.close();
  });

  it('screenshots of the front, component and cluster pages, for a person to look at', async () => {
    for (const width of [375, 1280])
      for (const scheme of SCHEMES) {
        const context = await newContext(browser, width, scheme);
        for (const [name, pagePath] of [
          ['front', pages.front],
          ['component', pages.component],
          ['cluster', pages.cluster],
          ['cluster-component', pages['cluster component']],
        ] as const) {
          const page = await openSettled(context, `${server.origin}${pagePath}`);
          await page.screenshot({
            path: path.join(ARTIFACTS_DIR, `layout-${name}-${width}-${scheme}.png`),
            fullPage: true,
          });
          await page.close();
        }
        await context.close();
      }
  });
});

// Every page of a site with one check of every type (current-values.test.ts runs axe over them): the
// tables, gauges and facts of each type fit a 360 px phone.
describe('every page of a site with one check of every type at 360 px', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;
  let pagePaths: string[];

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-layout-types-'));
    const site = await writeCheckTypeSite({ dir: tempDir, nowMs: Date.now() });
    const outDir = path.join(tempDir, 'dist');
    await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir });
    const files = await readdir(outDir, { recursive: true });
    pagePaths = files
      .filter((file) => file.endsWith('index.html'))
      .map((file) => `/${file.slice(0, -'index.html'.length)}`);
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('no page is wider than the viewport', async () => {
    expect(pagePaths.filter((pagePath) => pagePath.startsWith('/components/')).length).toBeGreaterThan(15);
    const context = await newContext(browser, 360, 'light');
    const tooWide: string[] = [];
    for (const pagePath of pagePaths) {
      const page = await openSettled(context, `${server.origin}${pagePath}`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > 360) tooWide.push(`${pagePath}: ${scrollWidth} px`);
      await page.close();
    }
    await context.close();
    expect(tooWide).toEqual([]);
  });
});
