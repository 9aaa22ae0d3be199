// Lighthouse on an HPC centre's status site of 60 components (57 services and a SLURM cluster with
// its login node and filesystem, 14 days of 5-minute runs): `/` and the cluster's page, judged
// against the targets of issue 13, each page a row of the target table (issue 14: performance ≥ 98,
// CLS ≤ 0.02). Prints figures; asserts nothing.
//
// Alone: node test/bench/hpc-site-lighthouse.ts
// VIGIL_BENCH_LIGHTHOUSE=0 skips it; VIGIL_BENCH_LIGHTHOUSE_RUNS=N audits each page N times (default 3)
// and keeps the median run.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildSite } from '../helpers/build-site.ts';
import { writeHpcSite } from '../helpers/hpc-site.ts';
import { type LighthouseFigures, runLighthouse } from './site-lighthouse.ts';
import { recordTarget } from './target-table.ts';

const COMPONENTS = 60;
/** The cluster, its login node and its filesystem. */
const CLUSTER_COMPONENTS = 3;
export const HPC_LIGHTHOUSE_TARGETS = { performance: 98, accessibility: 100, cumulativeLayoutShift: 0.02 };

/** Builds the site, audits `/` and the cluster page, and prints each figure beside its target. */
export async function runHpcSiteLighthouse(): Promise<void> {
  if (process.env.VIGIL_BENCH_LIGHTHOUSE === '0') {
    console.log('  skipped (VIGIL_BENCH_LIGHTHOUSE=0)');
    recordNotMeasured('skipped (VIGIL_BENCH_LIGHTHOUSE=0)');
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-hpc-lighthouse-'));
  try {
    const site = await writeHpcSite({
      dir,
      nowMs: Date.now(),
      webChecks: COMPONENTS - CLUSTER_COMPONENTS - 1,
    });
    const distDir = path.join(dir, 'dist');
    await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir: distDir });
    const runs = Number(process.env.VIGIL_BENCH_LIGHTHOUSE_RUNS ?? 3) || 3;
    const { performance, accessibility, cumulativeLayoutShift } = HPC_LIGHTHOUSE_TARGETS;
    console.log(
      `Lighthouse on a ${COMPONENTS}-component HPC site (mobile, simulated throttling; median of ${runs}; ` +
        `targets: performance ≥ ${performance}, accessibility ${accessibility}, CLS ≤ ${cumulativeLayoutShift}):`,
    );
    for (const figures of await runLighthouse(distDir, ['/', `/clusters/${site.clusterId}/`], runs))
      printFigures(figures);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.log(`  Lighthouse could not run: ${reason}`);
    recordNotMeasured(`Lighthouse could not run: ${reason.split('\n')[0]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const TARGET_TEXT = `performance ≥ ${HPC_LIGHTHOUSE_TARGETS.performance}, CLS ≤ ${HPC_LIGHTHOUSE_TARGETS.cumulativeLayoutShift}`;

function describePage(pagePath: string): string {
  return `Lighthouse on ${pagePath === '/' ? '/' : 'a cluster page'}, ${COMPONENTS} components`;
}

/** The issue's Lighthouse row for one page: absolute targets, so no baseline. */
function recordFigures(figures: LighthouseFigures): void {
  const { performance } = figures.scores;
  const cls = figures.cumulativeLayoutShift;
  const targets = HPC_LIGHTHOUSE_TARGETS;
  recordTarget({
    measure: describePage(figures.pagePath),
    vigil: `performance ${performance ?? 'n/a'}, CLS ${cls === null ? 'n/a' : cls.toFixed(3)}`,
    baseline: '—',
    ratio: undefined,
    target: TARGET_TEXT,
    met:
      performance === null || cls === null
        ? undefined
        : performance >= targets.performance && cls <= targets.cumulativeLayoutShift,
    note: `median of ${figures.performanceRuns.length} (${figures.performanceRuns.join(', ')}), CPU benchmark index ${Math.round(figures.benchmarkIndex)}`,
  });
}

function recordNotMeasured(note: string): void {
  for (const pagePath of ['/', '/clusters/']) {
    recordTarget({
      measure: describePage(pagePath),
      vigil: '—',
      baseline: '—',
      ratio: undefined,
      target: TARGET_TEXT,
      met: undefined,
      note,
    });
  }
}

function printFigures(figures: LighthouseFigures): void {
  recordFigures(figures);
  const { scores, cumulativeLayoutShift: cls } = figures;
  const targets = HPC_LIGHTHOUSE_TARGETS;
  const verdict = (isMet: boolean) => (isMet ? 'met' : 'MISSED');
  const performanceText = `performance ${scores.performance ?? 'n/a'} (${verdict((scores.performance ?? 0) >= targets.performance)})`;
  const accessibilityText = `accessibility ${scores.accessibility ?? 'n/a'} (${verdict((scores.accessibility ?? 0) >= targets.accessibility)})`;
  const clsText = `CLS ${cls === null ? 'n/a' : cls.toFixed(3)} (${verdict(cls !== null && cls <= targets.cumulativeLayoutShift)})`;
  console.log(
    `  ${figures.pagePath}: ${performanceText}, ${accessibilityText}, ${clsText}; ` +
      `TBT ${figures.totalBlockingTimeMs === null ? 'n/a' : `${Math.round(figures.totalBlockingTimeMs)} ms`}, ` +
      `unused JS ${figures.unusedJavaScriptBytes === null ? 'n/a' : `${(figures.unusedJavaScriptBytes / 1024).toFixed(1)} KiB`}; ` +
      `performance runs ${figures.performanceRuns.join(', ')}, CPU benchmark index ${Math.round(figures.benchmarkIndex)}, ` +
      `load average ${loadavg()[0]?.toFixed(1)}`,
  );
  for (const category of ['performance', 'accessibility'] as const)
    if (figures.failing[category].length > 0)
      console.log(`    ${category} loses points on: ${figures.failing[category].join('; ')}`);
  for (const warning of figures.warnings) console.log(`    warning: ${warning}`);
}

if (import.meta.main) await runHpcSiteLighthouse();
