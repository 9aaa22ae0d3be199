// A whole status site on disk, for the layout and accessibility e2e test and the Lighthouse bench:
// web checks (one with a very long name), a SLURM cluster with its login node and filesystem, a host
// check, 14 days of 5-minute runs ending now, a resolved incident, an active incident and a
// maintenance in progress — so every page type the site renders has something real to show.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseReservations } from '../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo } from '../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../collectors/probes/slurm/parse-squeue.ts';
import type { CheckResult, SnapshotLine } from '../../core/model/index.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from './generate-snapshots.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const RETENTION_DAYS = 14;

/** A name with no break opportunity for 60 characters: it must wrap, never widen the page. */
export const LONG_COMPONENT_NAME = 'ResearchDataManagementPortalAndLongTermArchiveGateway (primary site)';

export interface HpcSiteOptions {
  /** Folder that receives status.config.yaml and data/. */
  dir: string;
  nowMs: number;
  /** Web checks besides the cluster's three; default 4. */
  webChecks?: number;
}

export interface HpcSite {
  configPath: string;
  dataDir: string;
  /** Slugs of the incidents written, by role. */
  slugs: { resolved: string; active: string; maintenance: string };
  clusterId: string;
  source: string;
}

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const SQUEUE = [
  '100|cpu|RUNNING|alice|None|128|N/A',
  '101_[0-9%2]|cpu|PENDING|alice|Resources|1|N/A',
  '103|gpu|RUNNING|carol|None|16|gres:gpu:a100:3',
  '104|gpu|PENDING|dave|Priority|8|gres:gpu:1',
].join('\n');

export async function writeHpcSite(options: HpcSiteOptions): Promise<HpcSite> {
  const nowMs = Math.floor(options.nowMs / INTERVAL_MS) * INTERVAL_MS;
  const webIds = Array.from({ length: options.webChecks ?? 4 }, (_, i) => `svc-${i + 1}`);
  const dataDir = path.join(options.dir, 'data');
  const configPath = path.join(options.dir, 'status.config.yaml');
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
  await writeFile(configPath, renderConfig(webIds));

  const summary = aggregateSlurm({
    cluster: 'atlas',
    nodes: parseSinfo(await fixture('slurm/sinfo-documented-edge-cases.txt')),
    jobs: parseSqueue(SQUEUE),
    reservations: parseReservations(await fixture('slurm/scontrol-22.05-reservations.txt')),
    maxProblemNodes: 50,
  });
  const reservations = (summary.reservations ?? []).map((reservation, index) => ({
    ...reservation,
    start: new Date(nowMs + (index + 1) * DAY_MS).toISOString(),
    end: new Date(nowMs + (index + 1) * DAY_MS + 2 * HOUR_MS).toISOString(),
  }));
  const clusterDetail = { ...summary, reservations };
  const fromMs = nowMs - RETENTION_DAYS * DAY_MS;
  const outageFromMs = nowMs - (nowMs % DAY_MS) - 3 * DAY_MS + 10 * HOUR_MS;
  const web = generateSnapshotLines({
    source: 'web',
    checkIds: ['portal', ...webIds],
    from: new Date(fromMs),
    to: new Date(nowMs),
    intervalMs: INTERVAL_MS,
    statusAt: (id, t) => {
      if (id === 'portal' && t >= outageFromMs && t < outageFromMs + 2 * HOUR_MS) return 'down';
      if (id === 'svc-1' && t >= nowMs - 30 * MINUTE_MS) return 'down';
      return 'up';
    },
  });
  const hpc: SnapshotLine[] = [];
  for (let t = fromMs; t < nowMs; t += INTERVAL_MS) {
    const metrics = flattenClusterMetrics(clusterDetail);
    metrics.cpuUtilizationPercent = 40 + (Math.floor(t / HOUR_MS) % 24);
    const results: CheckResult[] = [
      { id: 'atlas', status: 'up', ms: 900, message: 'cluster answered', metrics, detail: clusterDetail },
      {
        id: 'atlas-login1',
        status: 'up',
        ms: 5,
        message: 'connected',
        metrics: { latencyMs: 5 },
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
    ];
    hpc.push({
      v: 1,
      t: new Date(t).toISOString(),
      source: 'admin',
      agent: { version: '0.1.0', host: 'admin1' },
      results,
    });
  }
  await writeSnapshotFixtures(dataDir, [...web, ...hpc]);

  const day = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);
  const iso = (epochMs: number) => new Date(epochMs).toISOString();
  const slugs = {
    resolved: `${day(outageFromMs)}-portal-outage`,
    active: `${day(nowMs)}-service-one-down`,
    maintenance: `${day(nowMs)}-scratch-upgrade`,
  };
  await writeIncident(dataDir, slugs.resolved, {
    title: 'Data portal unreachable for two hours after a storage controller failed over',
    impact: 'major',
    status: 'resolved',
    affected: ['portal'],
    start: iso(outageFromMs),
    end: iso(outageFromMs + 2 * HOUR_MS),
    updates: [
      { at: iso(outageFromMs + 10 * MINUTE_MS), status: 'investigating', text: 'The portal is down.' },
      { at: iso(outageFromMs + 2 * HOUR_MS), status: 'resolved', text: 'The controller was replaced.' },
    ],
  });
  await writeIncident(dataDir, slugs.active, {
    title: 'Service one down',
    impact: 'major',
    status: 'identified',
    affected: ['svc-1'],
    start: iso(nowMs - 30 * MINUTE_MS),
    updates: [{ at: iso(nowMs - 20 * MINUTE_MS), status: 'identified', text: 'A disk filled up.' }],
  });
  await writeIncident(dataDir, slugs.maintenance, {
    title: 'Scratch filesystem upgrade',
    kind: 'maintenance',
    impact: 'none',
    status: 'in-progress',
    affected: ['atlas-scratch'],
    start: iso(nowMs - HOUR_MS),
    end: iso(nowMs + 3 * HOUR_MS),
    updates: [{ at: iso(nowMs - HOUR_MS), status: 'in-progress', text: 'Started.' }],
  });
  return { configPath, dataDir, slugs, clusterId: 'atlas', source: 'web' };
}

