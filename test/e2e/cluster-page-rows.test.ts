// The cluster-page rows of issue 17 on a built site: login nodes named by `loginNodes` (results made by
// the real login probe from captured uptime output), filesystems named by `filesystems` from another
// group (one degraded), the queue/partition of reservations and the job figures per queue, a
// JupyterHub as a tab of its own on /clusters/, and the cluster page kept current by live refresh.
// Screenshots at 375 and 1280 px go to test-artifacts/screenshots/.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import { loginProbe } from '../../collectors/probes/login/probe-login.ts';
import { aggregatePbs } from '../../collectors/probes/pbs/aggregate-pbs.ts';
import { parsePbsRstat } from '../../collectors/probes/pbs/parse-pbs-rstat.ts';
import { parsePbsnodes } from '../../collectors/probes/pbs/parse-pbsnodes.ts';
import { parseQstatQueues } from '../../collectors/probes/pbs/parse-qstat-queues.ts';
import { aggregateSlurm } from '../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseReservations } from '../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo } from '../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../collectors/probes/slurm/parse-squeue.ts';
import { type CheckResult, LoginCheckSchema, type SnapshotLine } from '../../core/model/index.ts';
import type { ClusterSummary } from '../../core/results/cluster-summary.ts';
import type { StatuspageSummary } from '../../src/data/statuspage-types.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { makeProbeContext } from '../helpers/probe-context.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const DAYS = 3;
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

// The login nodes and filesystems live in groups of their own: the scheduler checks name them.
const CONFIG = `site:
  title: HPC centre
  url: https://status.example.org
  interval: 5m
  refreshSeconds: 30
groups:
  - { id: derecho-cluster, name: Derecho }
  - { id: casper-cluster, name: Casper }
  - { id: logins, name: Login nodes }
  - { id: storage, name: Storage }
  - { id: services, name: Services }
sources:
  - { id: admin, name: Admin node }
checks:
  - id: derecho
    name: Derecho
    type: pbs
    group: derecho-cluster
    loginNodes: [derecho-login1, derecho-login2]
    filesystems: [glade, campaign, scratch]
  - { id: casper, name: Casper, type: slurm, group: casper-cluster }
  - { id: casper-login1, name: casper-login1, type: login, group: casper-cluster, host: casper-login1 }
  - { id: derecho-login1, name: derecho1, type: login, group: logins, host: derecho1 }
  - { id: derecho-login2, name: derecho2, type: login, group: logins, host: derecho2 }
  - { id: glade, name: GLADE, type: filesystem, group: storage, path: /glade }
  - { id: campaign, name: Campaign Storage, type: filesystem, group: storage, path: /glade/campaign }
  - { id: scratch, name: Derecho scratch, type: filesystem, group: storage, path: /glade/derecho/scratch }
  - { id: hub, name: JupyterHub, type: jupyterhub, group: services, url: https://jupyter.example.org, clusterTab: true }
`;

/** What the login probe makes of captured uptime output. */
async function observeLogin(id: string, host: string, uptimeFixture: string): Promise<CheckResult> {
  const stdout = await fixture(`login/${uptimeFixture}`);
  const check = LoginCheckSchema.parse({ id, type: 'login', host });
  const run = async () => ({
    exitCode: 0,
    stdout,
    stderr: '',
    durationMs: 40,
    isTruncated: false,
    timedOut: false,
  });
  const observation = await loginProbe.probe(check, makeProbeContext({ run }));
  return { id, ms: 40, ...observation } as CheckResult;
}

/**
 * Derecho from documented-format PBS output, with the job figures a `qstat -f` listing adds
 * (engineer A's parser fills them; written here in their stored shape): active users overall and per
 * queue, what each queue's running jobs hold, and each reservation's queue.
 */
async function summariseDerecho(nowMs: number): Promise<ClusterSummary> {
  const nodes = parsePbsnodes(await fixture('pbs/pbsnodes-documented-format.json'));
  const queues = parseQstatQueues(await fixture('pbs/qstat-Q-documented-format.json'));
  if (!nodes.ok || !queues.ok) throw new Error('PBS fixtures did not parse');
  const summary = aggregatePbs({
    cluster: 'derecho',
    nodes: nodes.nodes,
    queues: queues.queues,
    reservations: parsePbsRstat(await fixture('pbs/pbs_rstat-f-documented-format.txt')),
    maxProblemNodes: 50,
    onlyQueues: [],
  });
  return {
    ...summary,
    jobs: summary.jobs === null ? null : { ...summary.jobs, activeUsers: 312 },
    partitions: summary.partitions.map((partition, index) => ({
      ...partition,
      activeUsers: 40 + index,
      allocated: { cpus: 1280 * (index + 1), gpus: 4 * index, nodes: 10 * (index + 1) },
    })),
    reservations: (summary.reservations ?? []).map((reservation, index) => ({
      ...reservation,
      queue: `R${index + 1}`,
      start: new Date(nowMs + (index + 1) * DAY_MS).toISOString(),
      end: new Date(nowMs + (index + 1) * DAY_MS + 6 * 60 * MINUTE_MS).toISOString(),
    })),
  };
}

