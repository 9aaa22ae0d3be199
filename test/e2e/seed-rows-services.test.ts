// Issue 17, "Service health list (HTTP + port + systemd + process per service)":
// examples/service-list.yaml built from what the real probes measured here — real HTTP servers and
// ports on loopback, real processes read from /proc, `systemctl show` replayed from the documented
// outputs (systemd cannot run here) — at a 5-minute cadence over the retention, read in Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
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
  loadExample,
  observeChecks,
  openSeedPage,
  SEED_LAST_RUN_MS,
  type SeedSite,
  screenshotBoth,
} from '../helpers/seed-site.ts';

const EXAMPLE = 'service-list.yaml';
/** Marks this file's processes: the process checks count only theirs on a shared machine. */
const MARK = '--seed-rows-services';
const SERVICES = ['chatstack-web', 'chatstack-orchestrator', 'chatstack-worker'] as const;
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const textOf = async (locator: Locator) => squash(await locator.first().innerText({ timeout: 5_000 }));
const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** A process whose command line reads like the service's (`gunicorn main:app …`), sleeping. */
function startLookalike(words: string): ChildProcess {
  return spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(600)', ...words.split(' '), MARK], {
    stdio: 'ignore',
  });
}

/** `systemctl show` as systemd 252 prints it: chatstack-orchestrator failed, the others active (running). */
async function replaySystemctl(): Promise<(argv: readonly string[]) => Promise<string>> {
  const running = await fixture('systemd/imaging-api.service.stdout');
  const failed = await fixture('systemd/thumbnailer.service.stdout');
  return async (argv) => {
    const unit = argv.find((arg) => arg.endsWith('.service')) ?? '';
    const text = unit === 'chatstack-orchestrator.service' ? failed : running;
    return text.replace(/^Id=.*$/m, `Id=${unit}`);
  };
}

describe('issue 17, service health list: examples/service-list.yaml', () => {
  let site: SeedSite;
  const servers: LoopbackServer[] = [];
  const processes: ChildProcess[] = [];
  const results = new Map<string, CheckResult>();

  beforeAll(async () => {
    const config: Config = await loadExample(EXAMPLE);
    processes.push(
      startLookalike('gunicorn -w 2 main:app'),
      startLookalike('gunicorn -w 2 main:app'),
      startLookalike('uvicorn orchestrator:app --port 8001'),
      startLookalike('celery -A chatstack worker'),
    );
    // Each service's health endpoint and port: a real HTTP server on a loopback port.
    const ports = new Map<string, number>();
    for (const service of SERVICES) {
      const server = createServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"status":"ok"}');
      });
      const listening = await listenOnLoopback(server);
      servers.push(listening);
      ports.set(service, listening.port);
    }
    const systemctl = await replaySystemctl();
    // The example's checks, pointed at the loopback ports and this file's processes.
    const checks = config.checks.map((check): Check => {
      const service = SERVICES.find((s) => check.id.startsWith(`${s}-`)) ?? '';
      const port = ports.get(service) ?? 0;
      if (check.type === 'http') return { ...check, url: check.url.replace(/:\d+\//, `:${port}/`) };
      if (check.type === 'tcp') return { ...check, port };
      if (check.type === 'process') return { ...check, commandLine: `${check.commandLine}.*${MARK}` };
      return check;
    });
    const observed = await observeChecks(checks, {
      nowMs: SEED_LAST_RUN_MS,
      run: async (request) =>
        request.argv[0] === 'systemctl'
          ? {
              exitCode: 0,
              stdout: await systemctl(request.argv),
              stderr: '',
              durationMs: 8,
              isTruncated: false,
              timedOut: false,
            }
          : runCommand(request),
    });
    for (const result of observed) results.set(result.id, result);
    expect(
      observed.filter((r) => r.status !== 'up').map((r) => `${r.id}: ${r.status} (${r.message})`),
    ).toEqual([expect.stringMatching(/^chatstack-orchestrator-unit: down/)]);
    site = await buildSeedSite({ example: EXAMPLE, config, results });
  }, 240_000);

  afterAll(async () => {
    await site?.close();
    for (const server of servers) await server.close();
    for (const child of processes) child.kill('SIGKILL');
  });

  it("one card per service with each facet's state, rolled up in the usual words", async () => {
    const page = await openSeedPage(site, '/');
    const main = await textOf(page.locator('main'));
    // The facets are shown in their service's card, not as rows of their own.
    for (const service of SERVICES) {
      await expect(page.locator(`[data-service="${service}"]`).count()).resolves.toBe(1);
    }
    // Every facet sits inside its service's card.
    await expect(
      page
        .locator('[data-facet]')
        .evaluateAll((facets) => facets.map((f) => f.closest('[data-service]') !== null)),
    ).resolves.toEqual(Array(12).fill(true));
    const orchestrator = page.locator('[data-service="chatstack-orchestrator"]');
    await expect(textOf(orchestrator)).resolves.toMatch(
      /^ChatStack Orchestrator \(FastAPI\) ✕ Partial outage /,
    );
    // Each facet's state in the usual words: HTTP ✓, port ✓, systemd ✗, process ✓.
    const facetStates = await orchestrator
      .locator('[data-facet]')
      .evaluateAll((facets) =>
        facets.map((facet) => [
          (facet as HTMLElement).dataset.facet,
          facet.querySelector('.status-label')?.textContent?.trim(),
        ]),
      );
    expect(facetStates).toEqual([
      ['chatstack-orchestrator-http', 'Operational'],
      ['chatstack-orchestrator-port', 'Operational'],
      ['chatstack-orchestrator-unit', 'Major outage'],
      ['chatstack-orchestrator-process', 'Operational'],
    ]);
    await expect(
      textOf(orchestrator.locator('[data-facet-message="chatstack-orchestrator-unit"]')),
    ).resolves.toMatch(/^chatstack-orchestrator\.service failed/);
    await expect(textOf(page.locator('[data-service="chatstack-web"]'))).resolves.toMatch(
      /^ChatStack Web \(Flask\) ✓ Operational /,
    );
    expect(main).toContain('ChatStack Worker (Celery)');
    await page.context().close();
    await screenshotBoth(site, '/', 'services-front');
    await screenshotBoth(site, '/components/chatstack-orchestrator/', 'services-orchestrator');
  });

  it('/api/vigil/status.json lists each service with ok_count / fail_count / total', async () => {
    const document = JSON.parse(await readFile(path.join(site.outDir, 'api/vigil/status.json'), 'utf8'));
    expect({ ok: document.ok_count, fail: document.fail_count, total: document.total }).toEqual({
      ok: 2,
      fail: 1,
      total: 3,
    });
    const byId = Object.fromEntries(
      (document.services as { id: string; ok_count: number; fail_count: number; total: number }[]).map(
        (s) => [s.id, [s.ok_count, s.fail_count, s.total]],
      ),
    );
    expect(byId).toEqual({
      'chatstack-web': [4, 0, 4],
      'chatstack-orchestrator': [3, 1, 4],
      'chatstack-worker': [4, 0, 4],
    });
    // The same document as the browser gets it from the served site.
    const page = await openSeedPage(site, '/');
    const served = await page.evaluate(async () => (await fetch('/api/vigil/status.json')).json());
    expect(served.total).toBe(3);
    await page.context().close();
  });
});
