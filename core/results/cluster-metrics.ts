import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

// The flat numbers both scheduler probes (slurm, pbs) store next to their cluster summary: what
// the charts and thresholds use. Cluster totals by name, then `partition:<name>:<metric>`.

/** Totals of one set of nodes (the cluster, a partition). */
export const ClusterResourceMetricsSchema = z.object({
  nodesTotal: z.number().exactOptional(),
  nodesUsable: z.number().exactOptional(),
  nodesDown: z.number().exactOptional(),
  nodesDrained: z.number().exactOptional(),
  nodesMaintenance: z.number().exactOptional(),
  /** Down and drained nodes as a share of all (the default threshold's metric). */
  nodesDownPercent: z.number().exactOptional(),
  cpusTotal: z.number().exactOptional(),
  cpusAllocated: z.number().exactOptional(),
  cpusIdle: z.number().exactOptional(),
  cpuUtilizationPercent: z.number().exactOptional(),
  gpusTotal: z.number().exactOptional(),
  gpusAllocated: z.number().exactOptional(),
  /** Absent on a cluster without GPUs. */
  gpuUtilizationPercent: z.number().exactOptional(),
  memoryTotalBytes: z.number().exactOptional(),
  memoryAllocatedBytes: z.number().exactOptional(),
  memoryUtilizationPercent: z.number().exactOptional(),
});
export type ClusterResourceMetrics = z.infer<typeof ClusterResourceMetricsSchema>;

/** Cluster-wide metrics by name. */
export const ClusterTotalMetricsSchema = ClusterResourceMetricsSchema.extend({
  /** Absent when the job query failed. */
  jobsRunning: z.number().exactOptional(),
  jobsPending: z.number().exactOptional(),
  /** SLURM, and PBS with `jobs: true` (qstat -f). */
  activeUsers: z.number().exactOptional(),
  /** Absent when the reservation query failed or was not asked. */
  reservationsActive: z.number().exactOptional(),
  /** How long the node query (sinfo, pbsnodes) took; the only metric of a run it failed. */
  durationMs: z.number().exactOptional(),
});

/** The totals kept per partition (queue) as `partition:<name>:<metric>`; gpus only where it has GPUs. */
export const CLUSTER_PARTITION_RESOURCE_METRICS = [
  'nodesTotal',
  'nodesUsable',
  'nodesDown',
  'nodesDrained',
  'nodesDownPercent',
  'cpusTotal',
  'cpusAllocated',
  'cpuUtilizationPercent',
  'gpusTotal',
  'gpusAllocated',
] as const satisfies readonly (keyof ClusterResourceMetrics)[];

const PartitionMetricKeySchema = z.templateLiteral([
  'partition:',
  z.string(),
  ':',
  z.enum([...CLUSTER_PARTITION_RESOURCE_METRICS, 'jobsRunning', 'jobsPending', 'activeUsers']),
]);

/** The figures kept per node type as `nodetype:<name>:<metric>`, when a node-type config names the types. */
export const CLUSTER_NODE_TYPE_METRICS = ['nodesDown', 'nodesAvailable', 'utilisationPercent'] as const;

const NodeTypeMetricKeySchema = z.templateLiteral([
  'nodetype:',
  z.string(),
  ':',
  z.enum(CLUSTER_NODE_TYPE_METRICS),
]);

export const ClusterMetricsSchema = z.intersection(
  ClusterTotalMetricsSchema,
  z.looseRecord(z.union([PartitionMetricKeySchema, NodeTypeMetricKeySchema]), z.number()),
);
export type ClusterMetrics = z.infer<typeof ClusterMetricsSchema>;

/** Cluster-wide metric names, for the site's charts and trend table. */
export const CLUSTER_METRICS = listFieldNames(ClusterTotalMetricsSchema);
