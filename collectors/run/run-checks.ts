import type { Check, CheckResult, CheckState, Config, StateFile } from '../../core/model/index.ts';
import { formatDurationMs, SNAPSHOT_VERSION, worseStatus } from '../../core/model/index.ts';
import { HEAL_DETAIL_KEY } from '../../core/results/heal-record.ts';
import { applyFailureCount } from '../evaluate/apply-failure-count.ts';
import { applyThresholds, mergeThresholds } from '../evaluate/apply-thresholds.ts';
import type { Observation, ProbeDefinition } from '../probes/probe-types.ts';
import type { CommandRunner } from '../transport/run-command.ts';
import { applyHeal } from './apply-heal.ts';
import { getConcurrencyPool } from './probe-concurrency.ts';
import { CUT_BY_DEADLINE, probeWithDeadline } from './probe-with-deadline.ts';
import { runPools } from './run-pool.ts';

export type ProbeRegistry = { [T in Check['type']]: ProbeDefinition<T> };

export interface RunChecksOptions {
  checks: readonly Check[];
  state: StateFile;
  probes: ProbeRegistry;
  /** One number caps every probe together; by kind, network and command probes each have their own limit. */
  concurrency: Config['collect']['concurrency'];
  deadlineMs: number;
  failuresBeforeDown: number;
  /**
   * Checks of a lower phase run first, the next phase once they are done (all within the one
   * deadline): collectOnce puts HTTP and TCP checks first, so their latency is measured while the
   * heavier probes (host, databases) are not yet loading the machine.
   */
  phaseOf?: (check: Check) => number;
  /** When the run started (a performance.now() reading): the deadline counts from it. */
  startedAtMs?: number;
  /**
   * The run's start by the clock (its line's `t`): recorded as `lastRunAt` of every check this run
   * probes, so `collect` knows which checks are due. Default: `now()` as the run begins.
   */
  runStartedAt?: Date;
  /** A result measured while the probing loop was held up longer than this is flagged; its timings trip no threshold. */
  loopDelayLimitMs?: number;
  now: () => Date;
  run: CommandRunner;
  /** Handed to every probe (ProbeContext.dataDir): heartbeat checks read their reports there. */
  dataDir?: string;
  /** Handed to every probe (ProbeContext.secrets): the values the run masks. */
  secrets?: readonly string[];
  onCheckStart?: (check: Check) => void;
  onCheckDone?: (check: Check, result: CheckResult) => void;
}

export interface RunChecksOutcome {
  results: CheckResult[];
  state: StateFile;
}

/** Probes every check with bounded concurrency, retries, thresholds and failure counting. */
export async function runChecks(options: RunChecksOptions): Promise<RunChecksOutcome> {
  const deadline = new AbortController();
  // The deadline counts from the run's start (runner processes starting included), when given.
  const spentMs = options.startedAtMs === undefined ? 0 : performance.now() - options.startedAtMs;
  const deadlineTimer = setTimeout(() => deadline.abort(), Math.max(0, options.deadlineMs - spentMs));
  const nextStates: Record<string, CheckState> = { ...options.state.checks };
  const lastRunAt = (options.runStartedAt ?? options.now()).toISOString();
  try {
    const probeOne = async (check: Check): Promise<CheckResult> => {
      if (deadline.signal.aborted) {
        const result = describeNotRun(check, options.deadlineMs);
        options.onCheckDone?.(check, result);
        return result;
      }
      options.onCheckStart?.(check);
      const previous = options.state.checks[check.id];
      const { result, state, probed } = await runOneCheck(check, previous, deadline.signal, options);
      // Probed, whatever it answered; a check the deadline cut before it started keeps its last run.
      nextStates[check.id] = probed ? { ...state, lastRunAt } : state;
      options.onCheckDone?.(check, result);
      return result;
    };
    // Phase by phase (see RunChecksOptions.phaseOf), each with the run's concurrency (per kind of
    // probe unless one number caps them all); results keep the checks' order.
    const byId = new Map<string, CheckResult>();
    const phases = [...new Set(options.checks.map((check) => options.phaseOf?.(check) ?? 0))].sort(
      (a, b) => a - b,
    );
    for (const phase of phases) {
      const inPhase = options.checks.filter((check) => (options.phaseOf?.(check) ?? 0) === phase);
      const done = await runPools(
        inPhase,
        (check) => getConcurrencyPool(check.type, options.concurrency),
        probeOne,
      );
      for (const [index, check] of inPhase.entries()) byId.set(check.id, done[index] as CheckResult);
    }
    const results = options.checks.map((check) => byId.get(check.id) as CheckResult);
    // Fields other stages keep in the state (announced incidents) pass through untouched.
    const state = {
      ...options.state,
      v: SNAPSHOT_VERSION,
      updatedAt: options.now().toISOString(),
      checks: nextStates,
    };
    return { results, state };
  } finally {
    clearTimeout(deadlineTimer);
  }
}

