import type { CheckState, CheckStatus, ProbeStatus } from '../../core/model/index.ts';

export interface FailureCountInput {
  /** What the probe and thresholds concluded this run. */
  observed: ProbeStatus;
  message: string;
  previous: CheckState | undefined;
  failuresBeforeDown: number;
  now: Date;
}

export interface FailureCountVerdict {
  status: CheckStatus;
  message: string;
  state: CheckState;
}

/**
 * A check shows down only after `failuresBeforeDown` consecutive failed runs, so one lost packet is
 * not an outage. Until then it shows degraded, with the count in the message.
 */
export function applyFailureCount(input: FailureCountInput): FailureCountVerdict {
  const { observed, previous, failuresBeforeDown } = input;
  const consecutiveFailures = observed === 'down' ? (previous?.consecutiveFailures ?? 0) + 1 : 0;
  let status: CheckStatus = observed;
  let message = input.message;
  if (observed === 'down' && consecutiveFailures < failuresBeforeDown) {
    status = 'degraded';
    message = `failing (${consecutiveFailures} of ${failuresBeforeDown} before down): ${input.message}`;
  }
  const since = previous?.lastStatus === status && previous.since ? previous.since : input.now.toISOString();
  const state: CheckState = { consecutiveFailures, lastStatus: status, since };
  if (previous?.probe !== undefined) state.probe = previous.probe;
  return { status, message, state };
}
