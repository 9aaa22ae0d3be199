// Issue 17, "HPC centre": examples/hpc-centre.yaml built from what the real probes make of replayed
// output — PBS Pro at Derecho scale (a 2,570-node `pbsnodes -a -F json` in the documented format),
// Casper's documented-format nodes, captured Slurm 22.05 output for Atlas, `stat -f` and `lfs df`
// for the filesystems — at a 5-minute cadence over the retention, read in Chromium. One assertion
// per row of the issue.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCollectorAlerts } from '../../collectors/notify/find-collector-alerts.ts';
import { findNewestRunTime } from '../../collectors/store/newest-run-time.ts';
import type { CommandRequest } from '../../collectors/transport/run-command.ts';
import type { CheckResult, Config } from '../../core/model/index.ts';
import type { ClusterSummary } from '../../core/results/cluster-summary.ts';
import { generateDerechoPbsnodes } from '../fixtures/pbs/generate-pbsnodes.ts';
import { type GeneratedQstatJobs, generateQstatJobs } from '../fixtures/pbs/generate-qstat-jobs.ts';
import {
  buildSeedSite,
  findCheck,
  loadExample,
  madeResult,
  observeChecks,
  openSeedPage,
  replayCommands,
  SCREENSHOT_DIR,
  SEED_BUILT_AT_MS,
  SEED_LAST_RUN_MS,
  type SeedSite,
  screenshotBoth,
} from '../helpers/seed-site.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const EXAMPLE = 'hpc-centre.yaml';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const textOf = async (locator: Locator) => squash(await locator.first().innerText({ timeout: 5_000 }));
const rowTexts = (rows: Locator) =>
  rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));

/** `stat -f` answers per path: blocks, free, available, block size, inodes, free inodes, type. */
const STAT_FS: Record<string, string> = {
  // 4 PiB, 62 % used.
  '/glade': '4294967296 1632087572 1632087572 1048576 4000000000 1500000000 nfs',
  // 2 PiB, 81 % used.
  '/glade/campaign': '2147483648 408021893 408021893 1048576 2000000000 900000000 nfs',
  '/glade/derecho/scratch': '75000000000 23000000000 22500000000 4096 9000000000 6000000000 lustre',
};

/** squeue lines in the probe's format for the partitions of sinfo-documented-edge-cases.txt (as test/helpers/hpc-site.ts). */
const ATLAS_SQUEUE = [
  '100|cpu|RUNNING|alice|None|128|N/A',
  '101_[0-9%2]|cpu|PENDING|alice|Resources|1|N/A',
  '103|gpu|RUNNING|carol|None|16|gres:gpu:a100:3',
  '104|gpu|PENDING|dave|Priority|8|gres:gpu:1',
].join('\n');

/** `uptime` on each login node, over ssh. */
const UPTIME: Record<string, string> = {
  'derecho1.hpc.example.org': ' 11:59:02 up 41 days, 22:03, 57 users,  load average: 12.31, 11.87, 11.02',
  'derecho2.hpc.example.org': ' 11:59:02 up 41 days, 22:03,  1 user,  load average: 0.52, 0.61, 0.70',
  'casper1.hpc.example.org': ' 11:59:02 up 3 days,  1:12, 23 users,  load average: 4.05, 3.98, 3.40',
  'login1.atlas.example.org': ' 11:59:02 up 9 days,  6:40,  8 users,  load average: 2.00, 1.50, 1.25',
};

/** Derecho at scale: B's 2,570-node replay and A's 50,000 jobs (with the qstat -Q that agrees with them). */
const derechoNodes = generateDerechoPbsnodes();
let derechoJobs: GeneratedQstatJobs;

