import type { Check } from '../../core/model/index.ts';
import { CLUSTER_METRICS } from '../../core/results/cluster-metrics.ts';
import type {
  ClusterSummary,
  PartitionAllocation,
  PartitionSummary,
  ResourceCounts,
} from '../../core/results/cluster-summary.ts';
import { METRIC_TERMS } from '../../core/results/metric-terms.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { cachePerBuild } from './build-cache.ts';
import {
  buildChart,
  type ChartSeries,
  getMissingRunStepMs,
  indexRollupDays,
  readRollupMetric,
} from './chart-series.ts';
import {
  type ClusterTabModel,
  deriveClusterTabs,
  type FilesystemRow,
  type LoginNodeRow,
  type LoginNodesSummary,
  pickMembers,
  summarizeLoginNodes,
  toFilesystemRow,
  toLoginNodeRow,
} from './cluster-members.ts';
import { type ClusterRun, isClusterType, readClusterRun } from './cluster-readings.ts';
import { getConfig } from './config.ts';
import type { SeriesPoint } from './downsample.ts';
import type { Gauge } from './hosts.ts';
import { type ComponentModel, getSiteModel, type SiteModel } from './site-model.ts';

/** The one name of each cluster metric (slurm and pbs share them), for gauges and chart titles. */
const CLUSTER_TERMS = METRIC_TERMS.slurm;

// Kept importable from here, where it lived before cluster-readings.ts.
export { readSummary } from './cluster-readings.ts';

const DAY_MS = 86_400_000;
/** Days of the utilization and queue-depth table. */
export const TREND_DAYS = 7;

/** How a scheduler's state word reads on the stacked bar (its colour class and its order). */
export type StateKind = 'busy' | 'idle' | 'maintenance' | 'drained' | 'down' | 'other';
const KIND_ORDER: StateKind[] = ['busy', 'idle', 'maintenance', 'drained', 'down', 'other'];
const STATE_KINDS: Record<string, StateKind> = {
  alloc: 'busy',
  mix: 'busy',
  comp: 'busy',
  resv: 'busy',
  plnd: 'busy',
  'job-busy': 'busy',
  'job-exclusive': 'busy',
  'resv-exclusive': 'busy',
  busy: 'busy',
  idle: 'idle',
  free: 'idle',
  maint: 'maintenance',
  maintenance: 'maintenance',
  drain: 'drained',
  drng: 'drained',
  failg: 'drained',
  offline: 'drained',
  down: 'down',
  fail: 'down',
  inval: 'down',
  unk: 'down',
  'state-unknown': 'down',
  stale: 'down',
  unresolvable: 'down',
};

export interface StateSegment {
  state: string;
  kind: StateKind;
  count: number;
  /** Share of the bar, 0–100. */
  percent: number;
}

export interface PartitionRow {
  name: string;
  isDefault: boolean;
  availability: string;
  /** Absent for PBS queues that name no nodes. */
  resources: ResourceCounts | undefined;
  segments: StateSegment[];
  cpuPercent: number | undefined;
  jobsRunning: number;
  jobsPending: number;
  /** Distinct users with jobs here; undefined when the scheduler's jobs were not listed. */
  activeUsers: number | undefined;
  /** Cores, GPUs and nodes the running jobs here hold; undefined when the jobs were not listed. */
  allocated: PartitionAllocation | undefined;
}

export interface TrendDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  cpuPercentMean: number | undefined;
  gpuPercentMean: number | undefined;
  jobsPendingMax: number | undefined;
}

/** One slurm or pbs check as its cluster page shows it. */
export interface ClusterModel {
  id: string;
  name: string;
  component: ComponentModel;
  /** The newest result's aggregates; undefined before the first successful run, or when it is unreadable. */
  summary: ClusterSummary | undefined;
  /** Why the newest result with aggregates does not read as a cluster summary (another version wrote it). */
  unreadable: string | undefined;
  /** When that result was collected, epoch ms. */
  collectedAtMs: number | undefined;
  gauges: Gauge[];
  nodeSegments: StateSegment[];
  partitions: PartitionRow[];
  /** The checks `loginNodes` names, else the login and tcp checks of the cluster's group. */
  loginNodes: LoginNodeRow[];
  /** How many login nodes answer and the users on them; undefined without login nodes. */
  loginSummary: LoginNodesSummary | undefined;
  /** The checks `filesystems` names, else the filesystem checks of the cluster's group. */
  filesystems: FilesystemRow[];
  trend: TrendDay[];
  /** Utilization and queue depth: 24 h and 7 d of runs (7 d drawn first), 30 and 90 days by day; empty series left out. */
  charts: ChartSeries[];
}

