// History charts as drawn: a site at 5-minute cadence over 14 days (one run missing, one outage
// spike), rollups before that, times in Europe/Berlin. The series are read from the chart.js
// instances on the page, so what is asserted is what a visitor sees.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseSinfo } from '../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../collectors/probes/slurm/parse-squeue.ts';
import type { RollupLine, SnapshotLine } from '../../core/model/index.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const SPIKE_MS = 4321.5;
const ARTIFACTS = path.resolve('test-artifacts');
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const CONFIG = `site:
  title: Charts
  interval: 5m
  timeZone: Europe/Berlin
groups:
  - { id: atlas-cluster, name: Atlas }
checks:
  - { id: web, name: Website, type: tcp, host: 127.0.0.1, port: 80 }
  - { id: fresh, name: New database, type: tcp, host: 127.0.0.1, port: 5432 }
  - { id: atlas, name: Atlas scheduler, type: slurm, group: atlas-cluster }
`;

/** What a drawn chart holds: its range, datasets' points and the x axis as shown. */
interface DrawnChart {
  range: string | undefined;
  datasets: {
    label: string;
    points: { x: number; y: number | null }[];
    color: unknown;
    pointColor: unknown;
  }[];
  axisTitle: string;
  tickLabels: string[];
  tickValues: number[];
  pointRadius: number;
}

async function readDrawnChart(page: Page, key: string): Promise<DrawnChart> {
  // A chart is drawn as it nears the viewport: bring it there first.
  await page.locator(`figure[data-chart-key="${key}"]`).scrollIntoViewIfNeeded();
  const canvas = page.locator(`figure[data-chart-key="${key}"] canvas[data-chart-drawn="true"]`);
  await canvas.waitFor();
  return canvas.evaluate((element: HTMLCanvasElement) => {
    type Drawn = {
      data: {
        datasets: {
          label: string;
          data: { x: number; y: number | null }[];
          borderColor: unknown;
          pointBackgroundColor: unknown;
        }[];
      };
      scales: { x: { ticks: { value: number; label: string }[]; options: { title: { text: string } } } };
      getDatasetMeta: (index: number) => { data: { options: { radius: number } }[] };
    };
    const chart = (
      globalThis as unknown as { VigilChart: { getChart: (c: HTMLCanvasElement) => Drawn } }
    ).VigilChart.getChart(element);
    return {
      range: element.dataset.range,
      datasets: chart.data.datasets.map((dataset) => ({
        label: dataset.label,
        points: dataset.data.map(({ x, y }) => ({ x, y })),
        color: dataset.borderColor,
        pointColor: dataset.pointBackgroundColor,
      })),
      axisTitle: chart.scales.x.options.title.text,
      tickLabels: chart.scales.x.ticks.map((tick) => tick.label),
      tickValues: chart.scales.x.ticks.map((tick) => tick.value),
      pointRadius: chart.getDatasetMeta(0).data[0]?.options.radius ?? 0,
    };
  });
}

