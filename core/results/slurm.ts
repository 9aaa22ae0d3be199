import type { z } from 'zod';
import { type ClusterMetrics, ClusterMetricsSchema } from './cluster-metrics.ts';
import { describeClusterDetail } from './cluster-summary.ts';

// slurm: sinfo, squeue and scontrol reduced to a cluster summary (core/results/cluster-summary.ts).

const SlurmDetailShape = describeClusterDetail('slurm');
/** The cluster summary plus notes; a run whose sinfo failed stores no detail. */
export const SlurmDetailSchema = SlurmDetailShape.loose();
export type SlurmDetail = z.infer<typeof SlurmDetailShape>;
/** What aggregateSlurm makes of the commands' output, before the probe adds its notes. */
export type SlurmSummary = Omit<SlurmDetail, 'notes'>;

export const SlurmMetricsSchema = ClusterMetricsSchema;
export type SlurmMetrics = ClusterMetrics;