/** Every slurm and pbs check, in config order, with what its pages need. */
export function deriveClusters(model: SiteModel, checks: readonly Check[] = []): ClusterModel[] {
  const checkOfId = new Map(checks.map((check) => [check.id, check]));
  return model.components.flatMap((component) => {
    const type = component.type;
    if (!isClusterType(type)) return [];
    const runs = (component.fullSamples ?? []).map((sample) => readClusterRun(type, sample));
    // The newest run that stored aggregates decides; a failed run since then leaves them standing.
    const newest = runs.findLast((run) => run.reading.kind !== 'none');
    const summary = newest?.reading.kind === 'summary' ? newest.reading.summary : undefined;
    const check = checkOfId.get(component.id);
    const loginNodes = pickMembers(component, check, 'loginNodes', model.components).map(toLoginNodeRow);
    return [
      {
        id: component.id,
        name: component.name,
        component,
        summary,
        unreadable: newest?.reading.kind === 'unreadable' ? newest.reading.problem : undefined,
        collectedAtMs: newest?.t,
        gauges: summary === undefined ? [] : buildGauges(summary.resources),
        nodeSegments: summary === undefined ? [] : toSegments(summary.resources.nodes.byState),
        partitions: summary?.partitions.map(toPartitionRow) ?? [],
        loginNodes,
        loginSummary: summarizeLoginNodes(loginNodes),
        filesystems: pickMembers(component, check, 'filesystems', model.components).map(toFilesystemRow),
        trend: buildTrend(runs, model.nowMs),
        charts: buildCharts(runs, component.rollups, model, component.intervalMs),
      },
    ];
  });
}

export function stateKind(state: string): StateKind {
  return STATE_KINDS[state] ?? 'other';
}

/** Node states as bar segments: busy, idle, maintenance, drained, down, then anything else. */
export function toSegments(byState: Record<string, number>): StateSegment[] {
  const total = Object.values(byState).reduce((sum, n) => sum + n, 0);
  return Object.entries(byState)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => ({
      state,
      kind: stateKind(state),
      count,
      percent: total === 0 ? 0 : (count / total) * 100,
    }))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || b.count - a.count);
}

function buildGauges(resources: ResourceCounts): Gauge[] {
  const gauges: Gauge[] = [];
  const add = (label: string, part: number, whole: number) => {
    if (whole > 0) gauges.push({ label, percent: Math.min(100, (part / whole) * 100), warnAbovePercent: 95 });
  };
  add(CLUSTER_TERMS.cpuUtilizationPercent.label, resources.cpus.allocated, resources.cpus.total);
  add(CLUSTER_TERMS.gpuUtilizationPercent.label, resources.gpus.allocated, resources.gpus.total);
  add(
    CLUSTER_TERMS.memoryUtilizationPercent.label,
    resources.memory.allocatedBytes,
    resources.memory.totalBytes,
  );
  return gauges;
}

function toPartitionRow(partition: PartitionSummary): PartitionRow {
  const cpus = partition.resources?.cpus;
  return {
    name: partition.name,
    isDefault: partition.isDefault,
    availability: partition.availability,
    resources: partition.resources,
    segments: partition.resources === undefined ? [] : toSegments(partition.resources.nodes.byState),
    cpuPercent: cpus === undefined || cpus.total === 0 ? undefined : (cpus.allocated / cpus.total) * 100,
    jobsRunning: partition.jobs.running,
    jobsPending: partition.jobs.pending,
    activeUsers: partition.activeUsers,
    allocated: partition.allocated,
  };
}

/** Daily CPU and GPU use (mean) and queue depth (max) over the last TREND_DAYS UTC days, oldest first. */
function buildTrend(runs: readonly ClusterRun[], nowMs: number): TrendDay[] {
  const today = Math.floor(nowMs / DAY_MS);
  const days = new Map<number, { cpu: number[]; gpu: number[]; pending: number[] }>();
  for (let d = today - TREND_DAYS + 1; d <= today; d++) days.set(d, { cpu: [], gpu: [], pending: [] });
  for (const run of runs) {
    const bucket = days.get(Math.floor(run.t / DAY_MS));
    if (bucket === undefined) continue;
    const m = run.metrics;
    if (m.cpuUtilizationPercent !== undefined) bucket.cpu.push(m.cpuUtilizationPercent);
    if (m.gpuUtilizationPercent !== undefined) bucket.gpu.push(m.gpuUtilizationPercent);
    if (m.jobsPending !== undefined) bucket.pending.push(m.jobsPending);
  }
  return [...days].map(([day, bucket]) => ({
    day: new Date(day * DAY_MS).toISOString().slice(0, 10),
    cpuPercentMean: mean(bucket.cpu),
    gpuPercentMean: mean(bucket.gpu),
    jobsPendingMax: bucket.pending.length === 0 ? undefined : Math.max(...bucket.pending),
  }));
}

