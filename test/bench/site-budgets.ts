// The site budgets of `npm run bench`: build time and peak RSS at growing sizes, the transfer size of
// `/`, Chart.js only where charts are, and Lighthouse scores. Prints figures; asserts nothing.
//
// VIGIL_BENCH_SITE_SIZES     components per build, e.g. "50,200,1000" (default 50,200,1000)
// VIGIL_BENCH_BUILD_LIMIT_S  a build running longer is stopped and reported (default 300)
// VIGIL_BENCH_RSS_LIMIT_MB   a build growing past this is stopped and reported (default 6144)
// VIGIL_BENCH_LIGHTHOUSE=0   skips Lighthouse; VIGIL_BENCH_LIGHTHOUSE_RUNS=N audits each page N times (default 3)
import { spawn } from 'node:child_process';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSiteData, type SiteData } from './generate-site-data.ts';
import { runLighthouse } from './site-lighthouse.ts';
import { findChartChunks, measurePageTransfer } from './site-transfer.ts';

const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.ts', import.meta.url));
const BUDGET = {
  components: 200,
  buildMs: 30_000,
  peakRssBytes: 1.5 * 1024 ** 3,
  frontPageGzipBytes: 60 * 1024,
};
const TRANSFER_SITE_SIZE = 50;

interface BuildFigures {
  wallMs: number;
  /** User + system CPU time of the build process, as last sampled: steadier than wall time on a busy machine. */
  cpuMs: number;
  peakRssBytes: number;
  /** The 1-minute load average when the build ended: other work on the machine slows the wall time. */
  loadAverage: number;
  /** "ok", or why the build did not finish. */
  outcome: string;
  /** Warnings and errors the build printed, though it finished. */
  warnings: string;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback) || fallback;

