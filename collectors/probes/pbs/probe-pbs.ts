import type { PbsCheck } from '../../../core/model/index.ts';
import type { PbsDetail, PbsMetrics } from '../../../core/results/pbs.ts';
import type { CommandOutcome } from '../../transport/run-command.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { flattenClusterMetrics, judgeCluster } from '../cluster/cluster-metrics.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { aggregatePbs } from './aggregate-pbs.ts';
import { PBS_RSTAT_ARGS, parsePbsRstat } from './parse-pbs-rstat.ts';
import { PBSNODES_ARGS, parsePbsnodes } from './parse-pbsnodes.ts';
import { type PbsJob, parseQstatJobs, QSTAT_JOBS_ARGS } from './parse-qstat-jobs.ts';
import { parseQstatQueues, QSTAT_QUEUES_ARGS } from './parse-qstat-queues.ts';

// Asks pbsnodes, qstat -Q, pbs_rstat (and with jobs: true qstat -f) at once; pbsnodes decides up or
// down, the others add facts.
async function probePbs(check: PbsCheck, context: ProbeContext): Promise<Observation> {
  const run = (argv: string[], maxOutputBytes = check.maxOutputBytes) =>
    context.run({
      // PBS_SERVER, PBS_CONF_FILE and the other variables PBS documents.
      passEnv: ['PBS_*'],
      argv,
      env: check.pbsConf === undefined ? {} : { PBS_CONF_FILE: check.pbsConf },
      signal: context.signal,
      maxOutputBytes,
    });
  const server = check.server;
  const atServer = server === undefined ? [] : [`@${server}`];
  const [pbsnodes, qstat, rstat, qstatJobs] = await Promise.all([
    run([check.commands.pbsnodes, ...(server === undefined ? [] : ['-s', server]), ...PBSNODES_ARGS]),
    run([check.commands.qstat, ...QSTAT_QUEUES_ARGS, ...atServer]),
    check.reservations ? run([check.commands.pbs_rstat, ...PBS_RSTAT_ARGS]) : undefined,
    check.jobs
      ? run([check.commands.qstat, ...QSTAT_JOBS_ARGS, ...atServer], check.maxJobOutputBytes)
      : undefined,
  ]);
  const durationMs = Math.round(pbsnodes.durationMs);
  const nodesFailure = describeFailure(pbsnodes, context, check.maxOutputBytes);
  if (nodesFailure !== undefined) return { status: 'down', message: nodesFailure, metrics: { durationMs } };
  const nodes = parsePbsnodes(
    pbsnodes.stdout,
    check.nodeTypeResource === undefined ? {} : { nodeTypeResource: check.nodeTypeResource },
  );
  if (!nodes.ok) return { status: 'down', message: nodes.error, metrics: { durationMs } };

  const notes: string[] = [];
  if (nodes.wasRepaired) notes.push('pbsnodes printed invalid JSON; it was repaired');
  let queues: Parameters<typeof aggregatePbs>[0]['queues'] = null;
  const qstatFailure = describeFailure(qstat, context, check.maxOutputBytes);
  if (qstatFailure === undefined) {
    const parsed = parseQstatQueues(qstat.stdout);
    if (parsed.ok) queues = parsed.queues;
    else notes.push(parsed.error);
  } else notes.push(`qstat failed: ${qstatFailure}`);
  let reservations: Parameters<typeof aggregatePbs>[0]['reservations'] = null;
  if (rstat !== undefined) {
    const rstatFailure = describeFailure(rstat, context, check.maxOutputBytes);
    if (rstatFailure === undefined) reservations = parsePbsRstat(rstat.stdout);
    else notes.push(`pbs_rstat failed: ${rstatFailure}`);
  }
  const jobs =
    qstatJobs === undefined ? undefined : await readJobs(qstatJobs, context, check.maxJobOutputBytes, notes);

  const summary = aggregatePbs({
    ...(check.cluster === undefined ? {} : { cluster: check.cluster }),
    nodes: nodes.nodes,
    queues,
    reservations,
    maxProblemNodes: check.maxListedNodes,
    onlyQueues: check.queues,
    ...(jobs === undefined ? {} : { jobs: jobs === null ? null : jobs.list }),
    ...(check.nodeTypeResource === undefined ? {} : { nodeTypeResource: check.nodeTypeResource }),
  });
  const verdict = judgeCluster(summary);
  const hasFailedQuery =
    queues === null ||
    (rstat !== undefined && reservations === null) ||
    jobs === null ||
    jobs?.isCut === true;
  return {
    status: verdict.status === 'up' && hasFailedQuery ? 'degraded' : verdict.status,
    message: [verdict.message, ...notes].join('; '),
    metrics: { ...flattenClusterMetrics(summary), durationMs } satisfies PbsMetrics,
    detail: (notes.length > 0 ? { ...summary, notes } : { ...summary }) satisfies PbsDetail,
  };
}

/** `qstat -f` jobs, or null (with a note) when it failed; a cut output keeps the jobs before the cut. */
async function readJobs(
  outcome: CommandOutcome,
  context: ProbeContext,
  maxBytes: number,
  notes: string[],
): Promise<{ list: PbsJob[]; isCut: boolean } | null> {
  const failure =
    outcome.isTruncated && outcome.exitCode === 0 ? undefined : describeFailure(outcome, context, maxBytes);
  if (failure !== undefined) {
    notes.push(`qstat -f failed: ${failure}`);
    return null;
  }
  const parsed = await parseQstatJobs(outcome.stdout);
  if (!parsed.ok) {
    notes.push(parsed.error);
    return null;
  }
  if (parsed.wasRepaired) notes.push('qstat -f printed invalid JSON; it was repaired');
  if (!parsed.isCut && !outcome.isTruncated) return { list: parsed.jobs, isCut: false };
  // Cut by the cap, or qstat itself stopped mid-document (killed, or a server that went away).
  const why = outcome.isTruncated
    ? `qstat -f output was cut at maxJobOutputBytes (${maxBytes})`
    : 'qstat -f output ended mid-document';
  notes.push(`${why}; users and allocations count the first ${parsed.jobs.length} jobs only`);
  return { list: parsed.jobs, isCut: true };
}

/** PBS's own words when a command fails ("pbsnodes: cannot connect to server desched1 (errno=15010)"). */
function describeFailure(
  outcome: CommandOutcome,
  context: ProbeContext,
  maxBytes: number,
): string | undefined {
  if (outcome.timedOut) return describeTimeout(context);
  if (outcome.failure !== undefined) return outcome.failure;
  if (outcome.exitCode !== 0) {
    // The last line is the specific one ("Connection refused" comes first, then who failed).
    const said = [outcome.stderr, outcome.stdout]
      .flatMap((t) => t.split('\n'))
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .at(-1);
    return said ?? `exit ${outcome.exitCode}`;
  }
  // Cut JSON cannot be parsed; say what to change rather than "Unexpected end of JSON input".
  if (outcome.isTruncated) return `output longer than maxOutputBytes (${maxBytes}); raise it`;
  return undefined;
}

export const pbsProbe: ProbeDefinition<'pbs'> = {
  preload: preloadCommandRunner,
  probe: probePbs,
  defaultThresholds: DEFAULT_THRESHOLDS.pbs,
};