async function summariseCasper(): Promise<ClusterSummary> {
  const summary = aggregateSlurm({
    cluster: 'casper',
    nodes: parseSinfo(await fixture('slurm/sinfo-documented-edge-cases.txt')),
    jobs: parseSqueue('100|cpu|RUNNING|alice|None|128|N/A\n103|gpu|RUNNING|carol|None|16|gres:gpu:a100:3'),
    reservations: parseReservations(await fixture('slurm/scontrol-22.05-reservations.txt')),
    maxProblemNodes: 50,
  });
  return {
    ...summary,
    reservations: (summary.reservations ?? []).map((reservation) => ({ ...reservation, queue: 'gpu' })),
  };
}

const clusterResult = (id: string, summary: ClusterSummary): CheckResult => ({
  id,
  status: 'up',
  ms: 900,
  message: 'cluster answered',
  metrics: flattenClusterMetrics(summary),
  detail: { ...summary },
});

const filesystemResult = (id: string, usedPercent: number, sizeBytes: number): CheckResult => ({
  id,
  // The probe's default thresholds judge 90 % and more as degraded.
  status: usedPercent >= 90 ? 'degraded' : 'up',
  ms: 12,
  message: `${usedPercent} % used`,
  metrics: {
    statMs: 12,
    usedPercent,
    sizeBytes,
    usedBytes: Math.round((sizeBytes * usedPercent) / 100),
    availableBytes: Math.round((sizeBytes * (100 - usedPercent)) / 100),
  },
  detail: {},
});

