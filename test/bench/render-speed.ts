// Issue 15's render rows: the time from a run's end to updated summary.json and component JSON in a
// long-lived data renderer (collectors/render), at 50 / 200 (/ 1,000) components × 14 days of
// 5-minute runs, against the full `vigil build` of the same data in the same run; and what each run
// changes in the output directory (files, bytes; only data files). Prints figures; asserts nothing.
//
// VIGIL_BENCH_RENDER_SIZES   components per site (default "50,200"; add 1000 for the large site)
// VIGIL_BENCH_RENDER_RUNS    runs appended and rendered per site (default 20)
import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDataRenderer } from '../../collectors/render/render-data-outputs.ts';
import { generateSiteData, type SiteData } from './generate-site-data.ts';
import { measureBuild } from './static-peer.ts';
import { recordTarget } from './target-table.ts';

const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.ts', import.meta.url));
const TARGET_MS = 200;
const TARGET_SIZE = 200;
const RUN_MS = 5 * 60_000;

const isDataOutput = (file: string) =>
  file.startsWith('api/') || /^badges\/[^/]+\.svg$/.test(file) || file === 'metrics.txt';

export async function runRenderSpeedBench(): Promise<void> {
  const sizes = (process.env.VIGIL_BENCH_RENDER_SIZES ?? '50,200')
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isInteger(size) && size > 0);
  const runs = Math.max(3, Number(process.env.VIGIL_BENCH_RENDER_RUNS ?? 20) || 20);
  const root = await mkdtemp(path.join(tmpdir(), 'vigil-render-speed-'));
  const savedCache = process.env.VIGIL_CACHE;
  try {
    for (const size of sizes) {
      // The data ends a quarter of an hour before now, so the runs appended stay in the past and today.
      const data = await generateSiteData({
        outDir: path.join(root, `site-${size}`),
        components: size,
        nowMs: Date.now() - 3 * RUN_MS,
      });
      const outDir = path.join(root, `dist-${size}`);
      process.env.VIGIL_CACHE = path.join(root, `cache-${size}`);
      const build = await measureBuild(process.execPath, [
        VIGIL_BIN,
        'build',
        '--config',
        data.configPath,
        '--data',
        data.dataDir,
        '--out',
        outDir,
      ]);
      const figures = await measureRenders(data, outDir, runs);
      if (figures === undefined) continue;
      const { priorityMs, fullMs, files, bytes, onlyData } = figures;
      console.log(
        `${size.toLocaleString('en')} components × 14 days: full build ${seconds(build.wallMs)}; after a run, ` +
          `summary.json + the component's JSON in ${ms(priorityMs)} (median of ${runs}), every data output in ${ms(fullMs)}; ` +
          `${files.toFixed(0)} files, ${kib(bytes)} changed per run`,
      );
      const ratio = priorityMs / build.wallMs;
      const atTarget = size === TARGET_SIZE;
      recordTarget({
        measure: `run's end → summary.json + component JSON, ${size.toLocaleString('en')} components × 14 d`,
        vigil: ms(priorityMs),
        baseline: `${seconds(build.wallMs)} (full vigil build)`,
        ratio,
        target: atTarget ? `≤ ${TARGET_MS} ms at ${TARGET_SIZE}` : 'faster than the full build',
        met: atTarget ? priorityMs <= TARGET_MS : ratio < 1,
        note: `every data output rewritten in ${ms(fullMs)}`,
      });
      recordTarget({
        measure: `output changed per run, ${size.toLocaleString('en')} components`,
        vigil: `${files.toFixed(0)} files, ${kib(bytes)}`,
        baseline: '—',
        ratio: undefined,
        target: 'only data files',
        met: onlyData,
      });
      await rm(path.join(root, `site-${size}`), { recursive: true, force: true });
      await rm(outDir, { recursive: true, force: true });
    }
  } finally {
    if (savedCache === undefined) delete process.env.VIGIL_CACHE;
    else process.env.VIGIL_CACHE = savedCache;
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Appends `runs` runs to the first source's day file, one at a time, each turning its first check
 * down or up again, and renders after each: medians of the renderer's own times, and what it wrote.
 */
async function measureRenders(data: SiteData, outDir: string, runs: number) {
  const renderer = createDataRenderer({ configPath: data.configPath, dataDir: data.dataDir, outDir });
  try {
    const today = await findNewestDayFile(data);
    const last = JSON.parse((await readFile(today, 'utf8')).trimEnd().split('\n').at(-1) as string) as {
      t: string;
      results: { status: string }[];
    };
    // The first render after the build reads the build cache and compares every file once.
    const first = await renderer.render();
    if (first.status !== 'rendered') {
      console.log(`  render after the build: needs-build (${first.reason})`);
      return undefined;
    }
    const priority: number[] = [];
    const full: number[] = [];
    let files = 0;
    let bytes = 0;
    let onlyData = true;
    for (let index = 0; index < runs; index += 1) {
      const tMs = Date.parse(last.t) + (index + 1) * 1000;
      (last.results[0] as { status: string }).status = index % 2 === 0 ? 'down' : 'up';
      await appendFile(today, `${JSON.stringify({ ...last, t: new Date(tMs).toISOString() })}\n`);
      const outcome = await renderer.render();
      if (outcome.status !== 'rendered') throw new Error(`render: needs-build (${outcome.reason})`);
      priority.push(outcome.priorityMs);
      full.push(outcome.ms);
      files += outcome.written.length / runs;
      onlyData &&= outcome.written.every(isDataOutput);
      for (const file of outcome.written) bytes += (await stat(path.join(outDir, file))).size / runs;
    }
    return { priorityMs: median(priority), fullMs: median(full), files, bytes, onlyData };
  } finally {
    renderer.close();
  }
}

async function findNewestDayFile(data: SiteData): Promise<string> {
  const snapshots = path.join(data.dataDir, 'snapshots');
  const source = path.join(snapshots, (await readdir(snapshots)).sort()[0] as string);
  return path.join(source, (await readdir(source)).sort().at(-1) as string);
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
const kib = (value: number) => `${(value / 1024).toFixed(0)} KiB`;

if (import.meta.main) await runRenderSpeedBench();
