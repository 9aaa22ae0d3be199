// Issue 14's build rows: a cold build (empty build cache) at 200 and 1,000 components × 14 days of
// 5-minute runs against "read + JSON.parse every snapshot line" of the same data in the same run; a
// rebuild after one new snapshot line against the cold build; and the hottest function of the
// 200-component cold build's CPU profile. Prints figures; asserts nothing.
//
// VIGIL_BENCH_BUILD_SIZES   components per cold build (default "200,1000")
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSiteData, type SiteData } from './generate-site-data.ts';
import { type BuildFigures, measureBuild } from './static-peer.ts';
import { recordTarget } from './target-table.ts';

const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.ts', import.meta.url));
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const TARGETS: Record<number, { ratio: number; rssBytes: number; rss: string }> = {
  200: { ratio: 4, rssBytes: 700 * MiB, rss: '700 MiB' },
  1000: { ratio: 4, rssBytes: 1.2 * GiB, rss: '1.2 GiB' },
};
const REBUILD_TARGET = 0.3;
const HOT_SPOT_TARGET = 0.15;

// The baseline: every snapshot line of data/ read and JSON.parse'd, nothing else, in a process of its own.
const PARSE_EVERY_LINE = `
const { readdir, readFile } = require('node:fs/promises');
const path = require('node:path');
(async () => {
  const root = path.join(process.argv[1], 'snapshots');
  let lines = 0;
  for (const source of await readdir(root)) {
    for (const file of await readdir(path.join(root, source))) {
      const text = await readFile(path.join(root, source, file), 'utf8');
      for (const row of text.split('\\n')) if (row !== '') { JSON.parse(row); lines++; }
    }
  }
  console.log(lines);
})();`;

