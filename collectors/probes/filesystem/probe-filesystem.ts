import { readFile } from 'node:fs/promises';
import { type FilesystemCheck, formatDurationMs } from '../../../core/model/index.ts';
import type { FilesystemDetail, FilesystemMetrics, LustreDetail } from '../../../core/results/filesystem.ts';
import type { CommandOutcome } from '../../transport/run-command.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import { type MountEntry, parseProcMounts } from '../host/host-filesystems.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { parseLfsDf } from './lfs-df.ts';
import { findMountOf, parseStatFs, STAT_FS_FORMAT } from './statfs-output.ts';

type Ask = (argv: string[]) => Promise<CommandOutcome>;

/**
 * Is the path mounted, does it answer, how full is it. Everything that touches the filesystem runs
 * in a child process with a deadline (`stat`, `stat -f`, `lfs df`): a hung NFS or Lustre mount
 * blocks the child in the kernel, never the collector or Node's thread pool.
 */
async function probeFilesystem(check: FilesystemCheck, context: ProbeContext): Promise<Observation> {
  const detail: FilesystemDetail = {};
  const mounts = await readMountTable();
  if (mounts !== undefined) {
    const mount = findMountOf(check.path, mounts);
    if (check.mountPoint && mount?.mount !== trimSlash(check.path)) {
      const holder = mount === undefined ? '' : ` (it is a directory on ${mount.mount})`;
      return { status: 'down', message: `${check.path} is not mounted${holder}` };
    }
    if (mount !== undefined)
      Object.assign(detail, {
        mount: mount.mount,
        device: mount.source,
        fsType: mount.type,
      } satisfies FilesystemDetail);
  }
  const ask: Ask = (argv) => askWithDeadline(context, argv, check.statTimeout);
  const noAnswer = `no answer from ${check.path} in ${formatDurationMs(check.statTimeout)}`;

  const statted = await ask(['stat', '-c', '%i', check.path]);
  const statFailure = describeFailure(statted, noAnswer, context);
  if (statFailure !== undefined) return { status: 'down', message: statFailure, ...withDetail(detail) };
  const metrics: FilesystemMetrics = { statMs: Math.round(statted.durationMs) };

  const statfs = await ask(['stat', '-f', '-c', STAT_FS_FORMAT, check.path]);
  const statfsFailure = describeFailure(statfs, noAnswer, context);
  if (statfsFailure !== undefined)
    return { status: 'down', message: statfsFailure, metrics, ...withDetail(detail) };
  const usage = parseStatFs(statfs.stdout);
  if (usage === undefined) {
    return {
      status: 'down',
      message: `could not read stat -f output: ${statfs.stdout.trim().slice(0, 80)}`,
      metrics,
    };
  }
  Object.assign(metrics, {
    sizeBytes: usage.sizeBytes,
    usedBytes: usage.usedBytes,
    availableBytes: usage.availableBytes,
    usedPercent: usage.usedPercent,
  } satisfies FilesystemMetrics);
  if (usage.inodesUsedPercent !== undefined) metrics.inodesUsedPercent = usage.inodesUsedPercent;
  const summary = `${check.path}: ${usage.usedPercent}% used, ${formatBytes(usage.availableBytes)} free`;
  if (!check.lustre) return { status: 'up', message: summary, metrics, ...withDetail(detail) };

  const lustre = await askLustre(ask, check, context, noAnswer);
  Object.assign(metrics, lustre.metrics);
  detail.lustre = lustre.detail;
  const message = lustre.problem === undefined ? summary : `${summary}; ${lustre.problem}`;
  return { status: lustre.problem === undefined ? 'up' : 'degraded', message, metrics, detail };
}

interface LustreFindings {
  metrics: FilesystemMetrics;
  detail: LustreDetail;
  problem?: string;
}

/** `lfs df -l`: targets flagged D/R/S/I/N or inactive make the filesystem degraded, not down. */
async function askLustre(
  ask: Ask,
  check: FilesystemCheck,
  context: ProbeContext,
  noAnswer: string,
): Promise<LustreFindings> {
  const outcome = await ask(['lfs', 'df', '-l', check.path]);
  const failure = describeFailure(outcome, `lfs df: ${noAnswer}`, context);
  if (failure !== undefined) return { metrics: {}, detail: { error: failure }, problem: failure };
  const report = parseLfsDf(outcome.stdout);
  const osts = report.targets.filter((target) => target.kind === 'OST');
  const flagged = report.targets.filter((target) => target.problems.length > 0);
  const metrics: FilesystemMetrics = {
    ostCount: osts.length,
    mdtCount: report.targets.length - osts.length,
    targetsFlagged: flagged.length,
    targetsInactive: report.inactive.length,
  };
  if (osts.length > 0) metrics.ostUsedPercentMax = Math.max(...osts.map((target) => target.usedPercent));
  const detail: LustreDetail = {
    flagged: flagged.map((target) => ({ target: target.name, problems: target.problems })),
    inactive: report.inactive,
  };
  const problems = [
    ...flagged.map((target) => `${target.name} ${target.problems.join(', ')}`),
    ...report.inactive.map((name) => `${name} inactive`),
  ];
  if (report.targets.length === 0 && report.inactive.length === 0) {
    return { metrics, detail, problem: 'lfs df listed no Lustre targets (not a Lustre filesystem?)' };
  }
  return problems.length === 0 ? { metrics, detail } : { metrics, detail, problem: problems.join('; ') };
}

/**
 * Runs a program and settles by the deadline even when the program does not: a process stuck in the
 * kernel on a dead NFS server cannot be killed until the server answers, so it is abandoned instead.
 */
async function askWithDeadline(
  context: ProbeContext,
  argv: string[],
  deadlineMs: number,
): Promise<CommandOutcome> {
  const signal = AbortSignal.any([context.signal, AbortSignal.timeout(deadlineMs)]);
  const abandoned: CommandOutcome = {
    exitCode: null,
    stdout: '',
    stderr: '',
    durationMs: deadlineMs,
    isTruncated: false,
    timedOut: true,
    failure: 'timed out',
  };
  let onAbort = () => {};
  const aborted = new Promise<CommandOutcome>((resolve) => {
    onAbort = () => resolve(abandoned);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([context.run({ argv, signal }), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function describeFailure(
  outcome: CommandOutcome,
  noAnswer: string,
  context: ProbeContext,
): string | undefined {
  if (outcome.timedOut) {
    return context.signal.aborted ? describeTimeout(context) : noAnswer;
  }
  if (outcome.exitCode === null) return outcome.failure ?? 'the command did not exit';
  if (outcome.exitCode === 0) return undefined;
  const said = outcome.stderr.trim().split('\n')[0] ?? '';
  return said === '' ? `${outcome.failure ?? `exit ${outcome.exitCode}`}` : said;
}

// /proc/mounts never touches the filesystems themselves, so reading it cannot hang. No /proc: no mount check.
async function readMountTable(): Promise<MountEntry[] | undefined> {
  try {
    return parseProcMounts(await readFile('/proc/mounts', 'utf8'));
  } catch {
    return undefined;
  }
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Bytes as messages say them: "912 MiB", "1.8 TiB" (also vigil init's filesystem findings). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function withDetail(detail: FilesystemDetail): { detail?: FilesystemDetail } {
  return Object.keys(detail).length > 0 ? { detail } : {};
}

export const filesystemProbe: ProbeDefinition<'filesystem'> = {
  preload: preloadCommandRunner,
  probe: probeFilesystem,
  defaultThresholds: DEFAULT_THRESHOLDS.filesystem,
};
