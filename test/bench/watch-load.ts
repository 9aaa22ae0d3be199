// `vigil watch` over a long stretch: 200 HTTP checks every 15 s against a loopback server for
// $VIGIL_BENCH_WATCH_MINUTES (default 10) minutes — the CPU share of its process tree, its memory
// first minute against last, and runs missed — against cron-style `vigil collect` of the same checks
// every 15 s for the same time, measured the same way in the same run. Prints; asserts nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRatio, recordTarget } from './target-table.ts';

const VIGIL_JS = fileURLToPath(new URL('../../collectors/cli/vigil.js', import.meta.url));
const CHECKS = 200;
const INTERVAL_S = 15;
const SAMPLE_EVERY_MS = 100;
const CLOCK_TICKS_PER_S = 100;
const PAGE_BYTES = 4096;

interface TreeUsage {
  /** CPU seconds of every process of the tree, each counted once (its own utime + stime). */
  cpuSeconds(): number;
  /** Memory of the tree (sum of RSS) per sample, with the sample's time. */
  rssSamples: { atMs: number; bytes: number }[];
  stop(): void;
}

/** Reads a process's CPU ticks and RSS from /proc/<pid>/stat; undefined once it is gone. */
async function readStat(pid: number): Promise<{ ticks: number; rssBytes: number } | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ticks: Number(fields[11]) + Number(fields[12]), rssBytes: Number(fields[21]) * PAGE_BYTES };
}

async function listTree(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  const children: number[] = [];
  for (const task of tasks) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of text.trim().split(/\s+/).filter(Boolean)) children.push(Number(child));
  }
  const below = await Promise.all(children.map(listTree));
  return [pid, ...below.flat()];
}

/**
 * Samples a process tree from /proc every SAMPLE_EVERY_MS: each process's highest CPU reading is
 * kept, so a child that ended still counts (less its last tenth of a second, for both sides alike).
 */
function sampleTree(rootPids: () => number[]): TreeUsage {
  const ticksByPid = new Map<number, number>();
  const rssSamples: { atMs: number; bytes: number }[] = [];
  let isSampling = false;
  const sample = async () => {
    if (isSampling) return;
    isSampling = true;
    try {
      let rss = 0;
      for (const root of rootPids()) {
        for (const pid of await listTree(root)) {
          const stat = await readStat(pid);
          if (stat === undefined) continue;
          ticksByPid.set(pid, Math.max(ticksByPid.get(pid) ?? 0, stat.ticks));
          rss += stat.rssBytes;
        }
      }
      rssSamples.push({ atMs: performance.now(), bytes: rss });
    } finally {
      isSampling = false;
    }
  };
  const timer = setInterval(() => void sample(), SAMPLE_EVERY_MS);
  return {
    cpuSeconds: () => [...ticksByPid.values()].reduce((sum, ticks) => sum + ticks, 0) / CLOCK_TICKS_PER_S,
    rssSamples,
    stop: () => clearInterval(timer),
  };
}

async function countRuns(dataDir: string): Promise<Map<string, number[]>> {
  const folder = path.join(dataDir, 'snapshots', 'local');
  const runs = new Map<string, number[]>();
  for (const file of await readdir(folder).catch(() => [])) {
    for (const text of (await readFile(path.join(folder, file), 'utf8')).split('\n')) {
      if (text === '') continue;
      const line = JSON.parse(text) as { t: string; results: { id: string }[] };
      for (const result of line.results) {
        const times = runs.get(result.id) ?? [];
        times.push(Date.parse(line.t));
        runs.set(result.id, times);
      }
    }
  }
  return runs;
}

/** Slots no run took: for each check, gaps between its runs longer than 1.5 intervals. */
function countMissedSlots(runs: Map<string, number[]>): number {
  let missed = 0;
  for (const times of runs.values()) {
    times.sort((a, b) => a - b);
    for (let index = 1; index < times.length; index += 1) {
      const gapMs = (times[index] as number) - (times[index - 1] as number);
      if (gapMs > 1.5 * INTERVAL_S * 1000) missed += Math.round(gapMs / (INTERVAL_S * 1000)) - 1;
    }
  }
  return missed;
}