/** What the PBS, Slurm, login and filesystem probes of the example make of the replayed output. */
function replayHpcTools(argv: readonly string[], request: CommandRequest) {
  const [program, ...args] = argv;
  // Casper's check names its server and its pbs.conf (pbs_rstat is asked through PBS_CONF_FILE).
  const isCasper =
    args.includes('casper-pbs') || args.includes('@casper-pbs') || request.env?.PBS_CONF_FILE !== undefined;
  switch (program) {
    case 'pbsnodes':
      return { stdout: isCasper ? fixture('pbs/pbsnodes-casper-documented-format.json') : derechoNodes.text };
    case 'qstat':
      if (args.includes('-Q'))
        return { stdout: isCasper ? fixture('pbs/qstat-Q-documented-format.json') : derechoJobs.queuesText };
      return isCasper ? undefined : { stdout: derechoJobs.text };
    case 'ssh': {
      const line = UPTIME[argv.at(-2) ?? ''];
      return line === undefined
        ? { exitCode: 255, stderr: 'ssh: connect: No route to host' }
        : { stdout: `${line}\n` };
    }
    case 'pbs_rstat':
      // Derecho's reservations (the documented fixture names desched1); Casper has none.
      return { stdout: isCasper ? '' : fixture('pbs/pbs_rstat-f-documented-format.txt') };
    case 'sinfo':
      return { stdout: fixture('slurm/sinfo-documented-edge-cases.txt') };
    case 'squeue':
      return { stdout: ATLAS_SQUEUE };
    case 'scontrol':
      return { stdout: fixture('slurm/scontrol-22.05-reservations.txt') };
    case 'stat': {
      const target = argv.at(-1) ?? '';
      const answer = STAT_FS[target];
      return answer === undefined
        ? { exitCode: 1, stderr: `stat: cannot read ${target}` }
        : { stdout: `${answer}\n` };
    }
    case 'lfs':
      return { stdout: fixture('lustre/lfs-df-flags.txt') };
    case 'nvidia-smi':
      return { stdout: fixture('gpu/a100-sxm4-8x.csv') };
    default:
      return undefined;
  }
}

/** The replayed reservations placed around the build: M… (maintenance, running in the replay) now, the others from tomorrow. */
function placeReservations(result: CheckResult): CheckResult {
  const summary = result.detail as ClusterSummary;
  if (summary.reservations === undefined || summary.reservations === null) return result;
  const reservations = summary.reservations.map((reservation, index) => {
    const isRunning = reservation.name.startsWith('M');
    const startMs = isRunning ? SEED_BUILT_AT_MS - HOUR_MS : SEED_BUILT_AT_MS + (index + 1) * DAY_MS;
    return {
      ...reservation,
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 6 * HOUR_MS).toISOString(),
    };
  });
  return { ...result, detail: { ...summary, reservations } };
}

async function observeHpcCentre(config: Config): Promise<Map<string, CheckResult>> {
  const probed = PROBED.map((id) => {
    const check = findCheck(config, id);
    // The mounts are not on this machine: the replayed `stat` stands in for them.
    return check.type === 'filesystem' ? { ...check, mountPoint: false } : check;
  });
  const results = await observeChecks(probed, {
    nowMs: SEED_LAST_RUN_MS,
    run: replayCommands(replayHpcTools),
  });
  const byId = new Map<string, CheckResult>();
  for (const result of results) {
    byId.set(result.id, placeReservations(result));
  }
  // Each GPU server's agent: its chosen disks' rates (the host probe's stored shape; this machine's disks differ).
  for (const [id, disks] of [
    ['gpu-box-01', { nvme0n1: [524_288_000, 104_857_600], sda: [2_097_152, 8_388_608] }],
    ['gpu-box-02', { nvme0n1: [10_485_760, 1_048_576] }],
  ] as const) {
    const metrics: Record<string, number> = { cpuPercent: 35, memUsedPercent: 48, load1: 6.2 };
    let read = 0;
    let write = 0;
    for (const [disk, [r, w]] of Object.entries(disks)) {
      metrics[`disk:${disk}:readBytesPerSecond`] = r;
      metrics[`disk:${disk}:writeBytesPerSecond`] = w;
      read += r;
      write += w;
    }
    metrics.diskReadBytesPerSecond = read;
    metrics.diskWriteBytesPerSecond = write;
    byId.set(id, madeResult(id, 'CPU 35 %, memory 48 %', metrics));
  }
  byId.set(
    'jupyterhub-usage',
    madeResult(
      'jupyterhub-usage',
      'hub healthy in 95 ms',
      { latencyMs: 95, usersTotal: 1840, usersActive: 212, serversRunning: 187, serversPending: 3 },
      { version: '5.2.1' },
    ),
  );
  return byId;
}

const GPU_BOX_02_LAST_RUN_MS = SEED_LAST_RUN_MS - 40 * 60_000;

const PROBED = [
  'derecho',
  'casper',
  'atlas',
  'glade',
  'campaign',
  'scratch',
  'derecho-login1',
  'derecho-login2',
  'casper-login1',
  'atlas-login1',
  'gpu-box-01-gpus',
  'gpu-box-02-gpus',
];

