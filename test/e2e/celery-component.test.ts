import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { runVigil } from '../helpers/run-vigil.ts';
import {
  CELERY_COMMAND,
  type CeleryApp,
  hasCelery,
  startCeleryApp,
} from '../helpers/services/start-celery.ts';
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

// The technical dashboard's Celery panel: a real worker (Debian's python3-celery) running a real
// sleeping task on a real redis-server with a password, collected by the real `vigil collect`, built
// and read in Chromium. The broker password reaches neither data/, the collector's output nor dist/.

const ARTIFACTS_DIR = path.resolve('test-artifacts');
const PASSWORD = 'celery-E2e/Br0ker-pw';
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations on the page, one line per element. */
async function findAxeViolations(page: Page): Promise<string[]> {
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

interface TableView {
  heading: string;
  columns: string[];
  rows: string[][];
}

async function readDetailTable(page: Page, name: string): Promise<TableView> {
  return page.locator(`section[aria-labelledby="detail-${name}-heading"]`).evaluate((section) => ({
    heading: section.querySelector('h2')?.textContent?.trim() ?? '',
    columns: [...section.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? ''),
    rows: [...section.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td, th')].map((cell) => cell.textContent?.trim() ?? ''),
    ),
  }));
}

async function readAllText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(path.join(entry.parentPath, entry.name), 'latin1')),
  );
  return texts.join('\n');
}

describe.skipIf(!hasCelery() && !process.env.CI)('a Celery component page from a real worker', () => {
  let dir: string;
  let redis: RedisServer;
  let app: CeleryApp;
  let server: StaticServer;
  let browser: Browser;
  let collectOutput: string;
  let dataDir: string;
  let outDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-celery-e2e-'));
    redis = await startRedis({ password: PASSWORD });
    app = await startCeleryApp({ redis, password: PASSWORD });
    await app.startWorker('imaging@worker1');
    await app.sendTask('tasks.sleepy', [600]);
    await app.sendTask('tasks.add', [1, 2], { countdownSeconds: 3600 });
    const config = {
      site: { title: 'Image processor' },
      sources: [{ id: 'app' }],
      groups: [{ id: 'app', name: 'Image processor' }],
      checks: [
        {
          id: 'workers',
          name: 'Celery workers',
          group: 'app',
          type: 'celery',
          broker: `redis://:\${CELERY_BROKER_PASSWORD}@127.0.0.1:${redis.port}/0`,
          command: CELERY_COMMAND,
          expectTasks: ['tasks.sleepy'],
        },
      ],
    };
    const configPath = path.join(dir, 'status.config.yaml');
    await writeFile(configPath, JSON.stringify(config, null, 2));
    dataDir = path.join(dir, 'data');
    // The worker takes the task a moment after it is sent: collect again until it shows as active.
    const env = { CELERY_BROKER_PASSWORD: encodeURIComponent(PASSWORD) };
    collectOutput = '';
    for (let tries = 0; tries < 5; tries += 1) {
      const run = await runVigil(['collect', '--config', configPath, '--data', dataDir], { cwd: dir, env });
      collectOutput += `${run.stdout}\n${run.stderr}\n`;
      expect(run.exitCode, run.stderr).toBe(0);
      if ((await readAllText(dataDir)).includes('"active":1')) break;
    }
    outDir = path.join(dir, 'dist');
    await buildSite({ configPath, dataDir, outDir, buildTimeMs: Date.now() });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.stop();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the worker, its running, reserved and scheduled tasks and the registered tasks', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${server.origin}/components/workers/`);
    expect(await readDetailTable(page, 'workers')).toEqual({
      heading: 'Workers',
      columns: ['Name', 'Active', 'Reserved', 'Scheduled'],
      rows: [['imaging@worker1', '1', '0', '1']],
    });
    const registered = await page
      .locator('section[aria-labelledby="detail-registeredTasks-heading"] li')
      .allTextContents();
    expect(registered).toEqual(['tasks.add', 'tasks.sleepy']);
    expect(await page.locator('main').innerText()).toMatch(/Asked through\s+celery inspect/);
    const current = await page.locator('[data-current-values]').innerText();
    expect(current).toMatch(/Workers answering\s+1/);
    expect(current).toMatch(/Tasks running\s+1/);
    expect(await findAxeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'celery-component-1280.png'), fullPage: true });
    await context.close();
  });

  it('fits a phone without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const { page } = await openPage(context, `${server.origin}/components/workers/`);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'celery-component-375.png'), fullPage: true });
    await context.close();
  });

  it('keeps the broker password out of data/, the collector output and the built site', async () => {
    for (const text of [await readAllText(dataDir), collectOutput, await readAllText(outDir)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
  });
});