/** Scrolls each chart into view, so that all are drawn (a chart is drawn as it nears the viewport). */
async function drawEveryChart(page: Page): Promise<void> {
  const figures = page.locator('figure[data-chart]');
  for (let index = 0; index < (await figures.count()); index++) {
    await figures.nth(index).scrollIntoViewIfNeeded();
    await figures.nth(index).locator('canvas[data-chart-drawn="true"]').waitFor();
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

const gaps = (chart: DrawnChart) => (chart.datasets[0]?.points ?? []).filter((point) => point.y === null);
const values = (chart: DrawnChart) =>
  (chart.datasets[0]?.points ?? []).flatMap((point) => (point.y === null ? [] : [point.y]));
const berlinClock = (epochMs: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(epochMs);

describe('history charts at a 5-minute cadence over 14 days', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;
  let nowMs: number;
  let missingRunMs: number;
  let spikeRunMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-charts-'));
    const dataDir = path.join(tempDir, 'data');
    const outDir = path.join(tempDir, 'dist');
    const configPath = path.join(tempDir, 'status.config.yaml');
    await writeFile(configPath, CONFIG);
    nowMs = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS;
    missingRunMs = nowMs - 3 * DAY_MS - 7 * HOUR_MS;
    spikeRunMs = nowMs - 2 * DAY_MS - 5 * HOUR_MS;
    const atlas = aggregateSlurm({
      cluster: 'atlas',
      nodes: parseSinfo(
        await readFile(new URL('../fixtures/slurm/sinfo-documented-edge-cases.txt', import.meta.url), 'utf8'),
      ),
      jobs: parseSqueue('100|cpu|RUNNING|alice|None|128|N/A\n104|gpu|PENDING|dave|Priority|8|gres:gpu:1'),
      reservations: [],
      maxProblemNodes: 50,
    });
    const lines: SnapshotLine[] = generateSnapshotLines({
      source: 'main',
      checkIds: ['web'],
      from: new Date(nowMs - 14 * DAY_MS),
      to: new Date(nowMs + 1),
      intervalMs: INTERVAL_MS,
    })
      .filter((line) => Date.parse(line.t) !== missingRunMs)
      .map((line) => {
        const t = Date.parse(line.t);
        const web = line.results.map((result) =>
          t === spikeRunMs ? { ...result, ms: SPIKE_MS, metrics: { latencyMs: SPIKE_MS } } : result,
        );
        const metrics = flattenClusterMetrics(atlas);
        // A daily rhythm, so the lines have a shape.
        metrics.cpuUtilizationPercent = 50 + 30 * Math.sin((2 * Math.PI * t) / DAY_MS);
        metrics.memoryUtilizationPercent = 40 + 10 * Math.cos((2 * Math.PI * t) / DAY_MS);
        const cluster = {
          id: 'atlas',
          status: 'up' as const,
          ms: 900,
          message: 'ok',
          metrics,
          detail: { ...atlas },
        };
        // The new database answered once, in the newest run: its first point.
        const fresh =
          t === nowMs
            ? [{ id: 'fresh', status: 'up' as const, ms: 42, message: 'connected', metrics: {}, detail: {} }]
            : [];
        return { ...line, results: [...web, cluster, ...fresh] };
      });
    await writeSnapshotFixtures(dataDir, lines);
    // Two rolled-up days a month and more back: the 90-day range starts with them.
    await writeRollups(dataDir, nowMs);
    // Built as of a minute after the newest run, whenever the test gets there: the 24-hour window
    // then holds exactly the last day's runs however long the set-up took.
    await buildSite({ configPath, dataDir, outDir, buildTimeMs: nowMs + 60_000 });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('7 days of runs: no gap where the data has none, exactly one where the run is missing, the spike kept', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.origin}/components/web/`);
    const chart = await readDrawnChart(page, 'latencyMs');
    expect(chart.range).toBe('7d');
    const points = chart.datasets[0]?.points ?? [];
    expect(points.length).toBeGreaterThan(400);
    expect(points.length).toBeLessThanOrEqual(500);
    expect(gaps(chart)).toHaveLength(1);
    const gapIndex = points.findIndex((point) => point.y === null);
    // The gap sits where the run is missing, between values kept from either side of it (a
    // 7-day bucket is about 40 minutes wide).
    expect(points[gapIndex]?.x).toBe(missingRunMs);
    expect(points[gapIndex - 1]?.x).toBeGreaterThan(missingRunMs - HOUR_MS);
    expect(points[gapIndex + 1]?.x).toBeLessThan(missingRunMs + HOUR_MS);
    expect(Math.max(...values(chart))).toBe(SPIKE_MS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the range buttons switch the series and say which is shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.origin}/components/web/`);
    const figure = page.locator('figure[data-chart-key="latencyMs"]');
    await readDrawnChart(page, 'latencyMs');
    const day = figure.getByRole('button', { name: /24 h/ });
    await expect(figure.getByRole('button', { name: /7 d/ }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    // Keyboard: focus and Enter.
    await day.focus();
    await page.keyboard.press('Enter');
    await expect(day.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(figure.locator('[data-chart-summary]').textContent()).resolves.toMatch(/^last 24 hours: /);
    const lastDay = await readDrawnChart(page, 'latencyMs');
    expect(lastDay.range).toBe('24h');
    // Every run of the last 24 hours, unthinned (the build ran a moment after the newest run).
    expect(lastDay.datasets[0]?.points.length).toBeGreaterThanOrEqual(24 * 12);
    expect(lastDay.datasets[0]?.points.length).toBeLessThanOrEqual(24 * 12 + 1);
    expect(gaps(lastDay)).toEqual([]);

    await figure.getByRole('button', { name: /90 d/ }).click();
    const quarter = await readDrawnChart(page, 'latencyMs');
    expect(quarter.range).toBe('90d');
    expect(quarter.datasets.map((dataset) => dataset.label)).toEqual(['Day mean', 'Day highest']);
    // The first rolled-up day, its median; the highest line keeps the spike's day.
    expect(quarter.datasets[0]?.points[0]).toEqual({ x: rollupNoonMs(nowMs, 40), y: 55 });
    expect(Math.max(...(quarter.datasets[1]?.points ?? []).map((point) => point.y ?? 0))).toBe(SPIKE_MS);
    // Days between the rollups and the runs had no data: gaps, not a bridged line.
    expect(gaps(quarter).length).toBeGreaterThan(20);
    await page.close();
  });

  it('times are in the declared zone: axis named, even ticks on its clock, tables alike', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.origin}/components/web/`);
    const week = await readDrawnChart(page, 'latencyMs');
    expect(week.axisTitle).toMatch(/^Time \((CET|CEST)(\/CES?T)?\)$/);
    expect(week.tickValues.length).toBeGreaterThanOrEqual(3);
    // Every second midnight in Berlin, labelled as dates.
    for (const tick of week.tickValues) expect(berlinClock(tick)).toBe('00:00');
    for (const label of week.tickLabels) expect(label).toMatch(/^\d{1,2} [A-Z][a-z]{2}$/);
    await page.locator('figure[data-chart-key="latencyMs"]').getByRole('button', { name: /24 h/ }).click();
    const day = await readDrawnChart(page, 'latencyMs');
    for (const label of day.tickLabels) expect(label).toMatch(/^([01]\d|2[0-3]):00$/);
    for (const tick of day.tickValues) expect(Number(berlinClock(tick).slice(0, 2)) % 6).toBe(0);
    // The results table and the chart read the same clock.
    const newest = await page.locator('main table time').first().textContent();
    expect(newest).toContain(berlinClock(nowMs));
    await page.close();
  });

  it('a cluster page draws "Nodes in use" and "Memory allocated" whole, with their one gap', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.origin}/clusters/atlas/`);
    for (const key of ['nodesInUsePercent', 'memoryUtilizationPercent', 'cpuUtilizationPercent']) {
      const chart = await readDrawnChart(page, key);
      expect(chart.range).toBe('7d');
      // A steady value keeps one point per bucket, a changing one two: a line either way.
      expect(values(chart).length).toBeGreaterThan(200);
      expect(gaps(chart)).toHaveLength(1);
    }
    await page.close();
  });

  it('points and lines take the theme, a lone first run is a visible dot, and the toggle recolours', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${server.origin}/components/fresh/`);
    const dark = await readDrawnChart(page, 'ms');
    const darkLine = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--chart-line').trim(),
    );
    expect(dark.datasets[0]?.points).toEqual([{ x: nowMs, y: 42 }]);
    expect(dark.datasets[0]?.color).toBe(darkLine);
    expect(dark.datasets[0]?.pointColor).toBe(darkLine);
    expect(dark.pointRadius).toBeGreaterThanOrEqual(3);
    // The dot is painted: some pixel of the canvas has the line colour.
    const painted = await page
      .locator('figure[data-chart-key="ms"] canvas')
      .evaluate((canvas: HTMLCanvasElement, color) => {
        const probe = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        probe.fillStyle = color;
        probe.fillRect(0, 0, 1, 1);
        const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
        const { data } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? {
          data: [],
        };
        for (let index = 0; index < data.length; index += 4) {
          if (
            data[index] === r &&
            data[index + 1] === g &&
            data[index + 2] === b &&
            (data[index + 3] ?? 0) > 200
          )
            return true;
        }
        return false;
      }, darkLine);
    expect(painted).toBe(true);
    await page
      .locator('figure[data-chart-key="ms"]')
      .screenshot({ path: path.join(ARTIFACTS, 'charts-first-run-dark-chart.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    const lightLine = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--chart-line').trim(),
    );
    expect(lightLine).not.toBe(darkLine);
    await expect.poll(async () => (await readDrawnChart(page, 'ms')).datasets[0]?.color).toBe(lightLine);
    await context.close();
  });

  it('a chart is drawn as it nears the viewport, in the space kept for it, and its range buttons work before', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 700 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (globalThis as unknown as { layoutShifts: number[] }).layoutShifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
        })[])
          if (!entry.hadRecentInput) shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${server.origin}/clusters/atlas/`);
    await page.waitForLoadState('networkidle');
    const figures = page.locator('figure[data-chart]');
    const total = await figures.count();
    expect(total).toBeGreaterThanOrEqual(6);
    const boxesBefore = await figures.evaluateAll((all) =>
      all.map((figure) => figure.getBoundingClientRect().height),
    );
    // Far below the first screen: not drawn yet, but its buttons already work and are offered.
    const last = figures.last();
    await expect(last.locator('canvas').getAttribute('data-chart-drawn')).resolves.toBeNull();
    await expect(last.locator('[data-chart-ranges]').getAttribute('data-ready')).resolves.toBe('true');
    const drawnAtLoad = await page.locator('canvas[data-chart-drawn="true"]').count();
    expect(drawnAtLoad).toBeLessThan(total);
    // Scrolling there draws each chart, in the space its figure had from the first paint.
    for (let index = 0; index < total; index++) {
      await figures.nth(index).scrollIntoViewIfNeeded();
      await figures.nth(index).locator('canvas[data-chart-drawn="true"]').waitFor();
    }
    const boxesAfter = await figures.evaluateAll((all) =>
      all.map((figure) => figure.getBoundingClientRect().height),
    );
    expect(boxesAfter).toEqual(boxesBefore);
    const shifted = await page.evaluate(() =>
      (globalThis as unknown as { layoutShifts: number[] }).layoutShifts.reduce(
        (sum, value) => sum + value,
        0,
      ),
    );
    expect(shifted).toBeLessThanOrEqual(0.02);
    await context.close();
  });

  it('a range pressed before its chart is drawn draws it with that range', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    await page.goto(`${server.origin}/clusters/atlas/`);
    const figure = page.locator('figure[data-chart]').last();
    const key = await figure.getAttribute('data-chart-key');
    await expect(figure.locator('canvas').getAttribute('data-chart-drawn')).resolves.toBeNull();
    // A keyboard press, as the reader's focus reaches it, draws the chart there and then.
    await figure
      .getByRole('button', { name: /24 h/ })
      .evaluate((button: HTMLButtonElement) => button.click());
    const chart = await readDrawnChart(page, key ?? '');
    expect(chart.range).toBe('24h');
    await page.close();
  });

  it('without JavaScript the range buttons are not offered and the tables stand in', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.origin}/components/web/`);
    await expect(page.locator('[data-chart-ranges]').first().isVisible()).resolves.toBe(false);
    await expect(page.locator('main').textContent()).resolves.toContain('The chart needs JavaScript');
    await context.close();
  });

  it('screenshots: component and cluster pages at 375 and 1280 px, light and dark, the charts axe-clean', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        for (const [name, url, key] of [
          ['component', '/components/web/', 'latencyMs'],
          ['cluster', '/clusters/atlas/', 'jobsPending'],
        ] as const) {
          await page.goto(`${server.origin}${url}`);
          await readDrawnChart(page, key);
          await drawEveryChart(page);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(scrollWidth).toBeLessThanOrEqual(width);
          expect(await runAxeOnCharts(page)).toEqual([]);
          await page.screenshot({
            path: path.join(ARTIFACTS, `charts-${name}-${width}-${colorScheme}.png`),
            fullPage: true,
          });
          await page
            .locator('figure[data-chart]')
            .first()
            .screenshot({ path: path.join(ARTIFACTS, `charts-${name}-${width}-${colorScheme}-chart.png`) });
        }
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  }, 120_000);
});

/** axe-core's violations inside the charts (their captions, range buttons and canvases), one line per element. */
async function runAxeOnCharts(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    type Violation = { id: string; nodes: { target: string[] }[] };
    const { axe } = window as unknown as {
      axe: { run: (context: object, options: object) => Promise<{ violations: Violation[] }> };
    };
    const { violations } = await axe.run(
      { include: [['figure[data-chart]']] },
      { resultTypes: ['violations'] },
    );
    return violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} at ${node.target.join(' ')}`),
    );
  });
}

