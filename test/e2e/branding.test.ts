// Issue 20, branding in a real browser: a branded site (test/helpers/branded-site.ts) built at a fixed
// clock and read at that clock in Chromium, light and dark: links take the accent, statuses the
// themed colours, site.css wins over global.css, the site's favicon stays; without a favicon the
// status icon is drawn in the themed colour.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRANDED_BUILT_AT_MS, writeBrandedSite } from '../helpers/branded-site.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS, openSettled } from '../helpers/chromium.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const rgbOf = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

let dir: string;
let browser: Browser;
const servers: StaticServer[] = [];

async function buildAndServe(name: string, site: Record<string, unknown> = {}): Promise<StaticServer> {
  const written = await writeBrandedSite(path.join(dir, name), site);
  const outDir = path.join(dir, `${name}-dist`);
  await buildSite({
    configPath: written.configPath,
    dataDir: written.dataDir,
    outDir,
    buildTimeMs: BRANDED_BUILT_AT_MS,
  });
  const server = await serveStatic(outDir, { basePath: '/status/' });
  servers.push(server);
  return server;
}

/** A page read half a minute after the build, in this colour scheme (and the reader's pick, if any). */
async function newContext(scheme: 'light' | 'dark', picked?: 'light' | 'dark'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
  await context.clock.install({ time: BRANDED_BUILT_AT_MS + 30_000 });
  if (picked) await context.addInitScript((theme) => localStorage.setItem('vigil-theme', theme), picked);
  return context;
}

let branded: StaticServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-branding-e2e-'));
  branded = await buildAndServe('branded');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a branded site in Chromium', () => {
  it.each([
    ['light', undefined, '#7a1f5c', '#b00020'],
    ['dark', undefined, '#e59ac8', '#d06679'],
    ['light', 'dark', '#e59ac8', '#d06679'],
    ['dark', 'light', '#7a1f5c', '#b00020'],
  ] as const)(
    'system %s, picked %s: links are %s, a down status %s',
    async (scheme, picked, accent, down) => {
      const context = await newContext(scheme, picked);
      const page = await openSettled(context, `${branded.origin}/status/`);
      const colours = await page.evaluate(() => ({
        link: getComputedStyle(document.querySelector('main a, footer a') as Element).color,
        footerLink: getComputedStyle(document.querySelector('.footer-text a') as Element).color,
        down: getComputedStyle(document.querySelector('[data-component="storage"] .status') as Element).color,
      }));
      expect(colours).toEqual({ link: rgbOf(accent), footerLink: rgbOf(accent), down: rgbOf(down) });
      await context.close();
    },
  );

  it.each(['light', 'dark'] as const)(
    'axe-core finds no colour-contrast problem in the themed colours, %s',
    async (scheme) => {
      const context = await newContext(scheme);
      const found: string[] = [];
      for (const pagePath of ['/status/', '/status/components/storage/', '/status/incidents/']) {
        const page = await openSettled(context, `${branded.origin}${pagePath}`);
        await page.addScriptTag({ path: AXE_PATH });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  context: Document,
                  options: object,
                ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
              };
            }
          ).axe;
          const result = await axe.run(document, {
            runOnly: ['color-contrast'],
            resultTypes: ['violations'],
          });
          return result.violations.flatMap((violation) =>
            violation.nodes.map((node) => `${violation.id} at ${node.target.join(' ')}`),
          );
        });
        found.push(...violations.map((violation) => `${pagePath}: ${violation}`));
        await page.close();
      }
      expect(found).toEqual([]);
      await context.close();
    },
  );

  it("site.css wins over global.css's rules of the same weight, and the body font is the theme's", async () => {
    const context = await newContext('light');
    const page = await openSettled(context, `${branded.origin}/status/incidents/`);
    const styles = await page.evaluate(() => {
      const html = getComputedStyle(document.documentElement);
      return {
        lineHeight: html.lineHeight,
        fontSize: html.fontSize,
        underlineOffset: getComputedStyle(document.querySelector('a') as Element).textUnderlineOffset,
        linkFontSize: getComputedStyle(document.querySelector('a') as Element).fontSize,
        fontFamily: getComputedStyle(document.body).fontFamily,
      };
    });
    expect(styles.lineHeight).toBe(`${Number.parseFloat(styles.fontSize) * 1.75}px`);
    // 0.4em of the link's own size (global.css says 0.15em).
    expect(Number.parseFloat(styles.underlineOffset)).toBeCloseTo(
      Number.parseFloat(styles.linkFontSize) * 0.4,
      1,
    );
    expect(styles.fontFamily).toBe('IPAGothic, "Noto Sans JP", system-ui, sans-serif');
    await context.close();
  });

  it("keeps the site's favicon once the page has judged its statuses, and shows the footer line", async () => {
    const context = await newContext('light');
    const page = await openSettled(context, `${branded.origin}/status/`);
    const icons = await page
      .locator('link[rel="icon"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(icons).toEqual([expect.stringMatching(/^\/status\/branding\/favicon-[0-9a-f]{10}\.svg$/)]);
    const response = await page.request.get(`${branded.origin}${icons[0]}`);
    expect(response.headers()['content-type']).toBe('image/svg+xml');
    await expect
      .poll(() => page.locator('.footer-text').innerText())
      .toBe('© 2026 Example <script>alert(1)</script> Centre · Help desk · 24/7');
    await context.close();
  });

  it('without a favicon, draws the status icon in the themed colour', async () => {
    const plainIcon = await buildAndServe('status-icon', {
      favicon: undefined,
      theme: { status: { partial: { light: '#8f3b00', dark: '#ffa657' } } },
    });
    for (const [scheme, colour] of [
      ['light', '#8f3b00'],
      ['dark', '#ffa657'],
    ] as const) {
      const context = await newContext(scheme);
      const page = await openSettled(context, `${plainIcon.origin}/status/`);
      // One of three checks is down: a partial outage.
      await expect.poll(() => page.locator('.banner').innerText()).toContain('Partial outage');
      const href = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(decodeURIComponent(href ?? '')).toContain(`fill="${colour}"`);
      await context.close();
    }
  });
});
