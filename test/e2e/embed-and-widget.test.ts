// Other sites showing Vigil's status, in Chromium: a page on one loopback origin embeds Atlassian's
// status widget (@statuspage/status-widget 1.0.5, which reads <src host>/api/v2/summary.json at the
// host root), Vigil's embed script and its /embed/ iframe, pointed at a Vigil site on another origin
// served by nginx with the snippet the build wrote: at the root base, and under /status/ through the
// documented root redirect. Sites are built at a fixed clock, which the browser's clock is set to.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, runAxe } from '../helpers/chromium.ts';
import {
  buildHostingSite,
  HOSTING_BUILT_AT_MS,
  type HostingSite,
  makeNginxServerBlock,
} from '../helpers/hosting-site.ts';
import { type NginxServer, startNginx } from '../helpers/services/start-nginx.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

// Pages load several sites at once on a shared machine: give what they draw time to appear.
const POLL = { timeout: 20_000 };
const WIDGET_SCRIPT = createRequire(import.meta.url).resolve('@statuspage/status-widget/dist/index.js');

interface ServedSite {
  site: HostingSite;
  nginx: NginxServer;
  /** The site's address: "http://127.0.0.1:PORT/status/". */
  url: string;
}

let browser: Browser;
let embedder: StaticServer;
let embedderDir: string;
let atRoot: ServedSite;
let underBase: ServedSite;

async function serveSite(options: Parameters<typeof buildHostingSite>[0]): Promise<ServedSite> {
  const site = await buildHostingSite(options);
  const nginx = await startNginx({ serverBlock: makeNginxServerBlock(site) });
  return { site, nginx, url: new URL(options.base, nginx.url).href };
}

// The page of another site: the widget, the embed script and the iframe, all pointed at siteUrl.
function makeEmbedderPage(siteUrl: string): string {
  return `<!doctype html><html><head><title>Another site</title>
<style>* { color: rgb(255, 0, 0) !important; font-size: 40px }</style>
<script src="/status-widget.js"></script></head><body>
<statuspage-widget src="${siteUrl}"></statuspage-widget>
<div id="pill"></div>
<script src="${siteUrl}embed.js" data-target="#pill" data-theme="dark" async></script>
<iframe id="frame" title="Status" src="${siteUrl}embed/?theme=light" width="420" height="120"></iframe>
</body></html>`;
}

interface SummaryResponse {
  url: string;
  /** The URL it was redirected from, if any. */
  from: string | undefined;
  status: number;
}

async function openEmbedder(
  name: string,
  siteUrl: string,
): Promise<{ context: BrowserContext; page: Page; summaries: SummaryResponse[] }> {
  await writeFile(path.join(embedderDir, `${name}.html`), makeEmbedderPage(siteUrl));
  const context = await browser.newContext();
  // The reader's clock at the build's instant: the site's data is fresh, as it would be when served live.
  await context.clock.install({ time: HOSTING_BUILT_AT_MS + 30_000 });
  const page = await context.newPage();
  const summaries: SummaryResponse[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/v2/summary.json'))
      summaries.push({
        url: response.url(),
        from: response.request().redirectedFrom()?.url(),
        status: response.status(),
      });
  });
  await page.goto(`${embedder.origin}/${name}.html`);
  return { context, page, summaries };
}

beforeAll(async () => {
  embedderDir = await mkdtemp(path.join(tmpdir(), 'vigil-embedder-'));
  await writeFile(path.join(embedderDir, 'status-widget.js'), await readFile(WIDGET_SCRIPT));
  [embedder, browser] = await Promise.all([
    serveStatic(embedderDir),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }),
  ]);
  // One after the other: two builds at once would only contend for the same cores.
  atRoot = await serveSite({ fixture: 'partial-outage', base: '/', rootApiRedirect: false, language: 'ja' });
  underBase = await serveSite({ fixture: 'partial-outage', base: '/status/', rootApiRedirect: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await embedder?.close();
  for (const served of [atRoot, underBase]) {
    await served?.nginx.stop();
    await served?.site.remove();
  }
  if (embedderDir !== undefined) await rm(embedderDir, { recursive: true, force: true });
});

describe("Atlassian's status widget", () => {
  it('shows the status of a site at the host root, read across origins', async () => {
    const { context, page } = await openEmbedder('widget-root', atRoot.url);
    try {
      // The API stays language-neutral: a Japanese site's summary says "Partial outage" to the widget.
      await expect
        .poll(() => page.locator('statuspage-widget .status-text').textContent())
        .toBe('Partial outage');
      expect(await page.locator('statuspage-widget .status-indicator').getAttribute('class')).toContain(
        'major',
      );
    } finally {
      await context.close();
    }
  });

  it('shows the status of a site under /status/ through the root /api/v2/ redirect', async () => {
    const { context, page, summaries } = await openEmbedder('widget-base', underBase.url);
    try {
      await expect
        .poll(() => page.locator('statuspage-widget .status-text').textContent())
        .toBe('Partial outage');
      // The widget asked the host root and was sent on, across origins, to the site under /status/.
      await expect
        .poll(() => summaries, POLL)
        .toContainEqual({
          url: `${underBase.url}api/v2/summary.json`,
          from: `${underBase.nginx.url}api/v2/summary.json`,
          status: 200,
        });
    } finally {
      await context.close();
    }
  });
});

