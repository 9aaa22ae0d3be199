import type { z } from 'zod';
import { type ClusterMetrics, ClusterMetricsSchema } from './cluster-metrics.ts';
import { describeClusterDetail } from './cluster-summary.ts';

// pbs: pbsnodes, qstat -Q and pbs_rstat reduced to a cluster summary (core/results/cluster-summary.ts);
// queues play partitions.

const PbsDetailShape = describeClusterDetail('pbs');
/** The cluster summary plus notes; a run whose pbsnodes failed stores no detail. */
export const PbsDetailSchema = PbsDetailShape.loose();
export type PbsDetail = z.infer<typeof PbsDetailShape>;
/** What aggregatePbs makes of the commands' output, before the probe adds its notes. */
export type PbsSummary = Omit<PbsDetail, 'notes'>;

export const PbsMetricsSchema = ClusterMetricsSchema;
export type PbsMetrics = ClusterMetrics;
