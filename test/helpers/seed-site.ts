// The site of one shipped example (examples/*.yaml), for the seed-rows e2e tests: results made by the
// real probes (through a replaying command runner where the tool cannot run here, against real
// servers where it can), repeated at a 5-minute cadence over the whole retention, built at a fixed
// clock and served on loopback.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PROBES } from '../../collectors/probes/registry.ts';
import { runChecks } from '../../collectors/run/run-checks.ts';
import type {
  CommandOutcome,
  CommandRequest,
  CommandRunner,
} from '../../collectors/transport/run-command.ts';
import { loadConfig } from '../../core/config/load-config.ts';
import type { Check, CheckResult, Config, SnapshotLine } from '../../core/model/index.ts';
import { buildSite } from './build-site.ts';
import { CHROMIUM_ARGS } from './chromium.ts';
import { EXAMPLE_ENV } from './example-env.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from './generate-snapshots.ts';
import { type StaticServer, serveStatic } from './static-server.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const SEED_INTERVAL_MS = 5 * MINUTE_MS;

/**
 * The instant every seed site is built: yesterday at 12:00 UTC, so its newest run and the moment a
 * page is read fall on one UTC day whenever the suite runs (as test/e2e/stale-clock.test.ts does).
 */
export const SEED_BUILT_AT_MS = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS / 2;
/** The newest run: a minute before the build, so a 1-minute check is still fresh when read. */
export const SEED_LAST_RUN_MS = SEED_BUILT_AT_MS - MINUTE_MS;

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Secrets the examples read from the environment (as test/unit/core/config/shipped-configs.test.ts). */
export { EXAMPLE_ENV };

export const examplePath = (name: string) => path.join(root, 'examples', name);

/** An example's config as `collect` loads it. */
export async function loadExample(name: string): Promise<Config> {
  return (await loadConfig({ path: examplePath(name), env: EXAMPLE_ENV })).config;
}

/** The check of the example with this id (a test bug when absent). */
export function findCheck(config: Config, id: string): Check {
  const check = config.checks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`the example has no check "${id}"`);
  return check;
}

type Answer = Partial<CommandOutcome> | undefined;

/**
 * A command runner that replays recorded output: `answer(argv)` gives the outcome of a command
 * line (stdout, exit code), or undefined for "command not found".
 */
export function replayCommands(
  answer: (argv: readonly string[], request: CommandRequest) => Answer,
): CommandRunner {
  return async (request) => {
    const outcome = answer(request.argv, request);
    const program = request.argv[0] ?? '';
    if (outcome === undefined) {
      return {
        exitCode: null,
        stdout: '',
        stderr: '',
        durationMs: 1,
        isTruncated: false,
        timedOut: false,
        failure: `command not found: ${program}`,
      };
    }
    return {
      exitCode: 0,
      stdout: '',
      stderr: '',
      durationMs: 40,
      isTruncated: false,
      timedOut: false,
      ...outcome,
    };
  };
}

/** One run of these checks by the real probes, at nowMs, with `run` as the command runner. */
export async function observeChecks(
  checks: readonly Check[],
  options: { nowMs: number; run?: CommandRunner; deadlineMs?: number },
): Promise<CheckResult[]> {
  if (checks.length === 0) return [];
  const { results } = await runChecks({
    checks,
    state: { v: 1, checks: {} },
    probes: PROBES,
    concurrency: 4,
    deadlineMs: options.deadlineMs ?? 30_000,
    failuresBeforeDown: 1,
    now: () => new Date(options.nowMs),
    run: options.run ?? replayCommands(() => undefined),
  });
  return results;
}

/** A stored result of the probe's shape for a check no probe here can reach (http from outside, tcp). */
export function madeResult(
  id: string,
  message: string,
  metrics: Record<string, number>,
  detail: Record<string, unknown> = {},
): CheckResult {
  return {
    id,
    status: 'up',
    ms: Math.max(1, metrics.latencyMs ?? metrics.connectMs ?? 5),
    message,
    metrics,
    detail,
  };
}

export interface SeedSiteOptions {
  /** The example's file name in examples/. */
  example: string;
  config: Config;
  /**
   * Results of the checks, by check id: one result repeated at every run (its response time varied),
   * or a function of the run's time. Checks without one get generated up runs.
   */
  results: ReadonlyMap<string, CheckResult | ((t: number) => CheckResult | undefined)>;
  /** Sources whose runs stop early (the collector went silent): source id → its last run (ms). */
  silentSince?: Readonly<Record<string, number>>;
}

