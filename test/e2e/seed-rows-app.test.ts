// Issue 17, "Technical dashboard (Redis + Celery + SQLite app)": examples/app-stack.yaml built from
// what the real probes measured here — real Celery workers (Debian's python3-celery) on a real
// redis-server broker, a real SQLite job table, the real process probe over those workers' /proc —
// repeated at a 5-minute cadence over the retention and read in Chromium. One assertion per row.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../collectors/transport/run-command.ts';
import type { Check, CheckResult, Config } from '../../core/model/index.ts';
import { formatMetricValue } from '../../core/results/metric-format.ts';
import {
  buildSeedSite,
  findCheck,
  loadExample,
  observeChecks,
  openSeedPage,
  SEED_LAST_RUN_MS,
  type SeedSite,
  screenshotBoth,
} from '../helpers/seed-site.ts';
import {
  CELERY_COMMAND,
  type CeleryApp,
  hasCelery,
  startCeleryApp,
} from '../helpers/services/start-celery.ts';
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';

const EXAMPLE = 'app-stack.yaml';
const PASSWORD = 'imaging-Br0ker-pass';
/** The node names of this file's workers: the process check counts only theirs on a shared machine. */
const HOST = 'seed-rows-app';
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const textOf = async (locator: Locator) => squash(await locator.first().innerText({ timeout: 5_000 }));
const rowTexts = (rows: Locator) =>
  rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));

/** The job table the example's SQLite check reads: known jobs, failures with their errors, and rate windows. */
function writeJobTable(file: string): void {
  const db = new DatabaseSync(file);
  db.exec(`CREATE TABLE jobs (id INTEGER PRIMARY KEY, client_id TEXT, state TEXT, error TEXT, attempts INTEGER,
    created_at INTEGER, finished_at INTEGER);
    CREATE TABLE rate_limit_windows (client_id TEXT, window_start INTEGER, hits INTEGER);`);
  const base = Math.floor(SEED_LAST_RUN_MS / 1000) - 3600;
  const insert = db.prepare('INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= 14; i++) {
    const failed = i % 4 === 0;
    insert.run(
      1000 + i,
      `client-${(i % 3) + 1}`,
      failed ? 'failed' : 'done',
      failed ? `PIL.UnidentifiedImageError: cannot identify image file 'upload-${i}.heic'` : null,
      failed ? 3 : 1,
      base + i * 60,
      base + i * 60 + 20,
    );
  }
  // Windows of the last minute by the real clock: the query asks unixepoch() - 60.
  const now = Math.floor(Date.now() / 1000);
  const window = db.prepare('INSERT INTO rate_limit_windows VALUES (?, ?, ?)');
  window.run('client-1', now - 10, 97);
  window.run('client-2', now - 10, 84);
  window.run('client-3', now - 10, 12);
  db.close();
}

