import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDiskstats } from '../../collectors/probes/host/host-diskstats.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { type LoopbackServer, listenOnLoopback } from '../helpers/loopback-server.ts';
import { runVigil } from '../helpers/run-vigil.ts';
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

// The server status page seed's rows "Visitor Pool: available slots (X / N)", "Redis: cache.set/get
// works" and the GPU agents' disk choice (`--disks`): a real app endpoint on loopback, a real
// redis-server with a password, this machine's own disks, collected by the real `vigil collect`
// twice (rates need two runs), built and read in Chromium.

const ARTIFACTS_DIR = path.resolve('test-artifacts');
const PASSWORD = 'status-Redis/pw-9';

describe('server status rows: capacity metrics, the Redis write round trip, per-disk rates', () => {
  let dir: string;
  let app: LoopbackServer;
  let redis: RedisServer;
  let site: StaticServer;
  let browser: Browser;
  let disk: string;
  let dataDir: string;
  let outDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-server-status-'));
    app = await listenOnLoopback(
      createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ status: 'ok', visitor_pool: { available: 12, size: 20 }, workers: { idle: 3 } }),
        );
      }),
    );
    redis = await startRedis({ password: PASSWORD });
    const present = parseDiskstats(await readFile('/proc/diskstats', 'utf8'));
    const wholeDisks = (await readdir('/sys/block')).filter((name) => !/^(loop|ram|zram)/.test(name));
    disk = wholeDisks.find((name) => present.has(name)) ?? '';
    expect(disk, 'no whole disk in /sys/block and /proc/diskstats').not.toBe('');
    const config = {
      site: { title: 'SciTeX status' },
      sources: [{ id: 'nas' }],
      groups: [{ id: 'system', name: 'System' }],
      checks: [
        {
          id: 'app',
          name: 'Django app',
          group: 'system',
          type: 'http',
          url: `http://127.0.0.1:${app.port}/server-status/api/`,
          json: [
            { path: '$.status', equals: 'ok' },
            { path: '$.visitor_pool.available', metric: 'visitorSlotsAvailable', of: 'visitorPoolSize' },
            { path: '$.visitor_pool.size', metric: 'visitorPoolSize' },
            { path: '$.workers.idle', metric: 'workersIdle', max: 8 },
          ],
        },
        {
          id: 'cache',
          name: 'Redis',
          group: 'system',
          type: 'redis',
          url: `redis://127.0.0.1:${redis.port}/0`,
          password: '${REDIS_PASSWORD}',
          queues: [],
          write: { keyPrefix: 'vigil:probe:' },
        },
        {
          id: 'host',
          name: 'NAS host',
          group: 'system',
          type: 'host',
          disks: [disk, 'sdz9'],
          interval: '1s',
          staleAfter: '1h',
        },
      ],
    };
    const configPath = path.join(dir, 'status.config.yaml');
    await writeFile(configPath, JSON.stringify(config, null, 2));
    dataDir = path.join(dir, 'data');
    for (let run = 0; run < 2; run += 1) {
      if (run > 0) await new Promise((resolve) => setTimeout(resolve, 1500));
      const collected = await runVigil(
        ['collect', '--config', configPath, '--data', dataDir, '--source', 'nas'],
        {
          cwd: dir,
          env: { REDIS_PASSWORD: PASSWORD },
        },
      );
      expect(collected.exitCode, collected.stderr).toBe(0);
    }
    outDir = path.join(dir, 'dist');
    await buildSite({ configPath, dataDir, outDir, buildTimeMs: Date.now() });
    site = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await redis?.stop();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the visitor pool as "12 / 20" beside the name on the front page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${site.origin}/`);
    const row = page.locator('[data-component="app"]');
    expect(await row.locator('[data-capacity="visitorSlotsAvailable"]').innerText()).toBe(
      'Visitor slots available 12 / 20',
    );
    expect(await row.locator('[data-capacity="workersIdle"]').innerText()).toBe('Workers idle 3 / 8');
    expect(await page.locator('[data-component="cache"] [data-capacity]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'server-status-front-1280.png'), fullPage: true });
    await context.close();
  });

  it('shows "12 / 20" in the component page’s Current values and in its JSON', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${site.origin}/components/app/`);
    expect(await page.locator('[data-metric="visitorSlotsAvailable"] dd').innerText()).toBe('12 / 20');
    expect(await page.locator('[data-metric="visitorPoolSize"] dd').innerText()).toBe('20');
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'server-status-app-1280.png'), fullPage: true });
    await context.close();
    const document = JSON.parse(await readFile(path.join(outDir, 'api/vigil/components/app.json'), 'utf8'));
    expect(document.capacities).toEqual({
      visitorSlotsAvailable: { value: 12, max: 20, text: '12 / 20' },
      workersIdle: { value: 3, max: 8, text: '3 / 8' },
    });
  });

  it('shows the Redis write round trip as operational, and the password nowhere', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page } = await openPage(context, `${site.origin}/components/cache/`);
    expect(await page.locator('[data-metric="writeMs"] dt').innerText()).toBe('Write round trip');
    expect(await page.locator('[data-metric="writeMs"] dd').innerText()).toMatch(/^[\d.]+ ms$/);
    expect(await page.locator('main').innerText()).toMatch(/write round trip [\d.]+ ms/);
    await context.close();
    for (const root of [dataDir, outDir]) {
      for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        expect(await readFile(path.join(entry.parentPath, entry.name), 'latin1')).not.toContain(PASSWORD);
      }
    }
  });

  it('shows a "Per disk" table with the chosen disk’s reads and writes, and names the missing one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${site.origin}/components/host/`);
    const table = page.locator('[data-metric-table="disk"]');
    expect(await table.locator('h3').innerText()).toBe('Per disk');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Disk', 'Reads', 'Writes']);
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.[0]).toBe(disk);
    expect(rows[0]?.[1]).toMatch(/\/s$/);
    expect(await page.locator('main').innerText()).toMatch(/Disks not on this machine\s+sdz9/);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'server-status-host-1280.png'), fullPage: true });
    await context.close();
  });
});