/** Runs every site budget and prints the figures. */
export async function runSiteBudgets(): Promise<void> {
  const sizes = (process.env.VIGIL_BENCH_SITE_SIZES ?? '50,200,1000')
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isInteger(size) && size > 0);
  const limits = {
    wallMs: envNumber('VIGIL_BENCH_BUILD_LIMIT_S', 300) * 1000,
    rssBytes: envNumber('VIGIL_BENCH_RSS_LIMIT_MB', 6144) * 1_048_576,
  };
  const root = path.join(tmpdir(), `vigil-site-bench-${process.pid}`);
  const curve: { data: SiteData; build: BuildFigures }[] = [];
  try {
    for (const size of [...new Set([...sizes, TRANSFER_SITE_SIZE])].sort((a, b) => a - b)) {
      const outDir = path.join(root, `site-${size}`);
      const startedAt = performance.now();
      const data = await generateSiteData({ outDir: path.join(outDir, 'input'), components: size });
      const generateMs = performance.now() - startedAt;
      const distDir = path.join(outDir, 'dist');
      const build = await measureBuild(data, distDir, limits);
      if (sizes.includes(size)) curve.push({ data, build });
      console.log(
        `${size.toLocaleString('en')} components, ${data.results.toLocaleString('en')} results, ${data.incidents} incidents ` +
          `(${mb(data.bytesWritten)} generated in ${seconds(generateMs)}): ` +
          (build.outcome === 'ok'
            ? `build ${seconds(build.wallMs)} (CPU ${seconds(build.cpuMs)}, load average ${build.loadAverage.toFixed(1)}), ` +
              `peak RSS ${mb(build.peakRssBytes)}, ${await describeDist(distDir)}`
            : `${build.outcome} (peak RSS ${mb(build.peakRssBytes)})`),
      );
      if (build.warnings !== '') console.log(`  the build printed:\n${build.warnings}`);
      if (size === TRANSFER_SITE_SIZE && build.outcome === 'ok') await reportFrontPage(distDir);
      await rm(path.join(outDir, 'input'), { recursive: true, force: true });
      if (size !== TRANSFER_SITE_SIZE) await rm(distDir, { recursive: true, force: true });
    }
    printCurve(curve);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs `vigil build` in a child process, sampling its peak RSS (VmHWM); stops it past the limits. */
async function measureBuild(
  data: SiteData,
  distDir: string,
  limits: { wallMs: number; rssBytes: number },
): Promise<BuildFigures> {
  const startedAt = performance.now();
  const args = [VIGIL_BIN, 'build', '--config', data.configPath, '--data', data.dataDir, '--out', distDir];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  let peakRssBytes = 0;
  let cpuMs = 0;
  let stoppedBecause: string | undefined;
  const stop = (reason: string) => {
    stoppedBecause ??= reason;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  };
  const sampler = setInterval(async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    peakRssBytes = Math.max(peakRssBytes, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    cpuMs = Math.max(cpuMs, await readCpuMs(child.pid));
    const wallMs = performance.now() - startedAt;
    if (peakRssBytes > limits.rssBytes)
      stop(`stopped at ${mb(limits.rssBytes)} RSS after ${seconds(wallMs)}`);
    else if (wallMs > limits.wallMs) stop(`stopped after ${seconds(limits.wallMs)} without finishing`);
  }, 50);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const wallMs = performance.now() - startedAt;
  const failure = exitCode === 0 ? undefined : `build failed (exit ${exitCode}):\n${indent(output.trim())}`;
  const warnings =
    exitCode === 0 && /warn|error/i.test(output) ? `\n  build output:\n${indent(output.trim())}` : '';
  const outcome = stoppedBecause ?? failure ?? 'ok';
  return { wallMs, cpuMs, peakRssBytes, loadAverage: loadavg()[0] ?? 0, outcome, warnings };
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
async function readCpuMs(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}

async function describeDist(distDir: string): Promise<string> {
  const entries = await readdir(distDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile());
  const sizes = await Promise.all(files.map((entry) => stat(path.join(entry.parentPath, entry.name))));
  return `${files.length.toLocaleString('en')} files (${mb(sizes.reduce((sum, info) => sum + info.size, 0))})`;
}

/** Gzip transfer of `/`, Chart.js kept to chart pages, and Lighthouse on `/` and a component page. */
async function reportFrontPage(distDir: string): Promise<void> {
  const front = await measurePageTransfer(distDir, '/');
  const verdict = front.gzipBytes <= BUDGET.frontPageGzipBytes ? 'within' : 'OVER';
  console.log(
    `\n/ of the ${TRANSFER_SITE_SIZE}-component site: ${kb(front.gzipBytes)} gzip (${verdict} the ${kb(BUDGET.frontPageGzipBytes)} budget); inline script and style ${kb(front.inlineBytes)} raw`,
  );
  for (const item of front.items)
    console.log(
      `  ${kb(item.gzipBytes).padStart(9)} gzip  ${kb(item.rawBytes).padStart(9)} raw  ${item.file}`,
    );
  if (front.lazyFiles.length > 0) console.log(`  loaded on demand only: ${front.lazyFiles.join(', ')}`);

  const astroFiles = (await readdir(path.join(distDir, '_astro'))).map((name) => `/_astro/${name}`);
  const chartChunks = await findChartChunks(distDir, astroFiles);
  const componentPage = (await readdir(path.join(distDir, 'components'))).sort()[0];
  const componentPath = `/components/${componentPage}/`;
  const component = await measurePageTransfer(distDir, componentPath);
  const reach = (transfer: typeof front) => [
    ...transfer.items.map((item) => item.file),
    ...transfer.lazyFiles,
  ];
  const frontCharts = chartChunks.filter((file) => reach(front).includes(file));
  const componentCharts = chartChunks.filter((file) => reach(component).includes(file));
  console.log(
    `Chart.js chunks: ${chartChunks.join(', ') || 'none found'}; referenced from /: ${frontCharts.join(', ') || 'no'}` +
      `; from ${componentPath}: ${componentCharts.join(', ') || 'no'} (page total ${kb(component.gzipBytes)} gzip)`,
  );

  if (process.env.VIGIL_BENCH_LIGHTHOUSE === '0') return;
  console.log(
    '\nLighthouse (mobile, simulated throttling; budgets: performance ≥ 98, accessibility 100, best practices ≥ 95):',
  );
  try {
    const runs = envNumber('VIGIL_BENCH_LIGHTHOUSE_RUNS', 3);
    for (const figures of await runLighthouse(distDir, ['/', componentPath], runs)) {
      const scores = Object.entries(figures.scores).map(([name, score]) => `${name} ${score ?? 'n/a'}`);
      console.log(
        `  ${figures.pagePath}: ${scores.join(', ')} (median of ${runs}; performance runs ${figures.performanceRuns.join(', ')}; ` +
          `CPU benchmark index ${Math.round(figures.benchmarkIndex)}, load average ${loadavg()[0]?.toFixed(1)})`,
      );
      for (const [category, audits] of Object.entries(figures.failing))
        if (audits.length > 0) console.log(`    ${category} loses points on: ${audits.join('; ')}`);
      for (const warning of figures.warnings) console.log(`    warning: ${warning}`);
    }
  } catch (error) {
    console.log(`  Lighthouse could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function printCurve(curve: readonly { data: SiteData; build: BuildFigures }[]): void {
  if (curve.length === 0) return;
  console.log(
    '\nBuild growth (budget: 200 components × 14 days + 200 incidents in ≤ 30 s, ≤ 1.5 GB peak RSS):',
  );
  console.log('  components    results   build s     CPU s   µs/result   peak RSS   load   verdict');
  for (const { data, build } of curve) {
    const isOk = build.outcome === 'ok';
    const isBudgetCase = data.components === BUDGET.components;
    const verdict = !isOk
      ? build.outcome.split('\n')[0]
      : isBudgetCase
        ? build.wallMs <= BUDGET.buildMs && build.peakRssBytes <= BUDGET.peakRssBytes
          ? 'within budget'
          : 'OVER budget'
        : '';
    console.log(
      `  ${String(data.components).padStart(10)} ${data.results.toLocaleString('en').padStart(10)} ` +
        `${(isOk ? (build.wallMs / 1000).toFixed(1) : '—').padStart(9)} ` +
        `${(isOk ? (build.cpuMs / 1000).toFixed(1) : '—').padStart(9)} ` +
        `${(isOk ? ((build.wallMs * 1000) / data.results).toFixed(1) : '—').padStart(11)} ` +
        `${mb(build.peakRssBytes).padStart(10)} ${build.loadAverage.toFixed(1).padStart(6)}   ${verdict}`,
    );
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

if (import.meta.main) await runSiteBudgets();
