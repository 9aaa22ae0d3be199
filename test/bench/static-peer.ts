// Issue 14's static peer row: Vigil building 50 components and 200 resolved incidents with one run of
// data, against cState's engine (Hugo, Debian's package) building the same 50 systems and 200
// incidents in a cState-shaped site (static-peer-site.ts), measured pairwise in this run: wall time,
// CPU time (user + system of the whole process tree) and peak memory. Prints figures; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSiteData } from './generate-site-data.ts';
import { writeStaticPeerSite } from './static-peer-site.ts';
import { formatRatio, recordTarget } from './target-table.ts';

const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.ts', import.meta.url));
const MEASURE = '50 components + 200 resolved incidents, one run of data';
const TARGET = '≤ 2× Hugo (cState) wall';
const RUNS = 3;
const RSS_SAMPLE_MS = 10;

export interface BuildFigures {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
}

/** Measures both builds RUNS times, alternating, after one warm-up each; records the table's row. */
export async function runStaticPeerBench(): Promise<void> {
  const hugo = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  const time = spawnSync('/usr/bin/time', ['-f', '%e', 'true'], { encoding: 'utf8' });
  if (hugo.error !== undefined || time.error !== undefined) {
    const missing = hugo.error === undefined ? '/usr/bin/time' : 'hugo';
    console.log(
      `not measured: ${missing} not installed (apt-get install -y ${missing === 'hugo' ? 'hugo' : 'time'})`,
    );
    recordTarget({
      measure: MEASURE,
      vigil: '—',
      baseline: '—',
      ratio: undefined,
      target: TARGET,
      met: undefined,
      note: `${missing} not installed`,
    });
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'vigil-static-peer-'));
  try {
    const site = await generateSiteData({
      outDir: join(dir, 'vigil'),
      components: 50,
      runs: 1,
      rollupDays: 0,
      incidents: 200,
      incidentKinds: 'resolved',
    });
    const hugoSite = join(dir, 'hugo');
    const peer = await writeStaticPeerSite({
      configPath: site.configPath,
      dataDir: site.dataDir,
      siteDir: hugoSite,
    });
    console.log(
      `${hugo.stdout.trim()}; ${peer.systems} systems, ${peer.incidents} incidents; ${RUNS} runs each after a warm-up`,
    );

    const buildVigil = (out: string) =>
      measureBuild(process.execPath, [
        VIGIL_BIN,
        'build',
        '--config',
        site.configPath,
        '--data',
        site.dataDir,
        '--out',
        out,
      ]);
    const buildHugo = (out: string) =>
      measureBuild('hugo', [
        '--source',
        hugoSite,
        '--destination',
        out,
        '--cacheDir',
        join(dir, 'hugo-cache'),
        '--quiet',
      ]);
    const vigilRuns: BuildFigures[] = [];
    const hugoRuns: BuildFigures[] = [];
    for (let run = 0; run <= RUNS; run++) {
      // A fresh output folder each time: both sides write every file.
      const vigil = await buildVigil(join(dir, `vigil-out-${run}`));
      const peerRun = await buildHugo(join(dir, `hugo-out-${run}`));
      if (run === 0) continue;
      vigilRuns.push(vigil);
      hugoRuns.push(peerRun);
    }
    const vigil = summarize(vigilRuns);
    const peerFigures = summarize(hugoRuns);
    const files = async (out: string) => (await readdir(join(dir, out), { recursive: true })).length;
    console.log(`  Vigil: ${describe(vigil)}, ${await files('vigil-out-1')} entries in dist`);
    console.log(`  Hugo:  ${describe(peerFigures)}, ${await files('hugo-out-1')} entries in public`);
    const cpuRatio = vigil.cpuMs / peerFigures.cpuMs;
    const memoryRatio = vigil.peakRssBytes / peerFigures.peakRssBytes;
    console.log(
      `  ratios: wall ${formatRatio(vigil.wallMs / peerFigures.wallMs)}, CPU ${formatRatio(cpuRatio)}, memory ${formatRatio(memoryRatio)}`,
    );
    const ratio = vigil.wallMs / peerFigures.wallMs;
    recordTarget({
      measure: MEASURE,
      vigil: `${seconds(vigil.wallMs)} wall`,
      baseline: `${seconds(peerFigures.wallMs)} wall`,
      ratio,
      target: TARGET,
      met: ratio <= 2,
      note: `CPU ${formatRatio(cpuRatio)}, memory ${mib(vigil.peakRssBytes)} vs ${mib(peerFigures.peakRssBytes)} = ${formatRatio(memoryRatio)}`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs one build under /usr/bin/time (CPU of the build and every child it waited for) as the leader
 * of its own process group, sampling the group's summed RSS from /proc every RSS_SAMPLE_MS; the peak
 * is that sum's maximum, or the largest single process's high-water mark if that is higher.
 */
export async function measureBuild(command: string, args: string[]): Promise<BuildFigures> {
  const startedAt = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', command, ...args], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let peakTreeRssBytes = 0;
  const sampler = setInterval(async () => {
    peakTreeRssBytes = Math.max(peakTreeRssBytes, await sumGroupRss(child.pid as number));
  }, RSS_SAMPLE_MS);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - startedAt;
  clearInterval(sampler);
  const [user, system, maxRssKb] = (stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (exitCode !== 0 || maxRssKb === undefined || !Number.isFinite(maxRssKb))
    throw new Error(`${command} ${args.join(' ')} failed (exit ${exitCode}):\n${stderr}`);
  return {
    wallMs,
    cpuMs: ((user ?? 0) + (system ?? 0)) * 1000,
    peakRssBytes: Math.max(peakTreeRssBytes, maxRssKb * 1024),
  };
}

/** The summed VmRSS of the processes in group pgid, less its leader (/usr/bin/time itself). */
async function sumGroupRss(pgid: number): Promise<number> {
  let total = 0;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === pgid) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  }
  return total;
}

/** Medians of wall and CPU time, the highest peak. */
function summarize(runs: readonly BuildFigures[]): BuildFigures {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
    peakRssBytes: Math.max(...runs.map((run) => run.peakRssBytes)),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;
const describe = (figures: BuildFigures) =>
  `wall ${seconds(figures.wallMs)} (median), CPU ${seconds(figures.cpuMs)}, peak RSS ${mib(figures.peakRssBytes)}`;

if (import.meta.main) await runStaticPeerBench();