export interface SeedSite {
  dir: string;
  outDir: string;
  dataDir: string;
  server: StaticServer;
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * 14 days (the retention) of 5-minute runs ending at SEED_LAST_RUN_MS for every source of the
 * example, the site built with SEED_BUILT_AT_MS as its clock, served, and Chromium started.
 */
export async function buildSeedSite(options: SeedSiteOptions): Promise<SeedSite> {
  const dir = await mkdtemp(path.join(tmpdir(), `vigil-seed-${path.basename(options.example, '.yaml')}-`));
  const dataDir = path.join(dir, 'data');
  const outDir = path.join(dir, 'dist');
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const retentionDays = options.config.site.retentionDays;
  const fromMs = SEED_LAST_RUN_MS - retentionDays * DAY_MS + SEED_INTERVAL_MS;
  const lines: SnapshotLine[] = [];
  for (const source of options.config.sources) {
    const checks = options.config.checks.filter((c) => c.source === source.id && c.enabled);
    const untilMs = options.silentSince?.[source.id] ?? SEED_LAST_RUN_MS;
    const generated = generateSnapshotLines({
      source: source.id,
      checkIds: checks.filter((c) => !options.results.has(c.id)).map((c) => c.id),
      from: new Date(fromMs),
      to: new Date(untilMs + 1),
      intervalMs: SEED_INTERVAL_MS,
    });
    for (const line of generated) {
      const t = Date.parse(line.t);
      const results = checks.map((check) => {
        const given = options.results.get(check.id);
        if (given === undefined) return line.results.find((r) => r.id === check.id);
        return typeof given === 'function' ? given(t) : varyResponseTime(given, t);
      });
      lines.push({ ...line, results: results.filter((r): r is CheckResult => r !== undefined) });
    }
  }
  await writeSnapshotFixtures(dataDir, lines);
  await buildSite({
    configPath: examplePath(options.example),
    dataDir,
    outDir,
    buildTimeMs: SEED_BUILT_AT_MS,
  });
  const server = await serveStatic(outDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    dir,
    outDir,
    dataDir,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      // SEED_KEEP=1 keeps the data and the built site to look at.
      if (process.env.SEED_KEEP) console.log(`seed site kept in ${dir}`);
      else await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page of the site at this width with the browser's clock at the build's moment: a fake
 * clock the test moves (`page.clock.fastForward`), or with `settled`, the time held there while
 * timers run (charts drawn, the network idle) for a screenshot.
 */
export async function openSeedPage(
  site: SeedSite,
  pathname: string,
  options: { width?: number; settled?: boolean } = {},
): Promise<Page> {
  const context = await site.browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
  const page = await context.newPage();
  if (options.settled) await page.clock.setFixedTime(SEED_BUILT_AT_MS);
  else await page.clock.install({ time: SEED_BUILT_AT_MS });
  await page.goto(`${site.server.origin}${pathname}`, {
    waitUntil: options.settled ? 'networkidle' : 'load',
  });
  return page;
}

/** Full-page screenshots of a page at 375 and 1280 px: test-artifacts/screenshots/seed-<name>-<width>.png. */
export async function screenshotBoth(site: SeedSite, pathname: string, name: string): Promise<void> {
  for (const width of [375, 1280]) {
    const page = await openSeedPage(site, pathname, { width, settled: true });
    // Charts are drawn as they scroll into view: scroll through the page once, then back to the top.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      }
      window.scrollTo(0, 0);
    });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `seed-${name}-${width}.png`), fullPage: true });
    await page.context().close();
  }
}

/** The result at run t: its response time (and the metrics that measure it) moved by up to ±30 %. */
function varyResponseTime(result: CheckResult, t: number): CheckResult {
  const factor = 0.7 + ((Math.sin(t / 3_600_000 + result.id.length) + 1) / 2) * 0.6;
  const metrics = { ...result.metrics };
  for (const name of ['latencyMs', 'connectMs', 'pingMs', 'queryMs', 'statMs', 'durationMs']) {
    const value = metrics[name];
    if (value !== undefined) metrics[name] = Math.round(value * factor * 10) / 10;
  }
  return { ...result, ms: Math.round(result.ms * factor * 10) / 10, metrics };
}
