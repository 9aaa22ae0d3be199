import type { CheckType } from '../../core/model/index.ts';
import type { ClusterMetrics } from '../../core/results/cluster-metrics.ts';
import { type ClusterSummary, ClusterSummarySchema } from '../../core/results/cluster-summary.ts';
import { describeResultProblem, parseResultDetail, parseResultMetrics } from '../../core/results/index.ts';
import type { CheckSample } from './history.ts';

// How the cluster pages read a stored slurm or pbs result: through the check type's result
// schemas (core/results/slurm.ts, pbs.ts), never by casting.

export type ClusterType = Extract<CheckType, 'slurm' | 'pbs'>;

/** One run of a cluster check as its pages read it. */
export interface ClusterRun {
  t: number;
  metrics: ClusterMetrics;
  reading: ClusterReading;
}

/** A stored detail: the aggregates, none (the run failed before it had any), or unreadable. */
export type ClusterReading =
  | { kind: 'summary'; summary: ClusterSummary }
  | { kind: 'none' }
  | { kind: 'unreadable'; problem: string };

export function isClusterType(type: CheckType): type is ClusterType {
  return type === 'slurm' || type === 'pbs';
}

/** One run's metrics and detail as the cluster pages read them. */
export function readClusterRun(type: ClusterType, sample: CheckSample): ClusterRun {
  const metrics = parseResultMetrics(type, sample.result.metrics);
  return {
    t: sample.t,
    metrics: metrics.success ? metrics.data : {},
    reading: readClusterDetail(type, sample.result.detail),
  };
}

/** A stored detail read with its check type's schema (core/results/slurm.ts, pbs.ts). */
export function readClusterDetail(type: ClusterType, detail: Record<string, unknown>): ClusterReading {
  const parsed = parseResultDetail(type, detail);
  if (!parsed.success) return { kind: 'unreadable', problem: describeResultProblem(parsed.error) };
  return parsed.data === undefined ? { kind: 'none' } : { kind: 'summary', summary: parsed.data };
}

/** A stored detail as a cluster summary of either scheduler, or undefined when it is none (or unreadable). */
export function readSummary(detail: Record<string, unknown>): ClusterSummary | undefined {
  const parsed = ClusterSummarySchema.safeParse(detail);
  return parsed.success ? parsed.data : undefined;
}