function meanRss(samples: { atMs: number; bytes: number }[], fromMs: number, toMs: number): number {
  const inside = samples.filter((sample) => sample.atMs >= fromMs && sample.atMs < toMs && sample.bytes > 0);
  return inside.reduce((sum, sample) => sum + sample.bytes, 0) / Math.max(1, inside.length);
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

export async function runWatchLoadBench(): Promise<void> {
  const minutes = Number(process.env.VIGIL_BENCH_WATCH_MINUTES ?? 10);
  const durationMs = minutes * 60_000;
  const server = createServer((_request, response) => {
    setTimeout(() => response.end('ok'), 20);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 1024, resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-bench-watch-'));
  try {
    const checks = Array.from(
      { length: CHECKS },
      (_, i) =>
        `  - { id: c${i}, type: http, url: "${baseUrl}/c${i}", interval: ${INTERVAL_S}s, timeout: 5s, retries: 0 }`,
    );
    const configPath = path.join(dir, 'status.config.yaml');
    await writeFile(
      configPath,
      `site: { title: Watch bench, interval: ${INTERVAL_S}s }\nchecks:\n${checks.join('\n')}\n`,
    );

    console.log(
      `  vigil watch, ${CHECKS} HTTP checks every ${INTERVAL_S} s, ${minutes} min (--collect-only)…`,
    );
    const watch = await measureWatch(configPath, path.join(dir, 'watch-data'), durationMs);
    console.log(`  cron-style vigil collect every ${INTERVAL_S} s, ${minutes} min…`);
    const cron = await measureCron(configPath, path.join(dir, 'cron-data'), durationMs);

    const watchShare = watch.cpuSeconds / (durationMs / 1000);
    const cronShare = cron.cpuSeconds / (durationMs / 1000);
    console.log(
      `  watch: CPU ${percent(watchShare)} of one core, RSS ${mb(watch.firstMinuteRss)} first minute → ${mb(watch.lastMinuteRss)} last, ${watch.runs} runs, ${watch.missedLogged} slots missed (logged), ${watch.missedGaps} (gaps)`,
    );
    console.log(
      `  cron:  CPU ${percent(cronShare)} of one core, ${cron.runs} runs, ${cron.missedGaps} slots missed (gaps), ${cron.overlaps} refused (overlap)`,
    );
    recordTarget({
      measure: `vigil watch CPU share, ${CHECKS} checks at ${INTERVAL_S} s, ${minutes} min`,
      vigil: percent(watchShare),
      baseline: `${percent(cronShare)} (cron collect every ${INTERVAL_S} s)`,
      ratio: cronShare > 0 ? watchShare / cronShare : undefined,
      target: '≤ cron collect (no target in the issue)',
      met: cronShare > 0 ? watchShare <= cronShare : undefined,
    });
    const growth = watch.lastMinuteRss / Math.max(1, watch.firstMinuteRss);
    recordTarget({
      measure: `vigil watch RSS, last minute vs first (${minutes} min)`,
      vigil: mb(watch.lastMinuteRss),
      baseline: `${mb(watch.firstMinuteRss)} (first minute)`,
      ratio: growth,
      target: 'flat (≤ 1.10×)',
      met: growth <= 1.1,
    });
    recordTarget({
      measure: `vigil watch runs missed (${minutes} min, ${CHECKS} checks at ${INTERVAL_S} s)`,
      vigil: `${Math.max(watch.missedLogged, watch.missedGaps)} of ${watch.expectedRuns}`,
      baseline: `${cron.missedGaps + cron.overlaps} (cron)`,
      ratio: undefined,
      target: '0',
      met: watch.missedLogged === 0 && watch.missedGaps === 0,
      note: `ratio of CPU share ${cronShare > 0 ? formatRatio(watchShare / cronShare) : '—'}`,
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureWatch(configPath: string, dataDir: string, durationMs: number) {
  const child = spawn(
    process.execPath,
    [VIGIL_JS, 'watch', '--config', configPath, '--data', dataDir, '--collect-only'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout = `${stdout}${chunk.toString()}`.slice(-2_000_000);
  });
  child.stderr?.resume();
  const startedMs = performance.now();
  const usage = sampleTree(() => [child.pid as number]);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  usage.stop();
  const cpuSeconds = usage.cpuSeconds();
  await stopChild(child);
  const runs = await countRuns(dataDir);
  const missedLogged = [...stdout.matchAll(/missed ([^(]+) \(/g)]
    .flatMap((match) => [...(match[1] ?? '').matchAll(/(\d+) of /g)])
    .reduce((sum, match) => sum + Number(match[1]), 0);
  return {
    cpuSeconds,
    firstMinuteRss: meanRss(usage.rssSamples, startedMs, startedMs + 60_000),
    lastMinuteRss: meanRss(usage.rssSamples, startedMs + durationMs - 60_000, startedMs + durationMs),
    runs: stdout.split('\n').filter((line) => /^vigil watch: local: \S+: \d+ checks?/.test(line)).length,
    missedLogged,
    missedGaps: countMissedSlots(runs),
    expectedRuns: CHECKS * Math.floor(durationMs / (INTERVAL_S * 1000)),
  };
}

/** `vigil collect` started every 15 s, as a cron with seconds would; each run's tree is sampled. */
async function measureCron(configPath: string, dataDir: string, durationMs: number) {
  const running = new Set<ChildProcess>();
  let overlaps = 0;
  let started = 0;
  const usage = sampleTree(() => [...running].map((child) => child.pid as number));
  const startRun = () => {
    const child = spawn(
      process.execPath,
      [VIGIL_JS, 'collect', '--config', configPath, '--data', dataDir, '--all'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    started += 1;
    running.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', () => {
      if (/another collect run/.test(stderr)) overlaps += 1;
      // The last samples of a run are taken before it leaves the set.
      setTimeout(() => running.delete(child), SAMPLE_EVERY_MS * 2);
    });
  };
  startRun();
  const timer = setInterval(startRun, INTERVAL_S * 1000);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  clearInterval(timer);
  while ([...running].some((child) => child.exitCode === null && child.signalCode === null))
    await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS * 3));
  usage.stop();
  const runs = await countRuns(dataDir);
  return { cpuSeconds: usage.cpuSeconds(), runs: started, overlaps, missedGaps: countMissedSlots(runs) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}
