import type { ProbeContext } from '../../collectors/probes/probe-types.ts';
import type { CommandRunner } from '../../collectors/transport/run-command.ts';

const DEFAULT_TIMEOUT_MS = 5000;

const refuseToRun: CommandRunner = async (request) => {
  throw new Error(
    `makeProbeContext: this test's probe ran ${JSON.stringify(request.argv)}; pass a fake "run" to allow it`,
  );
};

/**
 * A probe context for tests: the signal aborts after `timeoutMs` (like the collector's), the clock
 * is real, and running a command fails unless the test passes its own `run`.
 */
export function makeProbeContext(
  overrides: Partial<ProbeContext> & { timeoutMs?: number } = {},
): ProbeContext {
  const timeoutMs = overrides.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    signal: AbortSignal.timeout(timeoutMs),
    now: () => new Date(),
    run: refuseToRun,
    previousState: undefined,
    ...overrides,
    timeoutMs,
  };
}