function rollupNoonMs(nowMs: number, daysBack: number): number {
  const dayStartMs = Math.floor(nowMs / DAY_MS) * DAY_MS - daysBack * DAY_MS;
  return dayStartMs + DAY_MS / 2;
}

async function writeRollups(dataDir: string, nowMs: number): Promise<void> {
  const byMonth = new Map<string, RollupLine[]>();
  for (const [daysBack, p50] of [
    [40, 55],
    [39, 65],
  ] as const) {
    const day = new Date(rollupNoonMs(nowMs, daysBack)).toISOString().slice(0, 10);
    const line: RollupLine = {
      v: 1,
      day,
      id: 'web',
      samples: { up: 288, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
      durationsMs: { up: DAY_MS, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
      uptime: 1,
      latencyMs: { p50, p95: p50 * 2, max: p50 * 3 },
      metrics: { latencyMs: { mean: p50, max: p50 * 3 } },
    };
    const month = day.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), line]);
  }
  await mkdir(path.join(dataDir, 'rollups', 'main'), { recursive: true });
  for (const [month, lines] of byMonth) {
    await writeFile(
      path.join(dataDir, 'rollups', 'main', `${month}.jsonl`),
      lines.map((line) => `${JSON.stringify(line)}\n`).join(''),
    );
  }
}