async function runOneCheck(
  check: Check,
  previous: CheckState | undefined,
  deadlineSignal: AbortSignal,
  options: RunChecksOptions,
): Promise<{ result: CheckResult; state: CheckState; probed: boolean }> {
  const definition = options.probes[check.type] as ProbeDefinition<Check['type']>;
  const startedAt = performance.now();
  let observation: Observation | undefined;
  let firstFailure: string | undefined;
  let attempts = 0;
  let probed = false;
  while (attempts <= check.retries && !deadlineSignal.aborted) {
    probed = true;
    const attempt = await probeWithDeadline({
      check,
      definition,
      deadlineSignal,
      now: options.now,
      run: options.run,
      previousState: previous?.probe,
      ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
      ...(options.secrets !== undefined && { secrets: options.secrets }),
    });
    if (attempt === CUT_BY_DEADLINE) break;
    attempts += 1;
    observation = attempt;
    if (observation.status !== 'down') break;
    firstFailure ??= observation.message;
  }
  const ms = Math.round(performance.now() - startedAt);
  // No answer before the run deadline is no data about the target: unknown, and the failure count stays.
  if (observation === undefined)
    return { ...describeNoAnswer(check, previous, ms, options.deadlineMs), probed };
  const seen = observation;
  const metrics = seen.metrics ?? {};
  const isDelayed =
    seen.loopDelayMs !== undefined && seen.loopDelayMs > (options.loopDelayLimitMs ?? Infinity);
  const verdict = applyThresholds(metrics, mergeThresholds(definition.defaultThresholds, check.thresholds), {
    type: check.type,
    skipTimings: isDelayed,
  });
  const observed = worseStatus(seen.status, verdict.status);
  const observedMessage = [seen.message, ...verdict.reasons].join('; ');
  const counted = applyFailureCount({
    observed,
    message:
      attempts > 1 && seen.status === 'down' ? `${observedMessage} (${attempts} attempts)` : observedMessage,
    previous,
    failuresBeforeDown: check.failuresBeforeDown ?? options.failuresBeforeDown,
    now: options.now(),
  });
  const state: CheckState = { ...counted.state };
  if (seen.state !== undefined) state.probe = seen.state;
  const healed = await applyHeal({
    check,
    consecutiveFailures: state.consecutiveFailures,
    previous,
    now: options.now(),
    run: options.run,
    deadlineSignal,
  });
  if (healed.lastHealAt !== undefined) state.lastHealAt = healed.lastHealAt;
  const result: CheckResult = {
    id: check.id,
    status: counted.status,
    ms,
    message: counted.message,
    metrics,
    detail:
      healed.record === undefined
        ? (seen.detail ?? {})
        : { ...seen.detail, [HEAL_DETAIL_KEY]: healed.record },
  };
  if (counted.status !== observed) result.raw = observed;
  // Retries are data: a run a retry rescued (or that failed every attempt) says so, with the first failure.
  if (attempts > 1) {
    result.attempts = attempts;
    if (firstFailure !== undefined) result.firstFailure = firstFailure;
  }
  if (isDelayed) result.loopDelayMs = seen.loopDelayMs as number;
  return { result, state, probed };
}

function describeNoAnswer(
  check: Check,
  previous: CheckState | undefined,
  ms: number,
  deadlineMs: number,
): { result: CheckResult; state: CheckState } {
  return {
    result: {
      id: check.id,
      status: 'unknown',
      ms,
      message: `no answer before the run deadline (${formatDurationMs(deadlineMs)})`,
      metrics: {},
      detail: {},
    },
    state: previous ?? { consecutiveFailures: 0 },
  };
}

function describeNotRun(check: Check, deadlineMs: number): CheckResult {
  return {
    id: check.id,
    status: 'unknown',
    ms: 0,
    message: `not run: the run deadline (${formatDurationMs(deadlineMs)}) passed first`,
    metrics: {},
    detail: {},
  };
}
