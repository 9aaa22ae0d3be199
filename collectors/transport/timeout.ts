import { formatDurationMs } from '../../core/model/duration-format.ts';

/**
 * The one wording of a probe that ran out of its own time: "timed out after 5 s", and the step it
 * was in when it did ("timed out after 5 s running metric queries"). The run's deadline has its own
 * words (collectors/run/probe-with-deadline.ts).
 */
export function describeTimeout(context: { timeoutMs: number }, during?: string): string {
  return `timed out after ${formatDurationMs(context.timeoutMs)}${during ? ` ${during}` : ''}`;
}
