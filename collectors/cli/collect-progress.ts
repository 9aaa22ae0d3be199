import { countNoun } from '../../core/count-noun.ts';
import type { Check, CheckResult, CheckStatus } from '../../core/model/index.ts';
import { formatDurationMs } from '../../core/model/index.ts';

const MARK: Record<CheckStatus, string> = {
  up: '✓',
  degraded: '!',
  down: '✕',
  maintenance: '~',
  unknown: '?',
};

export interface ProgressReporter {
  onCheckStart: (check: Check) => void;
  onCheckDone: (check: Check, result: CheckResult) => void;
  finish: () => void;
}

/**
 * On a terminal: each finished check as a line, with a live bar under them. Elsewhere (cron, CI)
 * nothing here; the caller prints one summary line. Plain text only, no escape sequence (the bar is
 * redrawn with a carriage return and blanked with spaces): NO_COLOR or not, nothing to strip.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, total: number): ProgressReporter {
  if (!stream.isTTY) return { onCheckStart: () => {}, onCheckDone: () => {}, finish: () => {} };
  const running = new Set<string>();
  let done = 0;
  const lineWidth = () => (stream.columns ?? 80) - 1;
  const blank = () => `\r${' '.repeat(lineWidth())}\r`;
  const drawBar = () => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const names = [...running].slice(0, 3).join(', ') + (running.size > 3 ? ', …' : '');
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${names ? `  ${names}` : ''}`;
    stream.write(`${blank()}${line.slice(0, lineWidth())}`);
  };
  return {
    onCheckStart(check) {
      running.add(check.id);
      drawBar();
    },
    onCheckDone(check, result) {
      running.delete(check.id);
      done += 1;
      stream.write(
        `${blank()}${MARK[result.status]} ${check.id.padEnd(24)} ${result.status.padEnd(9)} ${formatDurationMs(result.ms).padStart(7)}  ${result.message}\n`,
      );
      drawBar();
    },
    finish() {
      stream.write(blank());
    },
  };
}

/** The one line a scheduled run prints: counts by status, time, and where it went. */
export function formatSummaryLine(
  source: string,
  results: readonly CheckResult[],
  durationMs: number,
  written: string,
): string {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  const extra = (['maintenance', 'unknown'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `, ${count(s)} ${s}`);
  return `vigil collect: ${source}: ${countNoun(results.length, 'check')}: ${count('up')} up, ${count('degraded')} degraded, ${count('down')} down${extra.join('')} in ${formatDurationMs(durationMs)} → ${written}`;
}