function renderConfig(webIds: readonly string[]): string {
  const config = {
    site: {
      title: 'Example Research Computing status',
      intro: 'Services and clusters of the Example research computing centre.',
      url: 'https://status.example.org',
      interval: '5m',
      retentionDays: RETENTION_DAYS,
      links: [{ label: 'Help desk', url: 'https://help.example.org' }],
    },
    groups: [
      { id: 'services', name: 'Research services' },
      { id: 'atlas-cluster', name: 'Atlas' },
    ],
    sources: [
      { id: 'web', name: 'Web collector' },
      { id: 'admin', name: 'Admin node' },
    ],
    checks: [
      {
        id: 'portal',
        name: LONG_COMPONENT_NAME,
        type: 'http',
        group: 'services',
        source: 'web',
        url: 'https://portal.example.org/',
      },
      ...webIds.map((id, i) => ({
        id,
        name: `Service ${i + 1}`,
        type: 'http',
        group: 'services',
        source: 'web',
        url: `https://${id}.example.org/`,
      })),
      { id: 'atlas', name: 'Atlas scheduler', type: 'slurm', group: 'atlas-cluster', source: 'admin' },
      {
        id: 'atlas-login1',
        name: 'atlas login1',
        type: 'tcp',
        group: 'atlas-cluster',
        source: 'admin',
        host: '127.0.0.1',
        port: 22,
      },
      {
        id: 'atlas-scratch',
        name: '/scratch',
        type: 'filesystem',
        group: 'atlas-cluster',
        source: 'admin',
        path: '/scratch',
      },
    ],
  };
  return stringify(config);
}

async function writeIncident(dataDir: string, slug: string, frontmatter: object): Promise<void> {
  await writeFile(
    path.join(dataDir, 'incidents', `${slug}.md`),
    `---\n${stringify(frontmatter)}---\nWhat happened, for the people who use it.\n`,
  );
}
