import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { runVigil } from '../helpers/run-vigil.ts';
import {
  DASHBOARD_TABLES,
  EXPECTED_DASHBOARD_TABLES,
  IMAGE_PROCESSOR_SQL,
} from '../helpers/sql-tables-fixture.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

// The technical dashboard's database tables, process figures and configuration summary, collected by
// the real `vigil collect` from a real SQLite file and a real Python with four extra threads, built
// into a site and read in Chromium as a visitor sees them (375 and 1280 px screenshots).

const ARTIFACTS_DIR = path.resolve('test-artifacts');
const FACTS = {
  'WebP quality': 85,
  'Max upload size (MB)': 20,
  'Worker prefetch multiplier': 1,
  'Max tasks per child': 100,
  'Allowed MIME types': 'image/jpeg, image/png, image/webp',
  'Image size variants': 'thumbnail 150 px, medium 800 px, large 1920 px, original',
  'S3 storage': false,
};
const LONG_ERROR = `Traceback (most recent call last): ${'File "/srv/imaging/worker.py", line 88, in resize; '.repeat(60)}`;

interface TableView {
  heading: string;
  columns: string[];
  rows: string[][];
  note: string;
}

async function readSqlTables(page: Page): Promise<TableView[]> {
  return page.locator('[data-sql-table]').evaluateAll((sections) =>
    sections.map((section) => ({
      heading: section.querySelector('h2')?.textContent?.trim() ?? '',
      columns: [...section.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? ''),
      rows: [...section.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
      ),
      note: [...section.querySelectorAll('p')].map((p) => p.textContent?.trim() ?? '').join(' '),
    })),
  );
}

async function readDefinitions(page: Page, selector: string): Promise<[string, string][]> {
  return page
    .locator(`${selector} dl > div`)
    .evaluateAll((items) =>
      items.map((item): [string, string] => [
        item.querySelector('dt')?.textContent?.trim() ?? '',
        item.querySelector('dd')?.textContent?.trim() ?? '',
      ]),
    );
}

