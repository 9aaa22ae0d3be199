// The front page's weight as the site grows: `/` built for 50 and 1,000 components, its HTML's
// gzip size and the elements Chromium holds once it has loaded, each as a row of the target table.
// The size of `/` does not depend on how many days of raw runs there are (the bar reads rollups for
// older days), so each site gets 2 days of raw runs and 88 days of rollups: a full 90-day bar, and a
// 1,000-component build that stays short. Prints figures; asserts nothing.
//
// Alone: node test/bench/front-page.ts
// VIGIL_BENCH_FRONT_SIZES  components per build, e.g. "50,1000" (default 50,1000)
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, openSettled } from '../helpers/chromium.ts';
import { serveStatic } from '../helpers/static-server.ts';
import { generateSiteData } from './generate-site-data.ts';
import { recordTarget } from './target-table.ts';

const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.ts', import.meta.url));
const RAW_DAYS = 2;
const ROLLUP_DAYS = 88;

/** Each size's target, and the figures of `/` at the commit before this work (same data, this machine). */
const TARGETS: Record<number, { gzipBytes: number; elements?: number }> = {
  50: { gzipBytes: 20 * 1024, elements: 1500 },
  1000: { gzipBytes: 150 * 1024 },
};
const BASELINE_COMMIT = '5bf9a2c';
const BASELINE: Record<number, { rawBytes: number; gzipBytes: number; elements: number }> = {
  50: { rawBytes: 629_248, gzipBytes: 37_786, elements: 6174 },
  1000: { rawBytes: 11_886_285, gzipBytes: 533_094, elements: 119_446 },
};

export interface FrontPageFigures {
  components: number;
  rawBytes: number;
  gzipBytes: number;
  elements: number;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Builds each size with `vigil build`, measures `/`, and records its rows. */
export async function runFrontPageBench(): Promise<FrontPageFigures[]> {
  const sizes = (process.env.VIGIL_BENCH_FRONT_SIZES ?? '50,1000')
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isInteger(size) && size > 0);
  const root = path.join(tmpdir(), `vigil-front-bench-${process.pid}`);
  const measured: FrontPageFigures[] = [];
  console.log(
    `Front page: / built for ${sizes.join(', ')} components (${RAW_DAYS} days of raw runs + ${ROLLUP_DAYS} of rollups)`,
  );
  try {
    for (const components of sizes) {
      const outDir = path.join(root, `site-${components}`);
      const data = await generateSiteData({
        outDir: path.join(outDir, 'input'),
        components,
        days: RAW_DAYS,
        rollupDays: ROLLUP_DAYS,
      });
      const distDir = path.join(outDir, 'dist');
      const exitCode = await runBuild([
        '--config',
        data.configPath,
        '--data',
        data.dataDir,
        '--out',
        distDir,
      ]);
      if (exitCode !== 0) {
        console.log(`  ${components} components: the build failed (exit ${exitCode})`);
        continue;
      }
      const figures = { components, ...(await measureFrontPage(distDir)) };
      measured.push(figures);
      console.log(
        `  ${components} components: ${kb(figures.rawBytes)} raw, ${kb(figures.gzipBytes)} gzip, ${figures.elements} elements`,
      );
      recordRows(figures);
      await rm(outDir, { recursive: true, force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return measured;
}

function recordRows(figures: FrontPageFigures): void {
  const target = TARGETS[figures.components];
  if (target === undefined) return;
  const baseline = BASELINE[figures.components];
  const note = `${RAW_DAYS} d raw + ${ROLLUP_DAYS} d rollups: / does not grow with raw days${baseline ? `; baseline measured at ${BASELINE_COMMIT}` : ''}`;
  recordTarget({
    measure: `/ at ${figures.components.toLocaleString('en')} components, HTML gzip`,
    vigil: kb(figures.gzipBytes),
    baseline: baseline ? kb(baseline.gzipBytes) : '—',
    ratio: baseline ? figures.gzipBytes / baseline.gzipBytes : undefined,
    target: `≤ ${kb(target.gzipBytes)}`,
    met: figures.gzipBytes <= target.gzipBytes,
    note,
  });
  if (target.elements === undefined) return;
  recordTarget({
    measure: `/ at ${figures.components.toLocaleString('en')} components, elements`,
    vigil: String(figures.elements),
    baseline: baseline ? String(baseline.elements) : '—',
    ratio: baseline ? figures.elements / baseline.elements : undefined,
    target: `≤ ${target.elements.toLocaleString('en')}`,
    met: figures.elements <= target.elements,
    note,
  });
}

/** The HTML of `/` (raw and gzip) and the elements of the loaded page, scripts run. */
async function measureFrontPage(distDir: string): Promise<Omit<FrontPageFigures, 'components'>> {
  const html = await readFile(path.join(distDir, 'index.html'));
  const server = await serveStatic(distDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await openSettled(await browser.newContext(), `${server.origin}/`);
    const elements = await page.evaluate(() => document.querySelectorAll('*').length);
    return { rawBytes: html.byteLength, gzipBytes: gzipSync(html).byteLength, elements };
  } finally {
    await browser.close();
    await server.close();
  }
}

function runBuild(args: readonly string[]): Promise<number | null> {
  const child = spawn(process.execPath, [VIGIL_BIN, 'build', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => child.on('exit', resolve));
}

if (import.meta.main) await runFrontPageBench();
