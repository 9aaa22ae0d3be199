import { countNoun } from '../../core/count-noun.ts';
import type { CheckResult, CheckStatus } from '../../core/model/index.ts';
import { formatDurationMs } from '../../core/model/index.ts';
import type { RefreshReport } from './keep-output.ts';
import type { FinishedCheck } from './watch-schedule.ts';

/**
 * The one line `vigil watch` prints per run, in one greppable shape:
 * `vigil watch: <source>: <t>: 3 checks: 2 up, 0 degraded, 1 down in 120 ms; rendered 7 files in 9 ms`.
 */
export function formatRunLine(input: {
  source: string;
  t: string;
  results: readonly CheckResult[];
  durationMs: number;
  refresh?: RefreshReport | undefined;
  finished: readonly FinishedCheck[];
}): string {
  const count = (status: CheckStatus) => input.results.filter((r) => r.status === status).length;
  const extra = (['maintenance', 'unknown'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `, ${count(s)} ${s}`)
    .join('');
  const n = input.results.length;
  const missed = input.finished.filter((check) => check.missed > 0);
  const missedText =
    missed.length === 0
      ? ''
      : `; missed ${missed.map((check) => `${check.missed} of ${check.id}`).join(', ')} (still running when due)`;
  const refreshText = input.refresh === undefined ? '' : `; ${describeRefresh(input.refresh)}`;
  return `vigil watch: ${input.source}: ${input.t}: ${countNoun(n, 'check')}: ${count('up')} up, ${count('degraded')} degraded, ${count('down')} down${extra} in ${formatDurationMs(input.durationMs)}${missedText}${refreshText}`;
}

export function describeRefresh(report: RefreshReport): string {
  switch (report.kind) {
    case 'rendered':
      return `rendered ${countNoun(report.written, 'file')} in ${report.ms} ms`;
    case 'build-started':
      return 'build started';
    case 'build-running':
      return 'build running';
    case 'build-waiting':
      return `build failed, next try in ${formatDurationMs(report.retryInMs)}`;
    case 'failed':
      return `render failed: ${report.reason}`;
  }
}
