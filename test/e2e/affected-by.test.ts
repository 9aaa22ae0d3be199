import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

// Issue 16, item 5: a check that declares dependsOn says "affected by <parent>" while its parent is
// down now, at build time and by the reader's clock (a parent's frozen "down" is no current status).

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const ARTIFACTS_DIR = path.resolve('test-artifacts');
describe('affected by a parent that is down', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;
  let nowMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-affected-by-'));
    const dataDir = path.join(tempDir, 'data');
    const outDir = path.join(tempDir, 'dist');
    nowMs = Date.now();
    const lastRunMs = Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS;
    await writeSnapshotFixtures(
      dataDir,
      generateSnapshotLines({
        source: 'lab',
        checkIds: ['router', 'app', 'web'],
        from: new Date(lastRunMs - 14 * DAY_MS),
        to: new Date(nowMs),
        intervalMs: INTERVAL_MS,
        statusAt: (id, t) => (id !== 'web' && t >= lastRunMs - 30 * MINUTE_MS ? 'down' : 'up'),
      }),
    );
    const configPath = path.join(tempDir, 'status.config.yaml');
    await writeFile(
      configPath,
      stringify({
        site: { title: 'Depends lab', interval: '5m', staleAfter: '15m' },
        sources: [{ id: 'lab', name: 'Lab collector' }],
        groups: [{ id: 'net', name: 'Network' }],
        checks: [
          {
            id: 'router',
            name: 'Core router',
            group: 'net',
            type: 'tcp',
            host: 'router.example.org',
            port: 22,
          },
          {
            id: 'app',
            name: 'Application',
            group: 'net',
            type: 'http',
            url: 'https://app.example.org/',
            dependsOn: ['router'],
          },
          { id: 'web', name: 'Website', group: 'net', type: 'http', url: 'https://www.example.org/' },
        ],
      }),
    );
    await buildSite({ configPath, dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('says "affected by <parent>", linked, on the row and the component page while the parent is down', async () => {
    const context = await browser.newContext();
    await context.clock.install({ time: new Date(nowMs) });
    const { page, problems } = await openPage(context, `${server.origin}/`);
    const note = page.locator('[data-component="app"] [data-affected-by="router"]');
    await expect(note.isVisible()).resolves.toBe(true);
    await expect(note.innerText()).resolves.toBe('affected by Core router');
    await expect(note.locator('a').getAttribute('href')).resolves.toBe('/components/router/');
    await expect(page.locator('[data-component="web"] [data-affected-by]').count()).resolves.toBe(0);
    await expect(page.locator('[data-component="router"] [data-affected-by]').count()).resolves.toBe(0);
    const detail = await openPage(context, `${server.origin}/components/app/`);
    const header = detail.page.locator('.component-header [data-affected-by="router"]');
    await expect(header.isVisible()).resolves.toBe(true);
    await expect(header.innerText()).resolves.toBe('affected by Core router');
    expect([...problems, ...detail.problems]).toEqual([]);
    await context.close();
  });

  it("hides the note once the parent's down is no longer current by the reader's clock", async () => {
    const context = await browser.newContext();
    // Opened an hour after the build: the router's newest result is older than its staleAfter.
    await context.clock.install({ time: new Date(nowMs + 60 * MINUTE_MS) });
    const { page, problems } = await openPage(context, `${server.origin}/`);
    const note = page.locator('[data-component="app"] [data-affected-by="router"]');
    await expect(note.count()).resolves.toBe(1);
    await expect(note.isVisible()).resolves.toBe(false);
    expect(problems).toEqual([]);
    await context.close();

    // Opened at the build's clock and left open: the note goes when the router's data turns stale.
    const live = await browser.newContext();
    await live.clock.install({ time: new Date(nowMs) });
    const watched = await openPage(live, `${server.origin}/`);
    const liveNote = watched.page.locator('[data-component="app"] [data-affected-by="router"]');
    await expect(liveNote.isVisible()).resolves.toBe(true);
    await watched.page.clock.fastForward('30:00');
    await expect(liveNote.isVisible()).resolves.toBe(false);
    await live.close();
  });

  it('screenshots the row and the component page, light and dark, at 375 and 1280 px', async () => {
    for (const width of [375, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
        await context.clock.install({ time: new Date(nowMs) });
        const { page } = await openPage(context, `${server.origin}/`);
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `affected-by-front-${width}-${colorScheme}.png`),
        });
        await page.goto(`${server.origin}/components/app/`, { waitUntil: 'load' });
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `affected-by-app-${width}-${colorScheme}.png`),
        });
        await context.close();
      }
    }
  });
});