describe('database tables, process VMS/threads and facts on the component pages', () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let python: ChildProcess;
  const tag = `vigil-api-${process.pid}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-component-tables-'));
    const dbFile = path.join(dir, 'image-processor.sqlite3');
    const database = new DatabaseSync(dbFile);
    database.exec(IMAGE_PROCESSOR_SQL);
    database.exec(`CREATE TABLE worker_log (at TEXT, message TEXT);
      INSERT INTO worker_log VALUES ('2026-12-01 09:45:40', '${LONG_ERROR}')`);
    database.close();
    python = spawn(
      'python3',
      [
        '-c',
        'import threading, time\nfor _ in range(4): threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\nprint("ready", flush=True)\ntime.sleep(600)',
        tag,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      python.once('error', reject);
      python.stdout?.once('data', () => resolve());
    });
    const config = {
      site: { title: 'Image processor' },
      sources: [{ id: 'app' }],
      groups: [{ id: 'app', name: 'Image processor' }],
      checks: [
        {
          id: 'jobs-db',
          name: 'Job database',
          group: 'app',
          type: 'sqlite',
          path: dbFile,
          queries: { failed_jobs: "SELECT count(*) FROM processing_jobs WHERE status = 'failed'" },
          tables: {
            ...DASHBOARD_TABLES,
            worker_log: { title: 'Worker log', query: 'SELECT at, message FROM worker_log', maxRows: 5 },
          },
        },
        {
          id: 'api',
          name: 'API process',
          group: 'app',
          type: 'process',
          commandLine: tag,
          facts: FACTS,
        },
      ],
    };
    const configPath = path.join(dir, 'status.config.yaml');
    await writeFile(configPath, JSON.stringify(config, null, 2));
    const dataDir = path.join(dir, 'data');
    const run = await runVigil(['collect', '--config', configPath, '--data', dataDir], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const outDir = path.join(dir, 'dist');
    await buildSite({ configPath, dataDir, outDir, buildTimeMs: Date.now() });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    python?.kill('SIGKILL');
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the last jobs, the last failures (secrets masked) and the users near their limit as tables', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openPage(context, `${server.origin}/components/jobs-db/`);
    const tables = await readSqlTables(page);
    const shown = (cells: string[][]) => cells.map((row) => row.map((cell) => (cell === '' ? '—' : cell)));
    expect(tables.slice(0, 3)).toEqual(
      Object.values(EXPECTED_DASHBOARD_TABLES).map((table) => ({
        heading: table.title,
        columns: table.columns,
        rows: shown(table.rows),
        note: '',
      })),
    );
    expect(tables[3]).toMatchObject({ heading: 'Worker log', columns: ['at', 'message'] });
    expect(tables[3]?.rows[0]?.[1]).toBe(`${LONG_ERROR.slice(0, 1024)}…`);
    expect(tables[3]?.note).toMatch(/^More was returned than is kept/);
    const html = await page.content();
    expect(html).not.toContain('s3-Secret-pass');
    expect(html).toContain('https://imaging:***@storage.internal/bucket');
    // The stored record of tables is not also shown as a generic detail table.
    expect(await page.locator('h2', { hasText: /^Tables$/ }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'component-tables-1280.png'), fullPage: true });
    await context.close();
  });

  it('fits a phone: the tables scroll inside their region, the page never scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const { page } = await openPage(context, `${server.origin}/components/jobs-db/`);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'component-tables-375.png'), fullPage: true });
    for (const name of ['recent_jobs', 'recent_failures', 'worker_log']) {
      await page
        .locator(`[data-sql-table="${name}"]`)
        .screenshot({ path: path.join(ARTIFACTS_DIR, `component-tables-375-${name}.png`) });
    }
    await context.close();
  });

  it('shows the process’s virtual memory and threads, and its facts as "Configuration"', async () => {
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const { page, problems } = await openPage(context, `${server.origin}/components/api/`);
      const current = Object.fromEntries(await readDefinitions(page, '[data-current-values]'));
      expect(current).toMatchObject({
        Processes: '1',
        Threads: '5',
        'Virtual memory': expect.stringMatching(/^[\d.,]+ (KiB|MiB|GiB)$/),
      });
      expect(await readDefinitions(page, '[data-facts]')).toEqual([
        ['WebP quality', '85'],
        ['Max upload size (MB)', '20'],
        ['Worker prefetch multiplier', '1'],
        ['Max tasks per child', '100'],
        ['Allowed MIME types', 'image/jpeg, image/png, image/webp'],
        ['Image size variants', 'thumbnail 150 px, medium 800 px, large 1920 px, original'],
        ['S3 storage', 'no'],
      ]);
      expect(await page.locator('#configuration-heading').textContent()).toBe('Configuration');
      expect(problems).toEqual([]);
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, `component-facts-${width}.png`),
        fullPage: true,
      });
      await context.close();
    }
  });

  it('lists the facts and the tables in /api/vigil/components/<id>.json, and neither for a check without them', async () => {
    const api = JSON.parse(await readFile(path.join(dir, 'dist/api/vigil/components/api.json'), 'utf8'));
    expect(api.facts).toEqual(FACTS);
    expect(api.latest.metrics).toMatchObject({ count: 1, threads: 5, vmsBytes: expect.any(Number) });
    expect(api).not.toHaveProperty('tables');
    const db = JSON.parse(await readFile(path.join(dir, 'dist/api/vigil/components/jobs-db.json'), 'utf8'));
    expect(db).not.toHaveProperty('facts');
    expect(db.tables.recent_failures).toEqual(EXPECTED_DASHBOARD_TABLES.recent_failures);
    expect(Object.keys(db.tables)).toEqual([
      'recent_jobs',
      'recent_failures',
      'users_near_limit',
      'worker_log',
    ]);
    const context = await browser.newContext();
    const { page } = await openPage(context, `${server.origin}/components/jobs-db/`);
    expect(await page.locator('[data-facts]').count()).toBe(0);
    await context.close();
  });
});
