import type { SlurmCheck } from '../../../core/model/index.ts';
import type { SlurmDetail, SlurmMetrics } from '../../../core/results/slurm.ts';
import type { CommandOutcome } from '../../transport/run-command.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { flattenClusterMetrics, judgeCluster } from '../cluster/cluster-metrics.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { aggregateSlurm } from './aggregate-slurm.ts';
import { parseReservations, SCONTROL_RESERVATION_ARGS } from './parse-reservations.ts';
import { parseSinfo, SINFO_ARGS } from './parse-sinfo.ts';
import { parseSqueue, SQUEUE_ARGS } from './parse-squeue.ts';

/** Format variables a user's environment may set; they would change the fixed output formats. */
const SLURM_FORMAT_ENV = ['SINFO_*', 'SQUEUE_*', 'SLURM_TIME_FORMAT', 'SCONTROL_*'];

// Asks sinfo, squeue and scontrol at once; sinfo decides up or down, the other two only add facts.
async function probeSlurm(check: SlurmCheck, context: ProbeContext): Promise<Observation> {
  const partitionArgs = check.partitions.length > 0 ? [`--partition=${check.partitions.join(',')}`] : [];
  const run = (argv: string[]) =>
    context.run({
      argv,
      env: check.slurmConf === undefined ? {} : { SLURM_CONF: check.slurmConf },
      // SLURM_CONF and the other variables SLURM documents; never its output format variables.
      passEnv: ['SLURM_*'],
      removeEnv: SLURM_FORMAT_ENV,
      signal: context.signal,
      maxOutputBytes: check.maxOutputBytes,
    });
  const [sinfo, squeue, scontrol] = await Promise.all([
    run([check.commands.sinfo, ...SINFO_ARGS, ...partitionArgs]),
    check.jobs ? run([check.commands.squeue, ...SQUEUE_ARGS, ...partitionArgs]) : undefined,
    check.reservations ? run([check.commands.scontrol, ...SCONTROL_RESERVATION_ARGS]) : undefined,
  ]);
  const sinfoFailure = describeFailure(sinfo, context);
  if (sinfoFailure !== undefined) {
    return { status: 'down', message: sinfoFailure, metrics: { durationMs: Math.round(sinfo.durationMs) } };
  }
  const notes: string[] = [];
  const jobs = readOptional(squeue, 'squeue', context, notes, parseSqueue);
  const reservations = readOptional(scontrol, 'scontrol', context, notes, parseReservations);
  const summary = aggregateSlurm({
    ...(check.cluster === undefined ? {} : { cluster: check.cluster }),
    nodes: parseSinfo(sinfo.stdout),
    jobs,
    reservations,
    maxProblemNodes: check.maxListedNodes,
    ...(check.nodeTypeFeatures === undefined ? {} : { nodeTypeFeatures: check.nodeTypeFeatures }),
  });
  if (sinfo.isTruncated) notes.push(`sinfo output was cut at ${check.maxOutputBytes} bytes`);
  const verdict = judgeCluster(summary);
  // A failed job or reservation query is worth a look, but the cluster itself answered.
  const status = verdict.status === 'up' && notes.length > 0 ? 'degraded' : verdict.status;
  const message = [verdict.message, ...notes].join('; ');
  return {
    status,
    message,
    metrics: {
      ...flattenClusterMetrics(summary),
      durationMs: Math.round(sinfo.durationMs),
    } satisfies SlurmMetrics,
    detail: (notes.length > 0 ? { ...summary, notes } : { ...summary }) satisfies SlurmDetail,
  };
}

function readOptional<T>(
  outcome: CommandOutcome | undefined,
  name: string,
  context: ProbeContext,
  notes: string[],
  parse: (text: string) => T[],
): T[] | null {
  if (outcome === undefined) return null;
  const failure = describeFailure(outcome, context);
  if (failure !== undefined) {
    notes.push(`${name} failed: ${failure}`);
    return null;
  }
  if (outcome.isTruncated) notes.push(`${name} output was cut; counts are too low`);
  return parse(outcome.stdout);
}

/** Slurm's own words when a command fails: "slurm_load_partitions: Unable to contact slurm controller (connect failure)". */
function describeFailure(outcome: CommandOutcome, context: ProbeContext): string | undefined {
  if (outcome.timedOut) return describeTimeout(context);
  if (outcome.failure !== undefined) return outcome.failure;
  if (outcome.exitCode === 0) return undefined;
  const said = lastLine(outcome.stderr) ?? lastLine(outcome.stdout);
  return said ?? `exit ${outcome.exitCode}`;
}

function lastLine(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.at(-1)?.trim();
}

export const slurmProbe: ProbeDefinition<'slurm'> = {
  preload: preloadCommandRunner,
  probe: probeSlurm,
  defaultThresholds: DEFAULT_THRESHOLDS.slurm,
};
