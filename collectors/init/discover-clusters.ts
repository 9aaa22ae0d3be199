import { parseQstatQueues, QSTAT_QUEUES_ARGS } from '../probes/pbs/parse-qstat-queues.ts';
import { isPlainObject } from '../probes/pbs/pbs-values.ts';
import { parseTolerantJson } from '../probes/pbs/repair-json.ts';
import type { CommandOutcome } from '../transport/run-command.ts';
import { firstLineOf, isCommandMissing, toCheckId } from './discover-helpers.ts';
import type { DiscoverContext, Discoverer, Discovery, Finding } from './finding.ts';

export const SINFO_PARTITIONS_ARGV = ['sinfo', '--noheader', '--format=%P'] as const;
export const SCONTROL_CONFIG_ARGV = ['scontrol', 'show', 'config'] as const;
/** The query the pbs check itself makes: it answers with the server's name and its queues. */
export const QSTAT_QUEUES_ARGV = ['qstat', ...QSTAT_QUEUES_ARGS] as const;

/** Slurm retries a lost controller for about 10 s; a scheduler that slow is left out, not waited for. */
const SCHEDULER_TIMEOUT_MS = 8000;

export interface SlurmPartition {
  name: string;
  isDefault: boolean;
}

/** Parses `sinfo --noheader --format=%P`: one partition a line, the default one marked with "*". */
export function parseSinfoPartitions(text: string): SlurmPartition[] {
  const partitions = new Map<string, SlurmPartition>();
  for (const line of text.split('\n').map((raw) => raw.trim())) {
    if (line === '') continue;
    const name = line.replace(/\*$/, '');
    partitions.set(name, { name, isDefault: line.endsWith('*') || partitions.get(name)?.isDefault === true });
  }
  return [...partitions.values()];
}

/** Parses `scontrol show config`: "Key = value" lines (section titles and the header are not). */
export function parseScontrolConfig(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z][\w()[\].-]*)\s+=\s?(.*)$/.exec(line);
    if (match?.[1] !== undefined && !settings.has(match[1])) settings.set(match[1], (match[2] ?? '').trim());
  }
  return settings;
}

export interface PbsServerSummary {
  /** The server qstat answered for ("pbs_server"); absent in output that lacks it. */
  server?: string;
  version?: string;
  queues: { name: string; type: string; isEnabled: boolean }[];
}

/** Parses `qstat -Q -f -F json` (tolerantly, as PBS's JSON may be invalid) into its server and queues. */
export function parsePbsServer(text: string): PbsServerSummary | { error: string } {
  const queues = parseQstatQueues(text);
  if (!queues.ok) return { error: queues.error };
  const parsed = parseTolerantJson(text);
  const document = parsed.ok && isPlainObject(parsed.value) ? parsed.value : {};
  const summary: PbsServerSummary = {
    queues: queues.queues.map(({ name, type, isEnabled }) => ({ name, type, isEnabled })),
  };
  if (typeof document.pbs_server === 'string' && document.pbs_server !== '')
    summary.server = document.pbs_server;
  if (typeof document.pbs_version === 'string') summary.version = document.pbs_version;
  return summary;
}

/** The slurm check for what sinfo and scontrol said; SLURM_CONF, when init had one, is written in. */
export function makeSlurmFinding(
  partitions: readonly SlurmPartition[],
  config: ReadonlyMap<string, string>,
  slurmConf: string | undefined,
): Finding {
  const cluster = config.get('ClusterName');
  const listed = partitions.map((p) => (p.isDefault ? `${p.name} (default)` : p.name)).join(', ');
  const check: Record<string, unknown> = {
    id: toCheckId(cluster ?? '', 'slurm'),
    name: cluster === undefined ? 'SLURM cluster' : `${cluster} (SLURM)`,
    type: 'slurm',
  };
  if (cluster !== undefined) check.cluster = cluster;
  if (slurmConf !== undefined && slurmConf !== '') check.slurmConf = slurmConf;
  const version = config.get('SLURM_VERSION');
  return {
    key: `slurm:${cluster ?? 'default'}`,
    group: 'hpc',
    label: `SLURM cluster ${cluster ?? '(no ClusterName)'}: partitions ${listed || 'none visible'}`,
    check,
    comment: [
      `SLURM${version === undefined ? '' : ` ${version}`}, controller ${config.get('SlurmctldHost[0]') ?? config.get('ControlMachine') ?? 'as slurm.conf says'}.`,
      `Partitions seen during init: ${listed || 'none'}. The check watches every partition it can see;`,
      'add `partitions: [...]` to watch only some.',
    ],
  };
}

