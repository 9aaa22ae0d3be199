import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregatePbs } from '../../collectors/probes/pbs/aggregate-pbs.ts';
import { parsePbsRstat } from '../../collectors/probes/pbs/parse-pbs-rstat.ts';
import { parsePbsnodes } from '../../collectors/probes/pbs/parse-pbsnodes.ts';
import { parseQstatQueues } from '../../collectors/probes/pbs/parse-qstat-queues.ts';
import { aggregateSlurm } from '../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseReservations } from '../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo } from '../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../collectors/probes/slurm/parse-squeue.ts';
import type { CheckResult, SnapshotLine } from '../../core/model/index.ts';
import type { ClusterSummary, Reservation } from '../../core/results/cluster-summary.ts';
import { buildSite } from '../helpers/build-site.ts';
import { writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const CONFIG = `site:
  title: Example HPC status
  url: https://status.example.org
  interval: 1h
# Group ids differ from the scheduler checks' ids: an \`affected\` id that is both names the whole group.
groups:
  - { id: atlas-cluster, name: Atlas }
  - { id: derecho-cluster, name: Derecho }
sources:
  - { id: admin, name: Admin node }
checks:
  - { id: atlas, name: Atlas scheduler, type: slurm, group: atlas-cluster }
  - { id: atlas-login1, name: atlas login1, type: tcp, group: atlas-cluster, host: 127.0.0.1, port: 22 }
  - { id: atlas-scratch, name: /scratch, type: filesystem, group: atlas-cluster, path: /scratch }
  - { id: derecho, name: Derecho scheduler, type: pbs, group: derecho-cluster }
`;

/** squeue lines in the probe's format for the partitions of sinfo-documented-edge-cases.txt. */
const SQUEUE = [
  '100|cpu|RUNNING|alice|None|128|N/A',
  '101_[0-9%2]|cpu|PENDING|alice|Resources|1|N/A',
  '103|gpu|RUNNING|carol|None|16|gres:gpu:a100:3',
  '104|gpu|PENDING|dave|Priority|8|gres:gpu:1',
].join('\n');

/** What the probes made of the fixtures: real Slurm 22.05 output and documented-format PBS output. */
async function summarise(): Promise<{ atlas: ClusterSummary; derecho: ClusterSummary }> {
  const atlas = aggregateSlurm({
    cluster: 'atlas',
    nodes: parseSinfo(await fixture('slurm/sinfo-documented-edge-cases.txt')),
    jobs: parseSqueue(SQUEUE),
    reservations: parseReservations(await fixture('slurm/scontrol-22.05-reservations.txt')),
    maxProblemNodes: 50,
  });
  const nodes = parsePbsnodes(await fixture('pbs/pbsnodes-documented-format.json'));
  const queues = parseQstatQueues(await fixture('pbs/qstat-Q-documented-format.json'));
  if (!nodes.ok || !queues.ok) throw new Error('PBS fixtures did not parse');
  const derecho = aggregatePbs({
    cluster: 'derecho',
    nodes: nodes.nodes,
    queues: queues.queues,
    reservations: parsePbsRstat(await fixture('pbs/pbs_rstat-f-documented-format.txt')),
    maxProblemNodes: 50,
    onlyQueues: [],
  });
  return { atlas, derecho };
}

/**
 * The fixtures' reservations moved around `nowMs`, names and flags kept: atlas has a maintenance in
 * progress (now_maint) and one tomorrow (maint_nov); derecho's M456 is in progress, and a written
 * maintenance file covers the same window.
 */
function placeReservations(summary: ClusterSummary, nowMs: number): ClusterSummary {
  const windows: Record<string, [startMs: number, endMs: number]> = {
    later: [nowMs + 30 * DAY_MS, nowMs + 30 * DAY_MS + HOUR_MS],
    maint_nov: [nowMs + DAY_MS, nowMs + DAY_MS + 2 * HOUR_MS],
    now_maint: [nowMs - HOUR_MS / 2, nowMs + 3 * HOUR_MS],
    'R123.desched1': [nowMs + 2 * DAY_MS, nowMs + 2 * DAY_MS + 12 * HOUR_MS],
    climate_run: [nowMs + 2 * DAY_MS, nowMs + 2 * DAY_MS + 12 * HOUR_MS],
    'M456.desched1': [nowMs - HOUR_MS, nowMs + 11 * HOUR_MS],
  };
  const reservations = (summary.reservations ?? []).map((r): Reservation => {
    const [startMs, endMs] = windows[r.name] ?? [Date.parse(r.start), Date.parse(r.end)];
    return { ...r, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
  });
  return { ...summary, reservations };
}

const utcDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

const DERECHO_UPGRADE = (nowMs: number) => ({
  title: 'Derecho operating system upgrade',
  kind: 'maintenance',
  status: 'in-progress',
  affected: ['derecho'],
  start: new Date(nowMs - 2 * HOUR_MS).toISOString(),
  end: new Date(nowMs + 10 * HOUR_MS).toISOString(),
  updates: [{ at: new Date(nowMs - 2 * HOUR_MS).toISOString(), status: 'in-progress', text: 'Started.' }],
});

function clusterResult(id: string, summary: ClusterSummary, hour: number): CheckResult {
  const metrics = flattenClusterMetrics(summary);
  // A daily rhythm, so the 7-day table has something to show.
  metrics.cpuUtilizationPercent = 40 + (hour % 24);
  return { id, status: 'up', ms: 900, message: 'cluster answered', metrics, detail: { ...summary } };
}

describe('cluster pages built from slurm and pbs results', () => {
  let tempDir: string;
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;
  let nowMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-clusters-'));
    outDir = path.join(tempDir, 'dist');
    const dataDir = path.join(tempDir, 'data');
    const configPath = path.join(tempDir, 'status.config.yaml');
    await writeFile(configPath, CONFIG);
    nowMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const fixtures = await summarise();
    const atlas = placeReservations(fixtures.atlas, nowMs);
    const derecho = placeReservations(fixtures.derecho, nowMs);
    await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
    await writeFile(
      path.join(dataDir, 'incidents', 'derecho-os-upgrade.md'),
      `---\n${stringify(DERECHO_UPGRADE(nowMs))}---\nNew kernel and firmware.\n`,
    );
    const lines: SnapshotLine[] = [];
    for (let hour = 0; hour < 72; hour++) {
      const t = nowMs - (71 - hour) * HOUR_MS;
      lines.push({
        v: 1,
        t: new Date(t).toISOString(),
        source: 'admin',
        agent: { version: '0.1.0', host: 'admin1' },
        results: [
          clusterResult('atlas', atlas, hour),
          {
            id: 'atlas-login1',
            status: 'up',
            ms: 5,
            message: 'connected',
            metrics: { connectMs: 5 },
            detail: {},
          },
          {
            id: 'atlas-scratch',
            status: 'up',
            ms: 20,
            message: '71 % used',
            metrics: { usedPercent: 71 },
            detail: {},
          },
          clusterResult('derecho', derecho, hour),
        ],
      });
    }
    await writeSnapshotFixtures(dataDir, lines);
    await buildSite({ configPath, dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('the overview lists every cluster with its nodes and jobs, linked from the header', async () => {
    const html = await readFile(path.join(outDir, 'clusters/index.html'), 'utf8');
    expect(html).toContain('Atlas scheduler');
    expect(html).toContain('Derecho scheduler');
    const home = await readFile(path.join(outDir, 'index.html'), 'utf8');
    expect(home).toMatch(/<a href="\/clusters\/"[^>]*>Clusters<\/a>/);
  });

  it('a SLURM cluster page works without JavaScript: partitions, nodes, reservations, node types', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.origin}/clusters/atlas/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Atlas scheduler');
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('5 of 8 nodes usable, 1 down, 1 drained, 1 in maintenance');
    expect(text).toContain('2 jobs running, 11 pending');
    expect(text).toMatch(/cpu \(default\) up 3 \/ 5 .* 1 10 gpu up 2 \/ 3 .* 1 1 interactive/);
    expect(text).toMatch(/Why jobs wait Resources: 10 Priority: 1/);
    const partitions = await page.locator('.cluster-partitions tbody th').allInnerTexts();
    expect(partitions.map((p) => p.trim())).toEqual(['cpu (default)', 'gpu', 'interactive']);
    expect(text).toMatch(/cn004 down\* Not responding/);
    expect(text).toMatch(/cn005 drain bad DIMM, ticket 1234/);
    expect(text).toMatch(/maint_nov Maintenance/);
    expect(text).toMatch(/now_maint Maintenance \(now\)/);
    expect(text).toContain('atlas login1');
    expect(text).toMatch(/\/scratch ✓ Operational 71 %/);
    expect(await page.locator('meter').count()).toBe(3);
    expect(await page.locator('.cluster-trend tbody tr').count()).toBe(7);
    await page.screenshot({ path: '/tmp/vigil-cluster-atlas.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a PBS cluster page calls its partitions queues and marks M… reservations as maintenance', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/derecho/`);
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Queues');
    expect(text).toMatch(/M456\.desched1 Maintenance \(now\)/);
    expect(text).toMatch(/dec0004 offline,job-busy offlined by admin: memory errors, ticket 5678/);
    await page.screenshot({ path: '/tmp/vigil-cluster-derecho.png', fullPage: true });
    await context.close();
  });
  it('shows maintenance reservations as scheduled maintenance of their cluster, with no incident file', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.origin}/`);
    const current = await page.locator('[data-incident-list="current"] h3').allTextContents();
    // derecho's M456 is covered by the written maintenance: it is not listed twice.
    expect(current.map((t) => t.trim()).sort()).toEqual([
      'Atlas scheduler: maintenance reservation now_maint',
      'Derecho operating system upgrade',
    ]);
    const upcoming = await page.locator('[data-incident-list="upcoming"] h3').allTextContents();
    expect(upcoming.map((t) => t.trim())).toEqual(['Atlas scheduler: maintenance reservation maint_nov']);
    await expect(page.locator('[data-component="atlas"] .status-label').first().textContent()).resolves.toBe(
      'Under maintenance',
    );
    await page.screenshot({ path: '/tmp/vigil-clusters-home-1280.png', fullPage: true });
    // The card links a page of its own, like any maintenance.
    await page
      .getByRole('link', { name: 'Atlas scheduler: maintenance reservation maint_nov' })
      .first()
      .click();
    await page.waitForURL(`**/incidents/atlas-maint-nov-${utcDay(nowMs + DAY_MS)}/`);
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('SLURM maintenance reservation maint_nov on 1 node (vm).');
    expect(text).toMatch(/Affected Atlas scheduler/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists reservation maintenance in maintenance.ics, the Statuspage API and the feeds', async () => {
    const text = await (await fetch(`${server.origin}/maintenance.ics`)).text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    expect(events.map((event) => [event.uid, event.summary]).sort()).toEqual([
      [
        `atlas-maint-nov-${utcDay(nowMs + DAY_MS)}@status.example.org`,
        'Atlas scheduler: maintenance reservation maint_nov',
      ],
      [
        `atlas-now-maint-${utcDay(nowMs - HOUR_MS / 2)}@status.example.org`,
        'Atlas scheduler: maintenance reservation now_maint',
      ],
      ['derecho-os-upgrade@status.example.org', 'Derecho operating system upgrade'],
    ]);
    const nowMaint = events.find((event) => event.summary.endsWith('now_maint'));
    expect(nowMaint?.startDate.toJSDate().getTime()).toBe(nowMs - HOUR_MS / 2);
    expect(nowMaint?.endDate.toJSDate().getTime()).toBe(nowMs + 3 * HOUR_MS);

    const read = async (file: string) => JSON.parse(await readFile(path.join(outDir, file), 'utf8'));
    const names = (list: { name: string }[]) => list.map((item) => item.name).sort();
    const upcoming = await read('api/v2/scheduled-maintenances/upcoming.json');
    expect(names(upcoming.scheduled_maintenances)).toEqual([
      'Atlas scheduler: maintenance reservation maint_nov',
    ]);
    expect(upcoming.scheduled_maintenances[0]).toMatchObject({
      status: 'scheduled',
      impact: 'maintenance',
      components: [expect.objectContaining({ id: 'atlas' })],
    });
    const active = await read('api/v2/scheduled-maintenances/active.json');
    expect(names(active.scheduled_maintenances)).toEqual([
      'Atlas scheduler: maintenance reservation now_maint',
      'Derecho operating system upgrade',
    ]);
    const rss = await readFile(path.join(outDir, 'feed.xml'), 'utf8');
    expect(rss).toContain('Atlas scheduler: maintenance reservation maint_nov');
  });

  it('the overview is one tab per cluster with JavaScript: arrow keys, Home and End move between them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/`);
    const tabs = page.getByRole('tab');
    await expect(tabs.count()).resolves.toBe(2);
    await expect(page.getByRole('tablist', { name: 'Clusters' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-cluster-jump]').isHidden()).resolves.toBe(true);
    const selected = async () =>
      (await page.getByRole('tab', { selected: true }).locator('.cluster-tab-name').textContent())?.trim();
    const visiblePanels = async () =>
      (await page.getByRole('tabpanel').locator('h2').allInnerTexts()).map((t) => t.trim());
    await expect(selected()).resolves.toBe('Atlas scheduler');
    await expect(visiblePanels()).resolves.toEqual(['Atlas scheduler']);
    await expect(page.locator('#atlas').getAttribute('aria-labelledby')).resolves.toBe('atlas-tab');
    await page.screenshot({ path: '/tmp/vigil-clusters-tabs-1280.png', fullPage: true });

    await tabs.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(selected()).resolves.toBe('Derecho scheduler');
    await expect(visiblePanels()).resolves.toEqual(['Derecho scheduler']);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('derecho-tab');
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#derecho');
    await page.keyboard.press('ArrowRight'); // wraps around
    await expect(selected()).resolves.toBe('Atlas scheduler');
    await page.keyboard.press('End');
    await expect(selected()).resolves.toBe('Derecho scheduler');
    await page.keyboard.press('Home');
    await expect(selected()).resolves.toBe('Atlas scheduler');
    await page.getByRole('tab', { name: /Derecho scheduler/ }).click();
    await expect(visiblePanels()).resolves.toEqual(['Derecho scheduler']);
    await expect(page.getByRole('tab', { name: /Atlas scheduler/ }).getAttribute('tabindex')).resolves.toBe(
      '-1',
    );

    // A link to a cluster's section opens its tab, scrolled into the tab list on a phone.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.origin}/clusters/`);
    await page.goto(`${server.origin}/clusters/#derecho`);
    await page.reload(); // a fresh load of /clusters/#derecho
    await expect(selected()).resolves.toBe('Derecho scheduler');
    const listBox = await page.getByRole('tablist').boundingBox();
    const tabBox = await page.getByRole('tab', { selected: true }).boundingBox();
    expect((tabBox?.x ?? 0) + (tabBox?.width ?? 0)).toBeLessThanOrEqual(
      (listBox?.x ?? 0) + (listBox?.width ?? 0) + 1,
    );
    await page.screenshot({ path: '/tmp/vigil-clusters-tabs-375.png', fullPage: true });
    await context.close();
  });

  it('the overview without JavaScript shows every cluster in order under jump links', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 375, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/`);
    await expect(page.getByRole('tablist').count()).resolves.toBe(0);
    await expect(page.locator('[data-cluster-jump]').isVisible()).resolves.toBe(true);
    const sections = page.locator('section.cluster-card');
    await expect(
      sections.evaluateAll((all) => all.map((s) => [s.id, !(s as HTMLElement).hidden])),
    ).resolves.toEqual([
      ['atlas', true],
      ['derecho', true],
    ]);
    await expect(sections.nth(1).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: '/tmp/vigil-clusters-nojs-375.png', fullPage: true });
    await context.close();
  });

  it('draws 7-day charts of utilization and queue depth with chart.js, the daily table below', async () => {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.origin}/clusters/atlas/`);
      const titles = (await page.locator('.cluster-charts .chart-title').allTextContents()).map((t) =>
        t.trim(),
      );
      expect(titles).toEqual([
        'CPU allocation',
        'GPU allocation',
        'Nodes in use',
        'Memory allocation',
        'Jobs running',
        'Jobs pending',
      ]);
      // Each chart is drawn as it nears the viewport: scroll through them.
      const figures = page.locator('.cluster-charts figure[data-chart]');
      for (let index = 0; index < titles.length; index++) {
        await figures.nth(index).scrollIntoViewIfNeeded();
        await figures.nth(index).locator('canvas[data-chart-drawn="true"]').waitFor();
      }
      await expect(page.locator('.cluster-charts canvas[data-chart-drawn="true"]').count()).resolves.toBe(6);
      // Something was painted: the canvas is not blank.
      const painted = await page
        .locator('.cluster-charts canvas')
        .first()
        .evaluate((canvas: HTMLCanvasElement) => {
          const context2d = canvas.getContext('2d');
          const { data } = context2d?.getImageData(0, 0, canvas.width, canvas.height) ?? { data: [] };
          return Array.from(data).some((value, index) => index % 4 === 3 && value > 0);
        });
      expect(painted).toBe(true);
      const box = await page.locator('.cluster-charts').boundingBox();
      expect(box?.width).toBeLessThanOrEqual(width);
      await expect(page.locator('.cluster-trend tbody tr').count()).resolves.toBe(7);
      await page.screenshot({ path: `/tmp/vigil-cluster-atlas-charts-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('hides the empty chart frames without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/atlas/`);
    await expect(page.locator('.cluster-charts').isHidden()).resolves.toBe(true);
    await expect(page.locator('.cluster-trend').isVisible()).resolves.toBe(true);
    await context.close();
  });
});
