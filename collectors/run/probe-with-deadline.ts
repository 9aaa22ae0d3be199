import type { Check } from '../../core/model/index.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probes/probe-types.ts';
import type { CommandRunner } from '../transport/run-command.ts';
import { describeTimeout } from '../transport/timeout.ts';
import { startAttemptSignal } from './attempt-signal.ts';

export interface ProbeAttemptOptions {
  check: Check;
  definition: ProbeDefinition<Check['type']>;
  /** Aborted when the whole run's deadline passes. */
  deadlineSignal: AbortSignal;
  now: () => Date;
  run: CommandRunner;
  previousState: unknown;
  dataDir?: string;
  secrets?: readonly string[];
}

/** An attempt the run's deadline ended before the probe answered. */
export const CUT_BY_DEADLINE = Symbol('cut by the run deadline');

/**
 * One attempt of one probe that always settles by its timeout, even if the probe ignores its
 * signal, and turns a probe's own exception (a bug, not a down target) into a down observation. An
 * attempt the run's deadline ends first is CUT_BY_DEADLINE: no answer, which is not a failure.
 */
export async function probeWithDeadline(
  options: ProbeAttemptOptions,
): Promise<Observation | typeof CUT_BY_DEADLINE> {
  const { check, definition, deadlineSignal } = options;
  const attempt = startAttemptSignal(check.timeout, [deadlineSignal]);
  const { signal } = attempt;
  const context: ProbeContext = {
    signal,
    timeoutMs: check.timeout,
    now: options.now,
    run: options.run,
    previousState: options.previousState,
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.secrets !== undefined && { secrets: options.secrets }),
  };
  const describeAbort = (): Observation | typeof CUT_BY_DEADLINE =>
    deadlineSignal.aborted
      ? CUT_BY_DEADLINE
      : { status: 'down', message: describeTimeout({ timeoutMs: check.timeout }) };
  if (signal.aborted) {
    attempt.dispose();
    return describeAbort();
  }
  let onAbort: () => void = () => {};
  const aborted = new Promise<Observation | typeof CUT_BY_DEADLINE>((resolve) => {
    onAbort = () => resolve(describeAbort());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    // The probe gets the check narrowed to its own type by the registry; the cast only joins the union.
    const probing = (definition.probe as (c: Check, ctx: ProbeContext) => Promise<Observation>)(
      check,
      context,
    );
    const observation = await Promise.race([probing.catch(describeProbeError), aborted]);
    if (observation === CUT_BY_DEADLINE) return observation;
    return signal.aborted && observation.status !== 'down' ? describeAbort() : observation;
  } finally {
    signal.removeEventListener('abort', onAbort);
    attempt.dispose();
  }
}

function describeProbeError(error: unknown): Observation {
  const reason = error instanceof Error ? error.message : String(error);
  return { status: 'down', message: `probe failed: ${reason}` };
}