describe('cluster page rows: login nodes, named filesystems, queues of reservations, a JupyterHub tab', () => {
  let tempDir: string;
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;
  let nowMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-cluster-rows-'));
    outDir = path.join(tempDir, 'dist');
    const dataDir = path.join(tempDir, 'data');
    const configPath = path.join(tempDir, 'status.config.yaml');
    await writeFile(configPath, CONFIG);
    nowMs = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS;
    const derecho = clusterResult('derecho', await summariseDerecho(nowMs));
    const casper = clusterResult('casper', await summariseCasper());
    const logins = await Promise.all([
      observeLogin('derecho-login1', 'derecho1', 'uptime-procps-many-users.txt'),
      observeLogin('derecho-login2', 'derecho2', 'w-procps-three-sessions.txt'),
      observeLogin('casper-login1', 'casper-login1', 'uptime-procps-de-decimal-comma.txt'),
    ]);
    const PIB = 2 ** 50;
    const rest: CheckResult[] = [
      filesystemResult('glade', 93, 38 * PIB),
      filesystemResult('campaign', 61, 120 * PIB),
      filesystemResult('scratch', 44, 54 * PIB),
      {
        id: 'hub',
        status: 'up',
        ms: 80,
        message: 'HTTP 200 in 80 ms',
        metrics: { latencyMs: 80, usersTotal: 900, usersActive: 42, serversRunning: 37, serversPending: 2 },
        detail: { version: '5.2.1' },
      },
    ];
    const lines: SnapshotLine[] = [];
    for (let t = nowMs - DAYS * DAY_MS + INTERVAL_MS; t <= nowMs; t += INTERVAL_MS) {
      lines.push({
        v: 1,
        t: new Date(t).toISOString(),
        source: 'admin',
        agent: { version: '0.1.0', host: 'admin1' },
        results: [derecho, casper, ...logins, ...rest],
      });
    }
    await writeSnapshotFixtures(dataDir, lines);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await buildSite({ configPath, dataDir, outDir, buildTimeMs: nowMs + MINUTE_MS });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  const text = async (page: Page, selector = 'main') =>
    (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();

  it('shows the login nodes that loginNodes names, with users and load, and their total', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/derecho/`);
    await expect(text(page, '[data-login-node="derecho-login1"]')).resolves.toBe(
      'derecho1 ✓ Operational 57 12.31 11.87 11.02',
    );
    await expect(text(page, '[data-login-node="derecho-login2"]')).resolves.toBe(
      'derecho2 ✓ Operational 3 4.1 3.95 3.8',
    );
    await expect(text(page, '[data-cluster-login-summary]')).resolves.toBe(
      'Login nodes: 2 of 2 answering, 60 users logged in',
    );
    // casper-login1 is in Casper's group, not named by Derecho.
    await expect(page.locator('[data-login-node="casper-login1"]').count()).resolves.toBe(0);
    await context.close();
  });

  it('a cluster without loginNodes shows the login checks of its group', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/casper/`);
    await expect(text(page, '[data-login-node="casper-login1"]')).resolves.toBe(
      'casper-login1 ✓ Operational 3 0.52 0.58 0.59',
    );
    // No filesystem is in Casper's group and it names none.
    await expect(page.locator('.cluster-filesystems').count()).resolves.toBe(0);
    // SLURM reservations name their partition.
    const headers = await page.locator('h2:has-text("Reservations") + div table thead th').allInnerTexts();
    expect(headers).toContain('Partition');
    await expect(page.locator('[data-reservation-queue]').first().innerText()).resolves.toBe('gpu');
    await context.close();
  });

  it('shows the filesystems that filesystems names, from another group, with capacity and the degraded one in words', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/derecho/`);
    const rows = await page.locator('.cluster-filesystems tbody tr').allInnerTexts();
    expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'GLADE ! Degraded performance 93 % (35.3 PiB) 38 PiB 2.7 PiB',
      'Campaign Storage ✓ Operational 61 % (73.2 PiB) 120 PiB 46.8 PiB',
      'Derecho scratch ✓ Operational 44 % (23.8 PiB) 54 PiB 30.2 PiB',
    ]);
    await context.close();
  });

  it('shows active users overall and per queue, what running jobs hold, and each reservation’s queue', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/derecho/`);
    await expect(text(page, '[data-cluster-active-users]')).resolves.toBe(
      '312 users with jobs running or waiting',
    );
    await expect(page.locator('h3', { hasText: 'Jobs by queue' }).count()).resolves.toBe(1);
    const headers = await page.locator('.cluster-partition-jobs thead th').allInnerTexts();
    expect(headers).toEqual([
      'Queue',
      'Jobs running',
      'Jobs pending',
      'Active users',
      'Cores held',
      'GPUs held',
      'Nodes held',
    ]);
    await expect(text(page, '[data-partition-jobs="main"]')).resolves.toBe('main 0 3 40 1,280 0 10');
    await expect(text(page, '[data-partition-jobs="cpu"]')).resolves.toBe('cpu 254 1,021 41 2,560 4 20');
    const reservationHeaders = await page
      .locator('h2:has-text("Reservations") + div table thead th')
      .allInnerTexts();
    expect(reservationHeaders).toContain('Queue');
    const queues = await page.locator('[data-reservation-queue]').allInnerTexts();
    expect(queues.length).toBeGreaterThan(0);
    expect(queues).toContain('R1');
    await context.close();
  });

  it('shows the JupyterHub as a tab of its own on /clusters/, beside the clusters', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/`);
    const tabs = await page.locator('[role="tab"] .cluster-tab-name').allInnerTexts();
    expect(tabs).toEqual(['Derecho', 'Casper', 'JupyterHub']);
    await page.locator('[role="tab"]', { hasText: 'JupyterHub' }).click();
    const panel = page.locator('[data-system-tab="hub"]');
    await expect(panel.isVisible()).resolves.toBe(true);
    const panelText = (await panel.innerText()).replace(/\s+/g, ' ');
    expect(panelText).toContain('Active users 42');
    expect(panelText).toContain('Servers running 37');
    expect(new URL(page.url()).hash).toBe('#hub');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'clusters-jupyterhub-tab-1280.png'),
      fullPage: true,
    });
    await context.close();
  });

  it('keeps the cluster page current: the live refresh line, and a login node going down without a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.clock.install({ time: nowMs + 2 * MINUTE_MS });
    await page.goto(`${server.origin}/clusters/derecho/`);
    await expect(page.locator('[data-live-refresh]').textContent()).resolves.toMatch(
      /Re-reads the data every 30 s/,
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'cluster-derecho-375.png'), fullPage: true });
    const file = path.join(outDir, 'api', 'v2', 'summary.json');
    const original = await readFile(file, 'utf8');
    const summary = JSON.parse(original) as StatuspageSummary;
    const login = summary.vigil.components['derecho-login1'];
    if (login === undefined) throw new Error('summary.json has no derecho-login1');
    Object.assign(login, {
      status: 'major_outage',
      fresh_status: 'down',
      updated_at: new Date(nowMs + MINUTE_MS).toISOString(),
    });
    // derecho1 stopped answering; derecho2 now has 9 users and a higher load.
    const derecho = summary.vigil.clusters?.derecho;
    if (derecho?.login === undefined) throw new Error('summary.json has no login figures for derecho');
    expect(derecho.login).toEqual({
      up: 2,
      total: 2,
      users: 60,
      nodes: [
        { id: 'derecho-login1', users: 57, load: [12.31, 11.87, 11.02] },
        { id: 'derecho-login2', users: 3, load: [4.1, 3.95, 3.8] },
      ],
    });
    derecho.login = {
      up: 1,
      total: 2,
      users: 9,
      nodes: [
        { id: 'derecho-login1', users: null, load: null },
        { id: 'derecho-login2', users: 9, load: [6.5, 5.25, 4] },
      ],
    };
    await writeFile(file, JSON.stringify(summary));
    try {
      await page.clock.runFor(31_000);
      await expect
        .poll(() => page.locator('[data-login-node="derecho-login1"] .status-label').textContent())
        .toBe('Major outage');
      await expect(text(page, '[data-login-node="derecho-login1"]')).resolves.toBe(
        'derecho1 ✕ Major outage — — — —',
      );
      await expect(text(page, '[data-login-node="derecho-login2"]')).resolves.toBe(
        'derecho2 ✓ Operational 9 6.5 5.25 4',
      );
      await expect(text(page, '[data-cluster-login-summary]')).resolves.toBe(
        'Login nodes: 1 of 2 answering, 9 users logged in',
      );
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'cluster-derecho-login-refreshed-375.png') });
    } finally {
      await writeFile(file, original);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it("counts the login line again by the reader's clock: a login node whose data went stale stops counting", async () => {
    // derecho2 keeps reporting; derecho1's newest result stays the one the site was built from.
    const summary = JSON.parse(
      await readFile(path.join(outDir, 'api', 'v2', 'summary.json'), 'utf8'),
    ) as StatuspageSummary;
    const login2 = summary.vigil.components['derecho-login2'];
    if (login2 === undefined) throw new Error('summary.json has no derecho-login2');
    login2.updated_at = new Date(nowMs + 14 * MINUTE_MS).toISOString();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.clock.install({ time: nowMs + 2 * MINUTE_MS });
    await page.goto(`${server.origin}/clusters/derecho/`);
    const line = () => text(page, '[data-cluster-overview-of="derecho"] [data-cluster-login-summary]');
    await expect(line()).resolves.toBe('Login nodes: 2 of 2 answering, 60 users logged in');
    // Past derecho1's staleAfter (15 min: three 5-minute intervals) by the page's clock.
    await page.clock.runFor(14 * MINUTE_MS);
    await expect.poll(line).toBe('Login nodes: 1 of 2 answering, 3 users logged in');
    await expect(text(page, '[data-login-node="derecho-login1"] .status-label')).resolves.toMatch(/^No data/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'cluster-derecho-login-stale-1280.png') });
    // /clusters/ has no login table, only the line: opened that late, it counts the same.
    await page.goto(`${server.origin}/clusters/`);
    await expect.poll(line).toBe('Login nodes: 1 of 2 answering, 3 users logged in');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps a component page current too: its live refresh line, and its status from summary.json', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.clock.install({ time: nowMs + 2 * MINUTE_MS });
    await page.goto(`${server.origin}/components/derecho-login1/`);
    await expect(page.locator('[data-live-refresh]').textContent()).resolves.toMatch(
      /Re-reads the data every 30 s; collected every 5 min/,
    );
    const file = path.join(outDir, 'api', 'v2', 'summary.json');
    const original = await readFile(file, 'utf8');
    const summary = JSON.parse(original) as StatuspageSummary;
    Object.assign(summary.vigil.components['derecho-login1'] ?? {}, {
      status: 'major_outage',
      fresh_status: 'down',
      updated_at: new Date(nowMs + MINUTE_MS).toISOString(),
    });
    await writeFile(file, JSON.stringify(summary));
    try {
      await page.clock.runFor(31_000);
      await expect
        .poll(() => page.locator('.component-header .status-label').first().textContent())
        .toBe('Major outage');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'component-login-refreshed-375.png') });
    } finally {
      await writeFile(file, original);
    }
    await context.close();
  });

  it('lays out at phone and desktop width without overflowing the page', async () => {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const [name, url] of [
        ['cluster-derecho', '/clusters/derecho/'],
        ['clusters', '/clusters/'],
      ]) {
        await page.goto(`${server.origin}${url}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${url} at ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `${name}-rows-${width}.png`),
          fullPage: true,
        });
      }
      // The new tables one by one, to look at closely.
      await page.goto(`${server.origin}/clusters/derecho/`);
      for (const heading of ['Login nodes', 'Queues', 'Reservations', 'Filesystems']) {
        const section = page.locator('section', { has: page.locator(`h2:text-is("${heading}")`) });
        const file = `cluster-derecho-${heading.toLowerCase().replace(' ', '-')}-${width}.png`;
        await section.screenshot({ path: path.join(SCREENSHOT_DIR, file) });
      }
      await page.locator('.cluster-overview').screenshot({
        path: path.join(SCREENSHOT_DIR, `cluster-derecho-overview-${width}.png`),
      });
      await context.close();
    }
  });
});
