// Issue 14's collector rows, with the real `vigil collect` CLI against baselines measured in the
// same run:
// 1. 1,000 and 10,000 HTTP checks with default settings (no collect section in the config) against
//    a loopback server that answers after 50 ms, vs a bare `fetch` loop (Node's global fetch, keep-
//    alive) with as many requests in flight as Vigil's default for network probes;
// 2. a 1-check `vigil collect` (wall, process start to exit) of a target that answers at once vs
//    `node -e 0` on the same Node.
// Every request goes to 127.0.0.1; every loop is bounded. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from '../../collectors/bundle/build-bundle.ts';
import { ConfigSchema } from '../../core/model/index.ts';
import { recordTarget } from './target-table.ts';

const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.js', import.meta.url));
const RESPONSE_DELAY_MS = 50;
/** Enough queued connections for 10,000 checks opened by the hundred (the kernel caps it at somaxconn). */
const LISTEN_BACKLOG = 4096;
/** Runs of the 1-check collect and of `node -e 0`; the median of each is compared. */
const STARTUP_RUNS = 9;

interface ProcessFigures {
  wallMs: number;
  exitCode: number | null;
  output: string;
}

/** Runs `node <args>` to its exit and times it from spawn to exit. */
async function timeNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessFigures> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { wallMs: performance.now() - startedAt, exitCode, output: output.trim() };
}

/**
 * The baseline: the same requests by a bare loop in a fresh Node process, `inFlight` at a time,
 * each body read to its end (so its connection returns to fetch's keep-alive pool).
 */
const FETCH_LOOP = `
const [base, count, inFlight] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
let next = 0, ok = 0;
const worker = async () => {
  while (next < count) {
    const i = next++;
    const response = await fetch(base + '/ok/' + i);
    await response.text();
    if (response.ok) ok++;
  }
};
await Promise.all(Array.from({ length: inFlight }, worker));
console.log(ok + ' of ' + count + ' ok');
`;

function writeHttpConfig(path: string, count: number, baseUrl: string): Promise<void> {
  const checks = Array.from(
    { length: count },
    (_, i) => `  - { id: c${i}, type: http, url: "${baseUrl}/ok/${i}" }`,
  ).join('\n');
  return writeFile(path, `checks:\n${checks}\n`);
}

async function startDelayedServer(): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((request, response) => {
    // /now/…: at once, for the 1-check run, whose row is what Vigil itself costs.
    if (request.url?.startsWith('/now/')) response.end('ok');
    else setTimeout(() => response.end('ok'), RESPONSE_DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', LISTEN_BACKLOG, resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function runCollectorSpeedBench(): Promise<void> {
  const networkInFlight = ConfigSchema.parse({}).collect.concurrency;
  const inFlight = typeof networkInFlight === 'number' ? networkInFlight : networkInFlight.network;
  const { server, baseUrl } = await startDelayedServer();
  const dir = await mkdtemp(join(tmpdir(), 'vigil-speed-'));
  // The CLI bundle `npm ci` builds (collectors/bundle/): here, of the code as it is now.
  const bundle = await buildBundle();
  console.log(
    `CLI bundle: ${bundle.dir === undefined ? 'another build holds its lock' : `${bundle.inputs} modules`}`,
  );
  try {
    console.log(
      `HTTP checks with default settings (${inFlight} network probes at once) against a server answering after ${RESPONSE_DELAY_MS} ms:`,
    );
    // A first run fills Node's compile cache, as every cron run after the first finds it.
    const warmUpConfig = join(dir, 'warm-up.yaml');
    await writeHttpConfig(warmUpConfig, 1, baseUrl);
    await timeNode([VIGIL_BIN, 'collect', '--config', warmUpConfig, '--data', join(dir, 'data-warm-up')]);
    for (const [count, runs] of [
      [1000, 3],
      [10_000, 1],
    ] as const) {
      const config = join(dir, `http-${count}.yaml`);
      await writeHttpConfig(config, count, baseUrl);
      // Its first run stores what the config reads as (core/config/config-value-cache.ts), as the
      // first cron run after an edit does for every run after it.
      await timeNode([VIGIL_BIN, 'collect', '--config', config, '--data', join(dir, `data-${count}-first`)]);
      const vigilMs: number[] = [];
      const bareMs: number[] = [];
      let isEveryRunOk = true;
      // Interleaved, so a busy moment of the machine falls on both sides alike; medians compared.
      for (let run = 0; run < runs; run += 1) {
        const vigil = await timeNode([
          VIGIL_BIN,
          'collect',
          '--config',
          config,
          '--data',
          join(dir, `data-${count}`),
        ]);
        const bare = await timeNode([
          '--input-type=module',
          '-e',
          FETCH_LOOP,
          baseUrl,
          String(count),
          String(inFlight),
        ]);
        console.log(
          `  vigil collect: ${s(vigil.wallMs)} (exit ${vigil.exitCode}): ${vigil.output.split('\n').at(-1)}`,
        );
        console.log(`  bare fetch loop: ${s(bare.wallMs)} (exit ${bare.exitCode}): ${bare.output}`);
        vigilMs.push(vigil.wallMs);
        bareMs.push(bare.wallMs);
        isEveryRunOk &&= vigil.exitCode === 0 && bare.exitCode === 0;
      }
      const ratio = median(vigilMs) / median(bareMs);
      recordTarget({
        measure: `${count.toLocaleString('en')} HTTP checks, default settings`,
        vigil: s(median(vigilMs)),
        baseline: `${s(median(bareMs))} (fetch loop, ${inFlight} in flight)`,
        ratio,
        target: '≤ 1.3× a bare fetch loop',
        met: isEveryRunOk ? ratio <= 1.3 : undefined,
        note: isEveryRunOk ? `median of ${runs} run${runs > 1 ? 's' : ''}` : 'a run failed',
      });
    }

    const oneConfig = join(dir, 'one.yaml');
    // A target that answers at once: the row measures Vigil's start, run and exit, not the server's
    // 50 ms (the rows above hold the network's share against the fetch loop).
    await writeHttpConfig(oneConfig, 1, `${baseUrl}/now`);
    const collects: number[] = [];
    const bares: number[] = [];
    let lastExit: number | null = 0;
    // Interleaved, so a busy moment of the machine falls on both sides alike.
    for (let run = 0; run < STARTUP_RUNS; run += 1) {
      const collected = await timeNode([
        VIGIL_BIN,
        'collect',
        '--config',
        oneConfig,
        '--data',
        join(dir, 'data-one'),
      ]);
      lastExit = collected.exitCode;
      collects.push(collected.wallMs);
      bares.push((await timeNode(['-e', '0'])).wallMs);
    }
    const collectMs = median(collects);
    const bareMs = median(bares);
    console.log(
      `\n1-check vigil collect: median ${s(collectMs)} of ${STARTUP_RUNS} runs; node -e 0: median ${s(bareMs)}`,
    );
    recordTarget({
      measure: '1-check vigil collect (wall)',
      vigil: s(collectMs),
      baseline: `${s(bareMs)} (node -e 0)`,
      ratio: collectMs / bareMs,
      target: '≤ 5× node -e 0',
      met: lastExit === 0 ? collectMs / bareMs <= 5 : undefined,
    });
  } finally {
    server.closeAllConnections();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