describe('issue 17, HPC centre: examples/hpc-centre.yaml at Derecho scale', () => {
  let site: SeedSite;
  let results: Map<string, CheckResult>;
  let config: Config;

  beforeAll(async () => {
    config = await loadExample(EXAMPLE);
    derechoJobs = generateQstatJobs(50_000);
    results = await observeHpcCentre(config);
    for (const id of PROBED) {
      expect(results.get(id)?.status, `${id}: ${results.get(id)?.message}`).not.toBe('down');
    }
    // GPU Box 02's agent stopped 40 minutes before the build; GPU Box 01's still reports.
    site = await buildSeedSite({
      example: EXAMPLE,
      config,
      results,
      silentSince: { 'gpu-box-02': GPU_BOX_02_LAST_RUN_MS },
    });
  }, 240_000);

  afterAll(async () => {
    await site?.close();
  });

  it("Derecho's page shows the replayed 2,570 nodes, its 50,000 jobs and their users", async () => {
    const page = await openSeedPage(site, '/clusters/derecho/');
    const overview = page.locator('[data-cluster-overview-of="derecho"]');
    // generateDerechoPbsnodes: every 41st node down, every 53rd offline, every 211th in maintenance;
    // generateQstatJobs(50,000): 1 in 25 running (and 100 arrays begun), most queued.
    const queues = Object.values(derechoJobs.expected.byQueue);
    const running = queues.reduce((sum, q) => sum + q.running, 0).toLocaleString('en');
    const pending = queues.reduce((sum, q) => sum + q.queued, 0).toLocaleString('en');
    await expect(textOf(overview.locator('[data-cluster-counts]'))).resolves.toBe(
      `2,451 of 2,570 nodes usable, 62 down, 46 drained, 11 in maintenance · ${running} jobs running, ${pending} pending`,
    );
    await page.context().close();
    await screenshotBoth(site, '/clusters/derecho/', 'hpc-derecho');
  });

  it("PBS: active users overall and per queue, and what each queue's running jobs hold (Derecho, queue cpu)", async () => {
    const { expected } = derechoJobs;
    const page = await openSeedPage(site, '/clusters/derecho/');
    await expect(textOf(page.locator('[data-cluster-overview-of="derecho"]'))).resolves.toContain(
      `${expected.activeUsers.toLocaleString('en')} users with jobs running or waiting`,
    );
    const row = (queue: string) => page.locator(`[data-partition-jobs="${queue}"]`);
    const { cpu, gpu } = expected.byQueue;
    const count = (n: number) => n.toLocaleString('en');
    // Queue, jobs running, pending, active users, cores, GPUs and nodes held.
    await expect(textOf(row('cpu'))).resolves.toBe(
      `cpu ${count(cpu.running)} ${count(cpu.queued)} ${count(cpu.activeUsers)} ${count(cpu.allocated.cpus)} ${count(cpu.allocated.gpus)} ${count(cpu.allocated.nodes)}`,
    );
    expect(cpu.activeUsers).toBe(772);
    await expect(textOf(row('gpu').locator('[data-active-users]'))).resolves.toBe(count(gpu.activeUsers));
    await page.context().close();
  });

  it('SLURM: active users per partition (Atlas, partition gpu)', async () => {
    const page = await openSeedPage(site, '/clusters/atlas/');
    // The replayed squeue: alice in cpu; carol and dave in gpu.
    const users = (partition: string) =>
      page.locator(`[data-partition-jobs="${partition}"] [data-active-users]`);
    await expect(textOf(users('gpu'))).resolves.toBe('2');
    await expect(textOf(users('cpu'))).resolves.toBe('1');
    await page.context().close();
  });

  it('node types: total = idle + allocated + down + maintenance, and utilisation of usable cores, with their specs (Casper gpu-v100)', async () => {
    const page = await openSeedPage(site, '/clusters/casper/');
    const types = page.locator('.cluster-node-types tbody th');
    await expect(types.allTextContents()).resolves.toEqual([
      'standard',
      'gpu-v100',
      'bigmem',
      'gpu-a100',
      'gpu-mi100',
    ]);
    const v100 = page.locator('.cluster-node-types tbody tr', {
      has: page.locator('th', { hasText: 'gpu-v100' }),
    });
    // pbsnodes-casper-documented-format.json: six V100 nodes, crv03 down and crv04 offline, none
    // in maintenance (a gpu-a100 node is, so the column is shown); 90 of the 4 usable nodes' 144 cores.
    await expect(textOf(v100)).resolves.toBe(
      'gpu-v100 36 384 GiB 4 × v100 6 1 3 2 (1 drained) 0 62.5 % 90 of 144 usable cores 10 / 24',
    );
    // And Derecho's two types at scale, as the replay counted them.
    const derecho = await openSeedPage(site, '/clusters/derecho/');
    const gpu = derecho.locator('.cluster-node-types tbody tr', {
      has: derecho.locator('th', { hasText: /^gpu$/ }),
    });
    const { gpu: counts } = derechoNodes.expected;
    await expect(textOf(gpu)).resolves.toContain(
      `gpu 64 502.9 GiB 4 × a100 ${counts.nodes} ${counts.available} ${counts.allocated} ${counts.down} (${counts.drained} drained)`,
    );
    await page.context().close();
    await derecho.context().close();
    await screenshotBoth(site, '/clusters/casper/', 'hpc-casper');
  });

  it('login nodes: users logged in and 1/5/15-minute load on the cluster page (Derecho)', async () => {
    const page = await openSeedPage(site, '/clusters/derecho/');
    const rows = page.locator('.cluster-login-nodes tbody tr');
    await expect(rowTexts(rows)).resolves.toEqual([
      'derecho login1 ✓ Operational 57 12.31 11.87 11.02',
      'derecho login2 ✓ Operational 1 0.52 0.61 0.7',
    ]);
    await page.context().close();
  });

  it("Derecho's page lists its filesystems (another group) with capacity and degraded state", async () => {
    const page = await openSeedPage(site, '/clusters/derecho/');
    const rows = page.locator('.cluster-filesystems tbody tr');
    await expect(rowTexts(rows)).resolves.toEqual([
      '/glade (home and work) ✓ Operational 62 % (2.5 PiB) 4 PiB 1.5 PiB',
      '/glade/campaign ✓ Operational 81 % (1.6 PiB) 2 PiB 389.1 TiB',
      // lfs-df-flags.txt: OSTs degraded, full and inactive.
      '/glade/derecho/scratch (Lustre) ! Degraded performance 70 % (193.7 TiB) 279.4 TiB 83.8 TiB',
    ]);
    await page.context().close();
  });

  it('JupyterHub is a system tab beside the clusters on /clusters/', async () => {
    const page = await openSeedPage(site, '/clusters/');
    await expect(page.getByRole('tab').allTextContents()).resolves.toEqual([
      expect.stringContaining('Derecho scheduler'),
      expect.stringContaining('Casper scheduler'),
      expect.stringContaining('Atlas scheduler'),
      expect.stringContaining('JupyterHub users and servers'),
    ]);
    await page.getByRole('tab', { name: /JupyterHub/ }).click();
    const panel = page.locator('#jupyterhub-usage');
    await expect(panel.isVisible()).resolves.toBe(true);
    await expect(textOf(panel)).resolves.toMatch(/Active users 212 Servers running 187/);
    await page.context().close();
    await screenshotBoth(site, '/clusters/', 'hpc-clusters');
  });

  it('the four tabs of /clusters/ wrap at 375 and 1280 px, the selected one marked in its own box on any row', async () => {
    for (const width of [375, 1280]) {
      for (const id of ['derecho', 'jupyterhub-usage']) {
        const page = await openSeedPage(site, `/clusters/#${id}`, { width });
        const tabs = await page.getByRole('tab').evaluateAll((list) => {
          // The colour var(--link) computes to, to compare with the tabs' borders.
          const probe = document.createElement('span');
          probe.style.color = 'var(--link)';
          document.body.append(probe);
          const link = getComputedStyle(probe).color;
          probe.remove();
          return list.map((tab) => {
            const style = getComputedStyle(tab);
            return {
              top: Math.round(tab.getBoundingClientRect().top),
              isSelected: tab.getAttribute('aria-selected') === 'true',
              // Its bar: 3 px along its own foot, in the link colour when selected, none otherwise.
              bar: `${style.borderBottomWidth} ${style.borderBottomStyle} ${style.borderBottomColor === link ? 'link' : style.borderBottomColor}`,
              // Nothing reaches out of its box into the row or panel below.
              marginBottom: style.marginBottom,
            };
          });
        });
        const rows = [...new Set(tabs.map((tab) => tab.top))];
        expect(rows.length, `${width} px: the four tabs wrap`).toBeGreaterThan(1);
        const selected = tabs.find((tab) => tab.isSelected);
        expect(selected?.top, `${id}'s tab at ${width} px`).toBe(
          id === 'derecho' ? Math.min(...rows) : Math.max(...rows),
        );
        expect(tabs.map((tab) => [tab.isSelected, tab.bar, tab.marginBottom])).toEqual(
          tabs.map((tab) => [
            tab.isSelected,
            `3px solid ${tab.isSelected ? 'link' : 'rgba(0, 0, 0, 0)'}`,
            '0px',
          ]),
        );
        // Seen as a reader who clicked elsewhere: no focus ring on the panel the address opened.
        await page.evaluate(() => {
          (document.activeElement as HTMLElement | null)?.blur();
          window.scrollTo(0, 0);
        });
        const list = await page.getByRole('tablist').boundingBox();
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `seed-hpc-clusters-tabs-${id}-${width}.png`),
          clip: { x: 0, y: Math.max(0, (list?.y ?? 0) - 16), width, height: (list?.height ?? 0) + 160 },
        });
        await page.context().close();
      }
    }
  });

  it('reservations show their queue (Derecho: the reservation queue R123 of pbs_rstat)', async () => {
    const page = await openSeedPage(site, '/clusters/derecho/');
    const queues = await page
      .locator('tr', { has: page.locator('[data-reservation-queue]') })
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector('th, td')?.textContent?.trim(),
          tr.querySelector('[data-reservation-queue]')?.textContent?.trim(),
        ]),
      );
    expect(queues).toEqual([
      ['M456.desched1', 'M456'],
      ['climate_run', 'R123'],
    ]);
    await page.context().close();
  });

  it("multi-server GPU agents: the chosen disks' I/O rates on the server's page (gpu-box-01)", async () => {
    const page = await openSeedPage(site, '/components/gpu-box-01/');
    await expect(textOf(page.locator('main'))).resolves.toMatch(
      /Per disk Disk Reads Writes nvme0n1 500 MiB\/s 100 MiB\/s sda 2 MiB\/s 8 MiB\/s/,
    );
    await page.context().close();
  });

  it('multi-server GPU agents: a silent collector is told (collector.silent, then collector.back) and its page says so', async () => {
    // The announcing collector (alerts.incidentsFrom: dmz) at a run just after the build, reading
    // the newest run of each other collector from the seed data as collect does.
    const newestRunMs = new Map<string, number | undefined>();
    for (const source of config.sources) {
      newestRunMs.set(source.id, (await findNewestRunTime(site.dataDir, source.id))?.t);
    }
    expect(newestRunMs.get('gpu-box-02')).toBe(GPU_BOX_02_LAST_RUN_MS);
    const providers = config.alerts.providers;
    const silent = findCollectorAlerts({
      providers,
      config,
      source: 'dmz',
      newestRunMs,
      previous: {},
      now: new Date(SEED_BUILT_AT_MS),
    });
    expect(silent.alerts.map(({ provider, alert }) => [provider, alert.event, alert.subject.id])).toEqual([
      ['ops', 'collector.silent', 'gpu-box-02'],
    ]);
    expect(silent.alerts[0]?.alert.title).toBe(
      'Example HPC Centre status: collector GPU Box 02 agent is silent',
    );
    // Its agent reports again: back, under the same key.
    newestRunMs.set('gpu-box-02', SEED_BUILT_AT_MS + 60_000);
    const back = findCollectorAlerts({
      providers,
      config,
      source: 'dmz',
      newestRunMs,
      previous: silent.collectors,
      now: new Date(SEED_BUILT_AT_MS + 2 * 60_000),
    });
    expect(back.alerts.map(({ alert }) => [alert.event, alert.key])).toEqual([
      ['collector.back', silent.alerts[0]?.alert.key],
    ]);
    // The site: the silent collector's page and its checks say No data, the other's do not.
    const page = await openSeedPage(site, '/hosts/gpu-box-02/');
    await expect(textOf(page.locator('main'))).resolves.toMatch(
      /GPU Box 02 agent \? No data for 41 min This collector has not reported for 41 min/,
    );
    await page.context().close();
    await screenshotBoth(site, '/hosts/gpu-box-02/', 'hpc-gpu-box-02-silent');
  });

  it('the cluster page keeps current by live refresh: new figures from summary.json without a reload', async () => {
    const page = await openSeedPage(site, '/clusters/derecho/');
    const summary = JSON.parse(readFileSync(path.join(site.outDir, 'api/v2/summary.json'), 'utf8'));
    const derecho = summary.vigil.clusters.derecho;
    const runAt = new Date(SEED_BUILT_AT_MS + 30_000).toISOString();
    // A later run as a later build would write it: 100 free nodes went down and the queue moved, so
    // the counts, the node bar, the message beside the status and the active users all say so.
    derecho.collected_at = runAt;
    derecho.nodes = { ...derecho.nodes, usable: derecho.nodes.usable - 100, down: derecho.nodes.down + 100 };
    derecho.jobs = { ...derecho.jobs, running: 4321, pending: 1234 };
    derecho.active_users = 987;
    derecho.message = '2351 of 2570 nodes usable; 4321 jobs running, 1234 pending';
    type Segment = { state: string; kind: string; count: number; percent: number };
    const moved = { free: -100, down: +100 } as Record<string, number>;
    derecho.node_segments = (derecho.node_segments as Segment[]).map((segment) => {
      const count = segment.count + (moved[segment.state] ?? 0);
      return { ...segment, count, percent: (count / derecho.nodes.total) * 100 };
    });
    for (const component of Object.values(summary.vigil.components) as { updated_at: string }[]) {
      component.updated_at = runAt;
    }
    summary.vigil.newest_data_at = runAt;
    await page.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
    const overview = page.locator('[data-cluster-overview-of="derecho"]');
    const counts = overview.locator('[data-cluster-counts]');
    const legend = async () => squash(await overview.locator('.node-legend').innerText());
    // As built: the replay's 62 down nodes, in the counts and the legend alike.
    await expect(legend()).resolves.toBe('job-exclusive 1,633 free 818 maintenance 11 offline 46 down 62');
    const before = squash((await counts.textContent()) ?? '');
    await page.clock.fastForward(5 * 60_000);
    await expect.poll(async () => squash((await counts.textContent()) ?? '')).not.toBe(before);
    const after = squash((await counts.textContent()) ?? '');
    expect(after).toBe(
      '2,351 of 2,570 nodes usable, 162 down, 46 drained, 11 in maintenance · 4,321 jobs running, 1,234 pending',
    );
    await expect(legend()).resolves.toBe('job-exclusive 1,633 free 718 maintenance 11 offline 46 down 162');
    await expect(overview.locator('.node-bar').getAttribute('aria-label')).resolves.toBe(
      'Nodes of Derecho scheduler by state: job-exclusive 1,633, free 718, maintenance 11, offline 46, down 162',
    );
    const downWidth = await overview
      .locator('.node-bar .node-down')
      .evaluate((bar) => Number.parseFloat((bar as HTMLElement).style.width));
    expect(downWidth).toBeCloseTo((162 / 2570) * 100, 2);
    await expect(textOf(overview.locator('.cluster-status > .muted'))).resolves.toBe(
      '2351 of 2570 nodes usable; 4321 jobs running, 1234 pending',
    );
    await expect(textOf(overview.locator('[data-cluster-active-users]'))).resolves.toBe(
      '987 users with jobs running or waiting',
    );
    // The overview is of the new run; the tables below, which are not redrawn, say they are older.
    await expect(textOf(overview.locator('[data-cluster-figures] .muted'))).resolves.toBe(
      '· as of 4 minutes ago',
    );
    const asOf = await page.locator('[data-tables-as-of]').allInnerTexts();
    expect(asOf.map(squash)).toEqual(
      Array(4).fill('As of 6 minutes ago, from the data this page was built with'),
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'seed-hpc-derecho-refreshed-1280.png') });
    await page.context().close();
  });

  it('the component page keeps current by live refresh too: /glade turns Major outage without a reload', async () => {
    const page = await openSeedPage(site, '/components/glade/');
    const label = page.locator('.component-header .status-label');
    await expect(textOf(label)).resolves.toBe('Operational');
    const summary = JSON.parse(readFileSync(path.join(site.outDir, 'api/v2/summary.json'), 'utf8'));
    const runAt = new Date(SEED_BUILT_AT_MS + 30_000).toISOString();
    for (const component of Object.values(summary.vigil.components) as { updated_at: string }[]) {
      component.updated_at = runAt;
    }
    summary.vigil.components.glade.fresh_status = 'down';
    summary.vigil.newest_data_at = runAt;
    await page.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
    await page.clock.fastForward(5 * 60_000);
    await expect.poll(() => textOf(label)).toBe('Major outage');
    await page.context().close();
  });
});
