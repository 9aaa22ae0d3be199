// npm run bench: collector speed and memory on this machine. Prints figures; asserts nothing.
// Every request goes to a server on 127.0.0.1 started here, and every loop is bounded.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTargetTable, getTargetRows, isBenchSelected } from './target-table.ts';

const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.js', import.meta.url));
const RESPONSE_DELAY_MS = 50;

interface CollectFigures {
  wallMs: number;
  peakRssBytes: number;
  exitCode: number | null;
  summary: string;
}

/** Runs the real collector CLI and samples its peak RSS (VmHWM) from /proc while it runs. */
async function timeCollect(configPath: string, dataDir: string): Promise<CollectFigures> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [VIGIL_BIN, 'collect', '--config', configPath, '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakRssBytes = 0;
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakRssBytes = Math.max(peakRssBytes, kb * 1024);
  };
  const sampler = setInterval(sample, 10);
  let summary = '';
  child.stdout.on('data', (chunk: Buffer) => {
    summary += chunk.toString();
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  return { wallMs: performance.now() - startedAt, peakRssBytes, exitCode, summary: summary.trim() };
}

async function writeConfig(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, `${name}.yaml`);
  await writeFile(path, body);
  return path;
}

function httpChecks(count: number, baseUrl: string, pathFor: (i: number) => string, timeout: string): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `  - { id: c${i}, type: http, url: "${baseUrl}${pathFor(i)}", timeout: ${timeout}, retries: 0 }`,
  ).join('\n');
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

if (isBenchSelected('collector')) await runCollectorBench();

async function runCollectorBench(): Promise<void> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/hang')) return; // never answers: the collector must give up by itself
    setTimeout(() => res.end('ok'), RESPONSE_DELAY_MS);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 1024, resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-'));

  try {
    console.log(`Vigil collector benchmarks (server answers after ${RESPONSE_DELAY_MS} ms, on 127.0.0.1)\n`);

    const results: Record<string, CollectFigures> = {};
    for (const concurrency of [32, 128]) {
      const config = await writeConfig(
        dir,
        `c${concurrency}`,
        `collect: { concurrency: ${concurrency}, deadline: 2m }\nchecks:\n${httpChecks(1000, baseUrl, (i) => `/ok/${i}`, '10s')}\n`,
      );
      const figures = await timeCollect(config, join(dir, `data-${concurrency}`));
      results[concurrency] = figures;
      console.log(
        `1,000 http checks, concurrency ${concurrency}: wall ${s(figures.wallMs)}, peak RSS ${mb(figures.peakRssBytes)}`,
      );
      console.log(`  ${figures.summary}`);
    }

    const sequential = await writeConfig(
      dir,
      'sequential',
      `collect: { concurrency: 1, deadline: 10m }\nchecks:\n${httpChecks(1000, baseUrl, (i) => `/ok/${i}`, '10s')}\n`,
    );
    const one = await timeCollect(sequential, join(dir, 'data-seq'));
    console.log(`1,000 http checks one after another (Upptime's way): wall ${s(one.wallMs)}`);
    for (const [concurrency, figures] of Object.entries(results)) {
      console.log(
        `  concurrency ${concurrency} is ${(one.wallMs / figures.wallMs).toFixed(1)}× faster than sequential`,
      );
    }

    const hanging = await writeConfig(
      dir,
      'hanging',
      `collect: { concurrency: 32, deadline: 8s }\nchecks:\n${httpChecks(200, baseUrl, (i) => (i % 10 === 0 ? `/hang/${i}` : `/ok/${i}`), '1m')}\n`,
    );
    const stuck = await timeCollect(hanging, join(dir, 'data-hang'));
    console.log(
      `\n200 http checks, 20 of which hang (timeout 1m, run deadline 8 s): wall ${s(stuck.wallMs)}, peak RSS ${mb(stuck.peakRssBytes)}`,
    );
    console.log(`  ${stuck.summary}`);

    console.log(
      '\nTargets: 1,000 checks in ≤ 2 s wall and ≤ 200 MB RSS, ≥ 25× faster than sequential; hanging run ends by its deadline.',
    );

    console.log('\nCollector speed against bare Node (issue 14):');
    await (await import('./collector-speed.ts')).runCollectorSpeedBench();
  } finally {
    server.closeAllConnections();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isBenchSelected('clusters')) {
  console.log('\nCluster parsers:');
  await import('./parse-clusters.ts');
}

if (isBenchSelected('site')) {
  console.log('\nSite budgets:');
  await (await import('./site-budgets.ts')).runSiteBudgets();
}

if (isBenchSelected('lighthouse')) {
  console.log('\nLighthouse, an HPC site of 60 components:');
  await (await import('./hpc-site-lighthouse.ts')).runHpcSiteLighthouse();
}

if (isBenchSelected('front-page')) {
  console.log('\nThe front page at 50 and 1,000 components:');
  await (await import('./front-page.ts')).runFrontPageBench();
}

if (isBenchSelected('publish')) {
  console.log('\nPublishing, repository growth:');
  await (await import('./publish-growth.ts')).runPublishGrowthBench();
  console.log('\nPublishing, 4 concurrent collectors on one remote:');
  await (await import('./publish-reliability.ts')).runPublishReliabilityBench();
}

// --- build group: the static peer (BUILD OUTPUT's block; build-speed rows go in their own block) ---
if (isBenchSelected('build')) {
  console.log('\nBuild against its static peer (cState on Hugo), 50 components + 200 resolved incidents:');
  await (await import('./static-peer.ts')).runStaticPeerBench();
}
// --- end of the static peer block ---

// --- build group: cold build, rebuild and profile at 200 and 1,000 components (the data layer) ---
if (isBenchSelected('build')) {
  console.log('\nBuild speed, 14 days of 5-minute runs:');
  await (await import('./build-speed.ts')).runBuildSpeedBench();
}

if (isBenchSelected('isolation')) {
  console.log('\nA run nothing can stall or distort:');
  await (await import('./collector-isolation.ts')).runCollectorIsolationBench();
}

if (isBenchSelected('growth')) {
  console.log('\nRepository growth of sub-minute checks (site.fullRateWindow 1 h):');
  await (await import('./thinning-growth.ts')).runThinningGrowthBench();
}

if (isBenchSelected('render')) {
  console.log('\nIncremental render of the data outputs after a run:');
  await (await import('./render-speed.ts')).runRenderSpeedBench();
}

if (isBenchSelected('watch')) {
  console.log(
    '\nvigil watch over time ($VIGIL_BENCH_WATCH_MINUTES, default 10 min, then as long for the cron baseline):',
  );
  await (await import('./watch-load.ts')).runWatchLoadBench();
}

if (getTargetRows().length > 0) {
  console.log('\nTargets (Vigil / baseline measured in this run):');
  console.log(formatTargetTable());
}
