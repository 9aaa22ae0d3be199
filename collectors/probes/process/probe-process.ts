import type { ProcessCheck } from '../../../core/model/index.ts';
import { compileLinearRegex } from '../../../core/model/safe-regex.ts';
import type { ProcessDetail, ProcessMetrics } from '../../../core/results/process.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { matchesProcess, type ProcessInfo, type ProcessMatcher } from './proc-parse.ts';
import { readProcesses } from './read-processes.ts';

const MAX_PIDS_KEPT = 20;

/**
 * Reads /proc and counts the processes that match (never the collector itself): count, and their
 * resident and virtual memory and threads together.
 */
export async function probeProcess(
  check: ProcessCheck,
  context: ProbeContext,
  procDir = '/proc',
): Promise<Observation> {
  const matcher: ProcessMatcher = {
    processName: check.processName,
    commandLine: check.commandLine === undefined ? undefined : compileLinearRegex(check.commandLine),
  };
  let processes: Awaited<ReturnType<typeof readProcesses>>;
  try {
    processes = await readProcesses(procDir);
  } catch (error) {
    return {
      status: 'down',
      message: `cannot read ${procDir}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (context.signal.aborted) return { status: 'down', message: describeTimeout(context) };
  const matching = processes
    .filter((process) => process.pid !== globalThis.process.pid && matchesProcess(process, matcher))
    .sort((a, b) => a.pid - b.pid);
  const rssBytes = sumOf(matching, 'rssBytes');
  const metrics = {
    count: matching.length,
    rssBytes,
    vmsBytes: sumOf(matching, 'vmsBytes'),
    threads: sumOf(matching, 'threads'),
  } satisfies ProcessMetrics;
  const detail = {
    pids: matching.slice(0, MAX_PIDS_KEPT).map((process) => process.pid),
  } satisfies ProcessDetail;
  const what = describeMatcher(check);
  const count = matching.length;
  if (count === 0 && check.min > 0)
    return { status: 'down', message: `no process matching ${what}`, metrics, detail };
  const found = `${count} ${count === 1 ? 'process' : 'processes'} matching ${what}, ${formatMebibytes(rssBytes)} RSS`;
  if (count < check.min)
    return { status: 'down', message: `${found}; expected at least ${check.min}`, metrics, detail };
  if (check.max !== undefined && count > check.max) {
    return { status: 'degraded', message: `${found}; expected at most ${check.max}`, metrics, detail };
  }
  return { status: 'up', message: found, metrics, detail };
}

function sumOf(processes: readonly ProcessInfo[], field: 'rssBytes' | 'vmsBytes' | 'threads'): number {
  return processes.reduce((total, process) => total + process[field], 0);
}

function describeMatcher(check: ProcessCheck): string {
  const parts: string[] = [];
  if (check.processName !== undefined) parts.push(`name "${check.processName}"`);
  if (check.commandLine !== undefined) parts.push(`command line /${check.commandLine}/`);
  return parts.join(' and ');
}

function formatMebibytes(bytes: number): string {
  const mebibytes = bytes / 1_048_576;
  return `${mebibytes >= 100 ? Math.round(mebibytes) : Math.round(mebibytes * 10) / 10} MiB`;
}

export const processProbe: ProbeDefinition<'process'> = {
  probe: (check, context) => probeProcess(check, context),
};