describe("Vigil's embed script and embed page", () => {
  it('stay small', async () => {
    const page = await readFile(path.join(underBase.site.distDir, 'embed', 'index.html'));
    const script = await readFile(path.join(underBase.site.distDir, 'embed.js'));
    expect(page.length).toBeLessThan(5 * 1024);
    expect(script.length).toBeLessThan(6 * 1024);
  });

  it('show the status and the active incident on another origin, and follow summary.json as it changes', async () => {
    const { context, page } = await openEmbedder('embeds', underBase.url);
    const summaryPath = path.join(underBase.site.distDir, 'api', 'v2', 'summary.json');
    const original = await readFile(summaryPath, 'utf8');
    try {
      const pill = page.locator('#pill .vigil');
      const frame = page.frameLocator('#frame').locator('.vigil');
      for (const box of [pill, frame]) {
        await expect.poll(() => box.locator('.word').textContent(), POLL).toBe('Partial outage');
        await expect
          .poll(() => box.locator('li').allTextContents(), POLL)
          .toEqual(['Incident: Job queue down']);
        expect(await box.locator('li a').getAttribute('href')).toMatch(
          /\/status\/incidents\/.*job-queue-down\/$/,
        );
        expect(await box.getAttribute('data-status')).toBe('partial_outage');
      }
      // The page's CSS does not reach into the shadow root; the script's theme is dark, the frame's light.
      expect(await pill.evaluate((node) => getComputedStyle(node).fontSize)).toBe('14px');
      expect(await pill.evaluate((node) => getComputedStyle(node).colorScheme)).toBe('dark');
      await expect
        .poll(() => frame.evaluate((node) => getComputedStyle(node).colorScheme), POLL)
        .toBe('light');
      expect(
        await page
          .frameLocator('#frame')
          .locator('body')
          .evaluate((b) => getComputedStyle(b).backgroundColor),
      ).toBe('rgba(0, 0, 0, 0)');

      // The collector's next run: the incident is resolved and a maintenance has begun.
      const summary = JSON.parse(original);
      summary.vigil.status = 'under_maintenance';
      summary.status = { indicator: 'maintenance', description: 'Under maintenance' };
      summary.incidents = [];
      summary.scheduled_maintenances = [
        {
          name: 'Storage upgrade',
          status: 'in_progress',
          shortlink: `${underBase.url}incidents/storage-upgrade/`,
          scheduled_for: new Date(HOSTING_BUILT_AT_MS).toISOString(),
          scheduled_until: new Date(HOSTING_BUILT_AT_MS + 3_600_000).toISOString(),
        },
      ];
      await writeFile(summaryPath, JSON.stringify(summary));
      // The site's refreshSeconds (20 s in the fixture) later, by the page's clock.
      await context.clock.runFor(25_000);
      for (const box of [pill, frame]) {
        await expect.poll(() => box.locator('.word').textContent(), POLL).toBe('Under maintenance');
        await expect
          .poll(() => box.locator('li').allTextContents())
          .toEqual(['Maintenance: Storage upgrade']);
      }
    } finally {
      await writeFile(summaryPath, original);
      await context.close();
    }
  });

  it('draws after the script for a target it cannot use, and once for a target named twice', async () => {
    const name = 'embed-targets';
    const src = `${underBase.url}embed.js`;
    await writeFile(
      path.join(embedderDir, `${name}.html`),
      `<!doctype html><html><head><title>Targets</title></head><body>
<section id="bad"><script src="${src}" data-target="##not a selector" async></script></section>
<section id="link"><a id="anchor" href="/">a link</a><script src="${src}" data-target="#anchor" async></script></section>
<section id="twice"><div id="pill"></div><script src="${src}" data-target="#pill" async></script>
<script src="${src}" data-target="#pill" async></script></section>
</body></html>`,
    );
    const context = await browser.newContext();
    await context.clock.install({ time: HOSTING_BUILT_AT_MS + 30_000 });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const warnings: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      let reads = 0;
      page.on('request', (request) => {
        if (request.url().endsWith('/api/v2/summary.json')) reads += 1;
      });
      await page.goto(`${embedder.origin}/${name}.html`);
      for (const box of [
        page.locator('#bad > script + div .vigil'),
        page.locator('#link > script + div .vigil'),
        page.locator('#pill .vigil'),
      ])
        await expect.poll(() => box.locator('.word').textContent(), POLL).toBe('Partial outage');
      expect(await page.locator('#twice .vigil').count()).toBe(1);
      expect(await page.locator('#anchor').textContent()).toBe('a link');
      expect(errors).toEqual([]);
      expect(warnings).toHaveLength(2);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringContaining('"##not a selector"'),
          expect.stringContaining('"#anchor"'),
        ]),
      );
      // Three boxes, three loops: one reading each now and one each a refresh (20 s) later.
      await expect.poll(() => reads, POLL).toBe(3);
      await context.clock.runFor(25_000);
      await expect.poll(() => reads, POLL).toBe(6);
      await context.clock.runFor(1_000);
      expect(reads).toBe(6);
    } finally {
      await context.close();
    }
  });

  it('the embed page is axe-clean, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      await context.clock.install({ time: HOSTING_BUILT_AT_MS + 30_000 });
      try {
        const page = await context.newPage();
        await page.goto(`${underBase.url}embed/`);
        await expect.poll(() => page.locator('.vigil a.head').getAttribute('href'), POLL).toBe(underBase.url);
        // A fragment framed into other pages has no heading of its own: the host page's headings lead.
        expect(await runAxe(page, ['page-has-heading-one']), colorScheme).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it("speak the site's language on a foreign page (a Japanese build), at the root base", async () => {
    const { context, page } = await openEmbedder('embeds-ja', atRoot.url);
    try {
      for (const box of [page.locator('#pill .vigil'), page.frameLocator('#frame').locator('.vigil')]) {
        await expect.poll(() => box.locator('.word').textContent(), POLL).toBe('部分的な障害');
        await expect
          .poll(() => box.locator('li').allTextContents())
          .toEqual(['インシデント: Job queue down']);
        expect(await box.getAttribute('aria-label')).toBe('Partial Lab status のステータス');
      }
    } finally {
      await context.close();
    }
  });
});