/**
 * What the 7-day charts draw: a metric of the run, or (nodes in use) a count from its detail; each
 * titled in the site's language (the metric's name in English, core/results/metric-terms.ts).
 */
const CHARTS: {
  key: string;
  label: MessageKey;
  unit: ChartSeries['unit'];
  read: (run: ClusterRun) => number | undefined;
}[] = [
  {
    key: CLUSTER_METRICS.cpuUtilizationPercent,
    label: 'cluster.chartCpu',
    unit: 'percent',
    read: (run) => run.metrics.cpuUtilizationPercent,
  },
  {
    key: CLUSTER_METRICS.gpuUtilizationPercent,
    label: 'cluster.chartGpu',
    unit: 'percent',
    read: (run) => run.metrics.gpuUtilizationPercent,
  },
  {
    key: 'nodesInUsePercent',
    label: 'cluster.chartNodesInUse',
    unit: 'percent',
    read: (run) => (run.reading.kind === 'summary' ? readNodesInUsePercent(run.reading.summary) : undefined),
  },
  {
    key: CLUSTER_METRICS.memoryUtilizationPercent,
    label: 'cluster.chartMemory',
    unit: 'percent',
    read: (run) => run.metrics.memoryUtilizationPercent,
  },
  {
    key: CLUSTER_METRICS.jobsRunning,
    label: 'cluster.chartJobsRunning',
    unit: 'count',
    read: (run) => run.metrics.jobsRunning,
  },
  {
    key: CLUSTER_METRICS.jobsPending,
    label: 'cluster.chartJobsPending',
    unit: 'count',
    read: (run) => run.metrics.jobsPending,
  },
];

/** Utilization and queue depth of every run (24 h, 7 d) and by day from the rollups (30 d, 90 d), for chart.js. */
function buildCharts(
  runs: readonly ClusterRun[],
  rollups: ComponentModel['rollups'],
  model: Pick<SiteModel, 'nowMs'>,
  intervalMs: number,
): ChartSeries[] {
  // Gaps are judged by the cluster check's own interval.
  const clock = { nowMs: model.nowMs, maxStepMs: getMissingRunStepMs(intervalMs) };
  return CHARTS.flatMap(({ read, label, ...metric }) => {
    const chart = { ...metric, label: t(label) };
    const points: SeriesPoint[] = [];
    for (const run of runs) {
      const v = read(run);
      if (v !== undefined) points.push({ t: run.t, v });
    }
    const rollupDays = indexRollupDays(rollups, readRollupMetric(chart.key));
    return buildChart(chart, { runs: points, rollupDays, ...clock });
  });
}

/** Busy nodes (allocated, mixed, completing…) as a share of all nodes, from a run's node states. */
function readNodesInUsePercent(summary: ClusterSummary): number | undefined {
  const nodes = summary.resources.nodes;
  if (!(nodes.total > 0)) return undefined;
  const busy = Object.entries(nodes.byState)
    .filter(([state]) => stateKind(state) === 'busy')
    .reduce((sum, [, count]) => sum + count, 0);
  return (busy / nodes.total) * 100;
}

function mean(values: number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The clusters of this build, derived once. */
export const getClusters = cachePerBuild(async (): Promise<ClusterModel[]> => {
  const [model, config] = await Promise.all([getSiteModel(), getConfig()]);
  return deriveClusters(model, config.checks);
});

/** The other systems shown as tabs on /clusters/ (`clusterTab: true`), derived once. */
export const getClusterTabs = cachePerBuild(async (): Promise<ClusterTabModel[]> => {
  const [model, config] = await Promise.all([getSiteModel(), getConfig()]);
  return deriveClusterTabs(model.components, config.checks);
});

/** Whether the site has any cluster to link to (the header shows "Clusters" only then). */
export const hasClusters = cachePerBuild(
  async (): Promise<boolean> =>
    (await getConfig()).checks.some((check) => check.type === 'slurm' || check.type === 'pbs'),
);
