import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';

// The "done when": with a check on a 5 s interval, `vigil start` (collect, build, serve, keep
// collecting with incremental render) shows a status change in the open page, without a reload,
// within interval + refreshSeconds + 2 s of the target changing. Real CLI, real loopback target, real
// Chromium; the bound is the product's promise to a reader, not a speed figure.

const VIGIL_JS = fileURLToPath(new URL('../../collectors/cli/vigil.js', import.meta.url));
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const INTERVAL_S = 5;
const REFRESH_S = 5;
/** interval + refreshSeconds + 2 s, as the issue states it. */
const PROMISED_MS = (INTERVAL_S + REFRESH_S + 2) * 1000;

/** A loopback target whose health answer the test flips. */
function startTarget(): Promise<{ server: Server; port: number; setHealthy: (healthy: boolean) => void }> {
  let healthy = true;
  const server = createServer((_request, response) => {
    response.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' }).end(healthy ? 'ok' : 'down');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        setHealthy: (value) => {
          healthy = value;
        },
      });
    });
  });
}

/** Resolves with the URL `vigil start` says it serves, from its stdout. */
function waitForServingUrl(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /serving at (http:\/\/\S+?\/)(?:\s|$)/.exec(output.join(''));
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`vigil start exited (${code}) before serving:\n${output.join('')}`)),
    );
  });
}

/** Waits until the page shows the web check with this status (the front page's row), polling every 100 ms. */
async function waitForWebStatus(page: Page, status: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      document
        .querySelector('li[data-component="web"] .component-head [data-status]')
        ?.getAttribute('data-status') === wanted,
    status,
    { timeout: timeoutMs, polling: 100 },
  );
}

describe('vigil start, live (real CLI, loopback target, Chromium)', () => {
  let root: string;
  let target: Awaited<ReturnType<typeof startTarget>>;
  let child: ChildProcess;
  let browser: Browser;
  let url: string;
  const output: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'vigil-live-start-'));
    target = await startTarget();
    const configPath = path.join(root, 'status.config.yaml');
    await writeFile(
      configPath,
      `site:
  title: Live lab
  refreshSeconds: ${REFRESH_S}
checks:
  - id: web
    name: Website
    type: http
    url: http://127.0.0.1:${target.port}/health
    interval: ${INTERVAL_S}s
    timeout: 2s
    # One failed run is an outage here, so the page's change follows the target's by one run.
    retries: 0
    failuresBeforeDown: 1
`,
    );
    child = spawn(
      process.execPath,
      [
        VIGIL_JS,
        'start',
        '--config',
        configPath,
        '--data',
        path.join(root, 'data'),
        '--out',
        path.join(root, 'dist'),
        '--port',
        '0',
      ],
      {
        cwd: root,
        env: { ...process.env, VIGIL_CACHE: path.join(root, 'cache') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    url = await waitForServingUrl(child, output);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => target?.server.close(resolve));
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it('shows the target going down in the open page within interval + refreshSeconds + 2 s, and back up', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.goto(url, { waitUntil: 'load' });
    const status = page.locator('li[data-component="web"] .component-head [data-status]');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('operational');

    const flippedAt = Date.now();
    target.setHealthy(false);
    await waitForWebStatus(page, 'major_outage', PROMISED_MS + 20_000);
    const downShownAfterMs = Date.now() - flippedAt;
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'live-start-down-1280.png'), fullPage: true });

    const restoredAt = Date.now();
    target.setHealthy(true);
    await waitForWebStatus(page, 'operational', PROMISED_MS + 20_000);
    const upShownAfterMs = Date.now() - restoredAt;
    console.log(
      `live start: down shown after ${downShownAfterMs} ms, up again after ${upShownAfterMs} ms (promise ${PROMISED_MS} ms)`,
    );
    expect(downShownAfterMs).toBeLessThanOrEqual(PROMISED_MS);
    expect(upShownAfterMs).toBeLessThanOrEqual(PROMISED_MS);
    // The page changed in place: one navigation only, no script errors.
    expect(navigations).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('reads the data at once in a page opened after its build, instead of waiting refreshSeconds', async () => {
    // The pages were built when start began; the runs since are only in the rendered data outputs.
    target.setHealthy(false);
    await expect
      .poll(
        async () =>
          (await (await fetch(new URL('api/v2/summary.json', url))).json()).vigil.components.web.fresh_status,
        {
          timeout: PROMISED_MS + 20_000,
        },
      )
      .toBe('down');
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const reads: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v2/summary.json')) reads.push(Date.now());
    });
    const openedAt = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    await waitForWebStatus(page, 'major_outage', PROMISED_MS);
    // The first read went out with the page, not one refreshSeconds later.
    expect(reads.length).toBeGreaterThan(0);
    expect((reads[0] as number) - openedAt).toBeLessThan(REFRESH_S * 1000);
    await page.close();
    target.setHealthy(true);
  }, 120_000);

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