/** The pbs check for what qstat said about its server and queues. */
export function makePbsFinding(summary: PbsServerSummary, env: NodeJS.ProcessEnv): Finding {
  const server = summary.server;
  const queues = summary.queues.map((q) => `${q.name}${q.isEnabled ? '' : ' (disabled)'}`).join(', ');
  const check: Record<string, unknown> = {
    id: toCheckId(server ?? '', 'pbs'),
    name: server === undefined ? 'PBS cluster' : `${server} (PBS)`,
    type: 'pbs',
  };
  if (server !== undefined) check.cluster = server;
  // The check asks the server pbs.conf names unless told; init was told only through the environment.
  if (env.PBS_SERVER !== undefined && /^[\w.-]+$/.test(env.PBS_SERVER)) check.server = env.PBS_SERVER;
  if (env.PBS_CONF_FILE !== undefined && env.PBS_CONF_FILE !== '') check.pbsConf = env.PBS_CONF_FILE;
  return {
    key: `pbs:${server ?? 'default'}`,
    group: 'hpc',
    label: `PBS server ${server ?? '(unnamed)'}: queues ${queues || 'none'}`,
    check,
    comment: [
      `PBS${summary.version === undefined ? '' : ` ${summary.version}`}; queues seen during init: ${queues || 'none'}.`,
      'The check watches every queue; add `queues: [...]` to watch only some.',
    ],
  };
}

type Asked = { found: false } | { found: true; finding?: Finding; problem?: string };

async function askSlurm(context: DiscoverContext): Promise<Asked> {
  const [sinfo, scontrol] = await Promise.all([
    context.run(SINFO_PARTITIONS_ARGV, SCHEDULER_TIMEOUT_MS),
    context.run(SCONTROL_CONFIG_ARGV, SCHEDULER_TIMEOUT_MS),
  ]);
  if (isCommandMissing(sinfo.failure)) return { found: false };
  if (sinfo.exitCode !== 0) {
    // A Slurm client with no slurm.conf looks its controller up in DNS (configless Slurm) and finds none.
    const isUnconfigured = /resolve_ctls_from_dns_srv|Could not establish a configuration source/.test(
      sinfo.stderr,
    );
    const hint = isUnconfigured ? ' (no slurm.conf found: set SLURM_CONF, or run init on a login node)' : '';
    return { found: true, problem: `sinfo ${describeFailure(sinfo)}${hint}` };
  }
  const config = scontrol.exitCode === 0 ? parseScontrolConfig(scontrol.stdout) : new Map<string, string>();
  return {
    found: true,
    finding: makeSlurmFinding(parseSinfoPartitions(sinfo.stdout), config, context.env.SLURM_CONF),
  };
}

async function askPbs(context: DiscoverContext): Promise<Asked> {
  const qstat = await context.run(QSTAT_QUEUES_ARGV, SCHEDULER_TIMEOUT_MS);
  if (isCommandMissing(qstat.failure)) return { found: false };
  // Torque's and Grid Engine's qstat have no "-F json": they fail here, and are not PBS Pro / OpenPBS.
  if (qstat.exitCode !== 0) return { found: true, problem: `qstat -Q -f -F json ${describeFailure(qstat)}` };
  const summary = parsePbsServer(qstat.stdout);
  if ('error' in summary) return { found: true, problem: summary.error };
  return { found: true, finding: makePbsFinding(summary, context.env) };
}

function describeFailure(outcome: CommandOutcome): string {
  if (outcome.timedOut) return `did not answer within ${SCHEDULER_TIMEOUT_MS / 1000} s`;
  return `failed: ${firstLineOf(outcome.stderr, outcome.stdout) || outcome.failure || `exit ${outcome.exitCode}`}`;
}

/**
 * SLURM and PBS, asked at once. A machine with neither gets one line saying so (not one per
 * scheduler: most machines are not cluster nodes); one whose scheduler fails gets that failure.
 */
async function discoverClusters(context: DiscoverContext): Promise<Discovery> {
  const [slurm, pbs] = await Promise.all([askSlurm(context), askPbs(context)]);
  const discovery: Discovery = { findings: [], leftOut: [] };
  if (!slurm.found && !pbs.found) {
    discovery.leftOut.push({
      label: 'batch schedulers',
      reason: 'neither sinfo (SLURM) nor qstat (PBS) is on PATH',
    });
  }
  for (const [scheduler, asked] of [
    ['SLURM', slurm],
    ['PBS', pbs],
  ] as const) {
    if (!asked.found) continue;
    if (asked.finding !== undefined) discovery.findings.push(asked.finding);
    if (asked.problem !== undefined) discovery.leftOut.push({ label: scheduler, reason: asked.problem });
  }
  return discovery;
}

/** SLURM clusters (sinfo, scontrol) and PBS servers (qstat): one check each, group "hpc". */
export const clustersDiscoverer: Discoverer = { name: 'batch schedulers', discover: discoverClusters };