describe.skipIf(!hasCelery() && !process.env.CI)(
  'issue 17, technical dashboard: examples/app-stack.yaml',
  () => {
    let site: SeedSite;
    let redis: RedisServer;
    let app: CeleryApp;
    const results = new Map<string, CheckResult>();

    beforeAll(async () => {
      const config: Config = await loadExample(EXAMPLE);
      redis = await startRedis({ password: PASSWORD });
      app = await startCeleryApp({ redis, password: PASSWORD });
      await app.startWorker(`w1@${HOST}`);
      // One task runs (the worker's only process sleeps), one waits prefetched, one waits for its countdown.
      await app.sendTask('tasks.sleepy', [600]);
      await app.sendTask('tasks.sleepy', [600]);
      await app.sendTask('tasks.add', [2, 3], { countdownSeconds: 3600 });
      const dbFile = path.join(app.dir, 'jobs.sqlite3');
      writeJobTable(dbFile);
      // The example's checks, pointed at the suite's broker, tasks module, job table and workers.
      const celery = {
        ...findCheck(config, 'celery'),
        broker: app.broker,
        command: CELERY_COMMAND,
        expectTasks: ['tasks.sleepy', 'tasks.add'],
      } as Check;
      const probeCelery = async () =>
        (await observeChecks([celery], { nowMs: SEED_LAST_RUN_MS, run: runCommand }))[0];
      let first = await probeCelery();
      for (let tries = 1; tries < 10 && first?.metrics.reserved !== 1; tries++) first = await probeCelery();
      expect(first?.metrics).toMatchObject({ active: 1, reserved: 1, scheduled: 1 });
      // The second worker starts after the tasks are taken: it has none.
      await app.startWorker(`w2@${HOST}`);
      const processes = findCheck(config, 'celery-workers');
      const observed = await observeChecks(
        [
          celery,
          { ...findCheck(config, 'job-table'), path: dbFile } as Check,
          { ...processes, commandLine: `celery .*worker -n w[12]@${HOST}` } as Check,
          { ...findCheck(config, 'broker'), url: redis.url, password: PASSWORD } as Check,
        ],
        { nowMs: SEED_LAST_RUN_MS, run: runCommand },
      );
      for (const result of observed) {
        expect(result.status, `${result.id}: ${result.message}`).toBe('up');
        results.set(result.id, result);
      }
      site = await buildSeedSite({ example: EXAMPLE, config, results });
    }, 240_000);

    afterAll(async () => {
      await site?.close();
      await app?.stop();
      await redis?.stop();
    });

    it('celery: worker count, names, active / reserved / scheduled tasks and registered tasks', async () => {
      const page = await openSeedPage(site, '/components/celery/');
      const text = await textOf(page.locator('main'));
      expect(text).toContain('2 workers: 1 active, 1 reserved, 1 scheduled; 2 tasks registered');
      expect(text).toMatch(
        /Tasks running 1 Tasks reserved 1 Tasks scheduled 1 Health Workers answering 2 Registered tasks 2/,
      );
      const workers = page.locator('table', { has: page.locator('th', { hasText: 'Reserved' }) }).first();
      await expect(rowTexts(workers.locator('tbody tr'))).resolves.toEqual([
        `w1@${HOST} 1 1 1`,
        `w2@${HOST} 0 0 0`,
      ]);
      expect(text).toContain('Registered tasks tasks.add tasks.sleepy');
      expect(JSON.stringify(results.get('celery'))).not.toContain(PASSWORD);
      await page.context().close();
      await screenshotBoth(site, '/components/celery/', 'app-celery');
    });

    it('sql tables: the last 10 jobs, the last failures with error and attempts, clients near their limit', async () => {
      const page = await openSeedPage(site, '/components/job-table/');
      const table = (title: string) =>
        page
          .locator('section, figure, div', { has: page.locator('h2, h3, caption', { hasText: title }) })
          .last();
      const jobs = await rowTexts(table('Last 10 jobs').locator('tbody tr'));
      expect(jobs).toHaveLength(10);
      expect(jobs[0]).toMatch(/^1014 client-3 done /);
      const failures = await rowTexts(table('Last 10 failures').locator('tbody tr'));
      expect(failures.map((row) => row.split(' ')[0])).toEqual(['1012', '1008', '1004']);
      expect(failures[0]).toContain(
        "PIL.UnidentifiedImageError: cannot identify image file 'upload-12.heic' 3",
      );
      const near = await rowTexts(table('Clients near their rate limit').locator('tbody tr'));
      expect(near).toEqual(['client-1 97', 'client-2 84']);
      await page.context().close();
      await screenshotBoth(site, '/components/job-table/', 'app-job-table');
    });

    it('process: count, RSS, VMS and threads of the Celery worker processes', async () => {
      const metrics = results.get('celery-workers')?.metrics ?? {};
      // Two workers, each a main process and one pool process.
      expect(metrics.count).toBe(4);
      expect(metrics.vmsBytes).toBeGreaterThan(metrics.rssBytes ?? 0);
      expect(metrics.threads).toBeGreaterThanOrEqual(4);
      const page = await openSeedPage(site, '/components/celery-workers/');
      const text = await textOf(page.locator('main'));
      expect(text).toContain(`Virtual memory ${formatMetricValue(metrics.vmsBytes ?? 0, 'bytes')}`);
      expect(text).toContain(`Threads ${metrics.threads}`);
      await page.context().close();
      await screenshotBoth(site, '/components/celery-workers/', 'app-celery-workers');
    });

    it('facts: a configuration summary on the component page and in its JSON', async () => {
      const page = await openSeedPage(site, '/components/api/');
      const facts = page.locator('[data-facts]');
      await expect(textOf(facts)).resolves.toMatch(/^Configuration uvicorn workers 4 max upload \(MB\) 50 /);
      await expect(textOf(facts)).resolves.toContain('rate limit (requests / min per client) 100');
      const json = JSON.parse(
        await readFile(path.join(site.outDir, 'api/vigil/components/api.json'), 'utf8'),
      );
      expect(JSON.stringify(json)).toContain('"thumbnail sizes":"128, 512, 1024"');
      await page.context().close();
      await screenshotBoth(site, '/components/api/', 'app-api');
    });
  },
);
