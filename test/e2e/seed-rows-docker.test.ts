// Issue 17, "Server status page (Compose stack + infrastructure)": examples/docker-stack.yaml built
// from what the real probes measured here — the http probe against a real server on loopback
// answering the app's status API (its visitor pool), the redis probe's write round trip against a
// real redis-server with a password — at a 5-minute cadence over the retention, read in Chromium.
// The containers' checks get generated up runs (the Compose stack is not started here).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../collectors/transport/run-command.ts';
import type { Check, CheckResult, Config } from '../../core/model/index.ts';
import { type LoopbackServer, listenOnLoopback } from '../helpers/loopback-server.ts';
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
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';

const EXAMPLE = 'docker-stack.yaml';
const PASSWORD = 'lab-Redis-pass';
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const textOf = async (locator: Locator) => squash(await locator.first().innerText({ timeout: 5_000 }));

/** The Compose project as the docker probe stores it (not started here): every service running and healthy. */
function composeResult(config: Config): CheckResult {
  const check = findCheck(config, 'lab-compose');
  const services = check.type === 'docker' ? (check.services ?? []) : [];
  const containers = services.map((service) => ({
    name: `lab-${service}-1`,
    status: 'up' as const,
    message: 'running, healthy',
    state: 'running',
    health: 'healthy',
    restartCount: 0,
    service,
  }));
  return {
    id: 'lab-compose',
    status: 'up',
    ms: 40,
    message: `${services.length} services up`,
    metrics: {
      containers: services.length,
      containersUp: services.length,
      containersDegraded: 0,
      containersDown: 0,
      restarts: 0,
      services: services.length,
      servicesUp: services.length,
    },
    detail: {
      containers,
      project: 'lab',
      services: Object.fromEntries(
        services.map((service) => [
          service,
          { status: 'up', message: 'running, healthy', containers: [`lab-${service}-1`] },
        ]),
      ),
    },
  };
}

describe('issue 17, server status page: examples/docker-stack.yaml', () => {
  let site: SeedSite;
  let redis: RedisServer;
  let statusApi: LoopbackServer;
  const results = new Map<string, CheckResult>();
  let refusedWrite: CheckResult | undefined;

  beforeAll(async () => {
    const config: Config = await loadExample(EXAMPLE);
    redis = await startRedis({ password: PASSWORD });
    await redis.cli('RPUSH', 'celery', 'job-1', 'job-2', 'job-3');
    // The app's status API: 12 of the 20 visitor slots free (SCITEX_VISITOR_POOL_SIZE=20).
    statusApi = await listenOnLoopback(
      createServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ visitor_pool: { available: 12, size: 20 }, active_users: 8 }));
      }),
    );
    const pool = findCheck(config, 'visitor-pool');
    const cache = findCheck(config, 'redis');
    if (pool.type !== 'http' || cache.type !== 'redis')
      throw new Error('the example changed its check types');
    // The example's checks, pointed at the loopback servers.
    const observed = await observeChecks(
      [
        { ...pool, url: `http://127.0.0.1:${statusApi.port}/api/server-status/` } as Check,
        { ...cache, url: redis.url, password: PASSWORD } as Check,
      ],
      { nowMs: SEED_LAST_RUN_MS, run: runCommand },
    );
    for (const result of observed) {
      expect(result.status, `${result.id}: ${result.message}`).toBe('up');
      results.set(result.id, result);
    }
    results.set('lab-compose', composeResult(config));
    // A replica refuses writes: the same check is down, in Redis's words, with the round trip opted in.
    await redis.cli('REPLICAOF', '127.0.0.1', String(statusApi.port));
    const [readOnly] = await observeChecks([{ ...cache, url: redis.url, password: PASSWORD } as Check], {
      nowMs: SEED_LAST_RUN_MS,
      run: runCommand,
    });
    await redis.cli('REPLICAOF', 'NO', 'ONE');
    refusedWrite = readOnly;
    site = await buildSeedSite({ example: EXAMPLE, config, results });
  }, 240_000);

  afterAll(async () => {
    await site?.close();
    await statusApi?.close();
    await redis?.stop();
  });

  it('capacity metrics: the visitor pool reads "X / N" on the front page, its page and its JSON', async () => {
    const page = await openSeedPage(site, '/');
    await expect(textOf(page.locator('[data-component="visitor-pool"]'))).resolves.toMatch(
      /Visitor slots available 12 \/ 20/,
    );
    const component = await openSeedPage(site, '/components/visitor-pool/');
    await expect(textOf(component.locator('main'))).resolves.toMatch(/Visitor slots available 12 \/ 20/);
    const json = JSON.parse(
      await readFile(path.join(site.outDir, 'api/vigil/components/visitor-pool.json'), 'utf8'),
    );
    expect(json.capacities.visitorSlotsAvailable).toMatchObject({ value: 12, max: 20 });
    await page.context().close();
    await component.context().close();
    await screenshotBoth(site, '/', 'docker-front');
    await screenshotBoth(site, '/components/visitor-pool/', 'docker-visitor-pool');
  });

  it('redis: a SET / GET / DEL round trip on its own key, timed, and nothing left behind', async () => {
    const metrics = results.get('redis')?.metrics ?? {};
    expect(metrics.writeMs).toBeGreaterThan(0);
    expect(metrics['queue:celery:length']).toBe(3);
    // DEL came: no probe key is left in the real server.
    const keys = await redis.cli('KEYS', 'vigil:probe:*');
    expect(keys.stdout.trim()).toBe('');
    const page = await openSeedPage(site, '/components/redis/');
    const text = await textOf(page.locator('main'));
    expect(text).toMatch(/Write round trip \d+(\.\d+)? ms/);
    expect(text).not.toContain(PASSWORD);
    expect(refusedWrite?.status).toBe('down');
    expect(refusedWrite?.message).toMatch(
      /write round trip failed at SET vigil:probe:\w+: read-only \(READONLY\)/,
    );
    await page.context().close();
    await screenshotBoth(site, '/components/redis/', 'docker-redis');
  });
});
