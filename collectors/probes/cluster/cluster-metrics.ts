import type { ProbeStatus } from '../../../core/model/index.ts';
import {
  CLUSTER_PARTITION_RESOURCE_METRICS,
  type ClusterMetrics,
  type ClusterResourceMetrics,
} from '../../../core/results/cluster-metrics.ts';
import type { ClusterSummary, ResourceCounts } from '../../../core/results/cluster-summary.ts';

/** Per partition only what is worth a chart or a threshold; the rest is in the detail. */
const PARTITION_METRICS = CLUSTER_PARTITION_RESOURCE_METRICS;

/** Flat numbers for charts and thresholds: cluster totals, `partition:<name>:<metric>`, `nodetype:<name>:<metric>`. */
export function flattenClusterMetrics(summary: ClusterSummary): ClusterMetrics {
  const metrics: ClusterMetrics = resourceMetrics(summary.resources);
  if (summary.jobs !== null) {
    metrics.jobsRunning = summary.jobs.running;
    metrics.jobsPending = summary.jobs.pending;
    if (summary.jobs.activeUsers !== undefined) metrics.activeUsers = summary.jobs.activeUsers;
  }
  if (summary.reservations !== null) {
    metrics.reservationsActive = summary.reservations.filter((r) => r.isActive).length;
  }
  for (const partition of summary.partitions) {
    const prefix = `partition:${partition.name}:` as const;
    const own = partition.resources === undefined ? {} : resourceMetrics(partition.resources);
    for (const name of PARTITION_METRICS) {
      const value = own[name];
      if (value !== undefined && !(name.startsWith('gpus') && own.gpusTotal === 0))
        metrics[`${prefix}${name}`] = value;
    }
    if (summary.jobs !== null) {
      metrics[`${prefix}jobsRunning`] = partition.jobs.running;
      metrics[`${prefix}jobsPending`] = partition.jobs.pending;
      if (partition.activeUsers !== undefined) metrics[`${prefix}activeUsers`] = partition.activeUsers;
    }
  }
  for (const type of summary.nodeTypes) {
    // Named types only: without nodeTypeResource/nodeTypeFeatures the probe stores no name and no
    // counts, and the metrics stay what they were.
    if (type.name === undefined) continue;
    metrics[`nodetype:${type.name}:nodesDown`] = type.down ?? 0;
    metrics[`nodetype:${type.name}:nodesAvailable`] = type.available ?? 0;
    metrics[`nodetype:${type.name}:utilisationPercent`] = type.utilisationPercent ?? 0;
  }
  return metrics;
}

function resourceMetrics(r: ResourceCounts): ClusterResourceMetrics {
  const unusable = r.nodes.down + r.nodes.drained;
  return {
    nodesTotal: r.nodes.total,
    nodesUsable: r.nodes.usable,
    nodesDown: r.nodes.down,
    nodesDrained: r.nodes.drained,
    nodesMaintenance: r.nodes.maintenance,
    nodesDownPercent: percent(unusable, r.nodes.total),
    cpusTotal: r.cpus.total,
    cpusAllocated: r.cpus.allocated,
    cpusIdle: r.cpus.idle,
    cpuUtilizationPercent: percent(r.cpus.allocated, r.cpus.total),
    gpusTotal: r.gpus.total,
    gpusAllocated: r.gpus.allocated,
    ...(r.gpus.total > 0 ? { gpuUtilizationPercent: percent(r.gpus.allocated, r.gpus.total) } : {}),
    memoryTotalBytes: r.memory.totalBytes,
    memoryAllocatedBytes: r.memory.allocatedBytes,
    memoryUtilizationPercent: percent(r.memory.allocatedBytes, r.memory.totalBytes),
  };
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/**
 * What the probe itself can say: down when there are no nodes or none is usable; otherwise up
 * with a one-line summary. Thresholds (nodesDownPercent…) are judged later by evaluation.
 */
export function judgeCluster(summary: ClusterSummary): { status: ProbeStatus; message: string } {
  const nodes = summary.resources.nodes;
  if (nodes.total === 0) return { status: 'down', message: 'the scheduler reports no nodes' };
  const usable = `${nodes.usable} of ${nodes.total} nodes usable`;
  if (nodes.usable === 0) return { status: 'down', message: `no usable node: ${describeUnusable(summary)}` };
  const jobs =
    summary.jobs === null ? '' : `; ${summary.jobs.running} jobs running, ${summary.jobs.pending} pending`;
  return { status: 'up', message: `${usable}${jobs}` };
}

function describeUnusable(summary: ClusterSummary): string {
  const { down, drained, maintenance, total } = summary.resources.nodes;
  const parts = [
    down > 0 ? `${down} down` : '',
    drained > 0 ? `${drained} drained` : '',
    maintenance > 0 ? `${maintenance} in maintenance` : '',
  ].filter((p) => p !== '');
  return `${parts.join(', ')} of ${total}`;
}