export async function runBuildSpeedBench(): Promise<void> {
  const sizes = (process.env.VIGIL_BENCH_BUILD_SIZES ?? '200,1000')
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isInteger(size) && size > 0);
  const root = await mkdtemp(path.join(tmpdir(), 'vigil-build-speed-'));
  try {
    for (const size of sizes) {
      const data = await generateSiteData({ outDir: path.join(root, `site-${size}`), components: size });
      console.log(
        `${size.toLocaleString('en')} components × 14 days: ${data.results.toLocaleString('en')} results on ${data.sources} sources`,
      );
      const baseline = await measureBuild(process.execPath, ['-e', PARSE_EVERY_LINE, data.dataDir]);
      const cacheDir = path.join(root, `cache-${size}`);
      const distDir = path.join(root, `dist-${size}`);
      const profileDir = path.join(root, `profile-${size}`);
      const cold = await build(data, distDir, cacheDir, undefined);
      console.log(`  read + JSON.parse every line: ${describe(baseline)}`);
      console.log(`  cold build (empty cache):     ${describe(cold)}`);
      const target = TARGETS[size] ?? { ratio: 4, rssBytes: Number.POSITIVE_INFINITY, rss: '—' };
      const ratio = cold.wallMs / baseline.wallMs;
      recordTarget({
        measure: `cold build, ${size.toLocaleString('en')} components × 14 d`,
        vigil: `${seconds(cold.wallMs)}, ${mib(cold.peakRssBytes)}`,
        baseline: `${seconds(baseline.wallMs)} (read + JSON.parse)`,
        ratio,
        target: `≤ ${target.ratio}× baseline; ≤ ${target.rss}`,
        met: ratio <= target.ratio && cold.peakRssBytes <= target.rssBytes,
        note: `CPU ${formatCpuRatio(cold, baseline)}`,
      });
      if (size === 200) {
        // Profiled apart: the profiler's own cost must not count in the cold build's figures.
        await build(data, path.join(root, 'dist-profiled'), path.join(root, 'cache-profiled'), profileDir);
        await reportHotSpot(profileDir);
        await appendOneRun(data);
        const rebuild = await build(data, distDir, cacheDir, undefined);
        console.log(`  rebuild after one new line:   ${describe(rebuild)}`);
        const rebuildRatio = rebuild.wallMs / cold.wallMs;
        recordTarget({
          measure: 'rebuild after one new line, 200 components',
          vigil: seconds(rebuild.wallMs),
          baseline: `${seconds(cold.wallMs)} (cold build)`,
          ratio: rebuildRatio,
          target: `≤ ${REBUILD_TARGET}× the cold build`,
          met: rebuildRatio <= REBUILD_TARGET,
        });
      }
      await rm(path.join(root, `site-${size}`), { recursive: true, force: true });
      await rm(distDir, { recursive: true, force: true });
      await rm(cacheDir, { recursive: true, force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function build(
  data: SiteData,
  distDir: string,
  cacheDir: string,
  profileDir: string | undefined,
): Promise<BuildFigures> {
  const saved = process.env.VIGIL_CACHE;
  process.env.VIGIL_CACHE = cacheDir;
  try {
    const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    return await measureBuild(process.execPath, [
      ...profile,
      VIGIL_BIN,
      'build',
      '--config',
      data.configPath,
      '--data',
      data.dataDir,
      '--out',
      distDir,
    ]);
  } finally {
    if (saved === undefined) delete process.env.VIGIL_CACHE;
    else process.env.VIGIL_CACHE = saved;
  }
}

/** One more 5-minute run on the first source, as `vigil collect` appends it to today's day file. */
async function appendOneRun(data: SiteData): Promise<void> {
  const sourceDir = path.join(
    data.dataDir,
    'snapshots',
    (await readdir(path.join(data.dataDir, 'snapshots')))[0] as string,
  );
  const today = path.join(sourceDir, (await readdir(sourceDir)).sort().at(-1) as string);
  const last = JSON.parse((await readFile(today, 'utf8')).trimEnd().split('\n').at(-1) as string);
  const t = new Date(Date.parse(last.t) + 5 * 60_000).toISOString();
  await appendFile(today, `${JSON.stringify({ ...last, t })}\n`);
}

/** The function with the most self time in the build's CPU profile (idle, GC and V8's own time apart). */
async function reportHotSpot(profileDir: string): Promise<void> {
  const [file] = await readdir(profileDir).catch(() => [] as string[]);
  if (file === undefined) return;
  const profile = JSON.parse(await readFile(path.join(profileDir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    const name = node?.callFrame.functionName ?? '';
    if (name === '(idle)' || name === '(program)') return;
    busy += delta;
    if (name === '(garbage collector)') {
      gc += delta;
      return;
    }
    const key = `${name || '(anonymous)'} ${path.basename(node?.callFrame.url ?? '')}:${node?.callFrame.lineNumber ?? 0}`;
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  const ranked = [...self].sort((a, b) => b[1] - a[1]);
  console.log(
    `  hottest functions of the 200-component cold build (self time of ${seconds(busy / 1000)} busy CPU):`,
  );
  for (const [name, time] of ranked.slice(0, 5)) console.log(`    ${percent(time / busy)}  ${name}`);
  console.log(`    ${percent(gc / busy)}  (garbage collector)`);
  const [hottest, time] = ranked[0] ?? ['—', 0];
  recordTarget({
    measure: 'hottest function, 200-component cold build profile',
    vigil: `${percent(time / busy)} ${hottest.split(' ')[0]}`,
    baseline: '—',
    ratio: undefined,
    target: `no function > ${percent(HOT_SPOT_TARGET)} of CPU`,
    met: time / busy <= HOT_SPOT_TARGET,
    note: `GC ${percent(gc / busy)}`,
  });
}

function formatCpuRatio(vigil: BuildFigures, baseline: BuildFigures): string {
  return `${seconds(vigil.cpuMs)} = ${(vigil.cpuMs / baseline.cpuMs).toFixed(1)}× the baseline's`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const describe = (figures: BuildFigures) =>
  `wall ${seconds(figures.wallMs)}, CPU ${seconds(figures.cpuMs)}, peak RSS ${mib(figures.peakRssBytes)}`;

if (import.meta.main) await runBuildSpeedBench();
