import type { Check } from '../../core/model/index.ts';
import type { Observation, ProbeContext } from '../probes/probe-types.ts';
import type { StartRunners } from '../run/collect-once.ts';
import { type ProbeRunners, startProbeRunners } from '../run/probe-runners.ts';
import type { ProbeRegistry } from '../run/run-checks.ts';

/** How long a kept runner has to answer the ping after a batch that cut or timed out a probe. */
export const PING_ANSWER_MS = 500;

interface Generation {
  starting: Promise<ProbeRunners>;
  /** Once started: read synchronously when a batch asks for runners. */
  runners: ProbeRunners | undefined;
  leases: number;
  isRetired: boolean;
}

export interface RunnerPool {
  /** What each batch of the watch gets its runners from (CollectSessionOptions.startRunners). */
  start: StartRunners;
  /** Ends the runners once the batches using them are done. */
  close(): void;
}

/**
 * The watch's probe runner processes, kept between batches instead of one Node start per batch
 * (a 1 s check would fork one a second). Every batch shares the current set. A set that is broken
 * (a runner ended, or the set never started) or blocked is retired: blocked means a runner left a
 * probe that was given up on (its timeout, the deadline) unanswered (ProbeRunners.isUnresponsive),
 * or did not answer a ping after such a batch (a loop held by a synchronous query, which would make
 * every later probe in it time out). A fresh set starts at once, for the next batch; the old one is
 * killed once its last batch is done.
 */
export function createRunnerPool(checks: readonly Check[]): RunnerPool {
  let current: Generation | undefined;
  let isClosed = false;
  /** The last batch's runner options: a replacement set starts with them. */
  let lastOptions: Parameters<StartRunners>[1] | undefined;
  const endIfIdle = (generation: Generation) => {
    if (generation.isRetired && generation.leases === 0) generation.runners?.close();
  };
  const startGeneration = (options: Parameters<StartRunners>[1]): Generation => {
    // Every check of the watch is preloaded, so one set serves whatever batch comes.
    const generation: Generation = {
      starting: startProbeRunners(checks, { ...options, ignoreStopSignals: true }),
      runners: undefined,
      leases: 0,
      isRetired: false,
    };
    generation.starting.then(
      (runners) => {
        generation.runners = runners;
        endIfIdle(generation);
      },
      // A set that could not start serves no batch: the next one starts another.
      () => {
        generation.isRetired = true;
      },
    );
    return generation;
  };
  const retire = (generation: Generation) => {
    generation.isRetired = true;
    endIfIdle(generation);
    // The replacement starts now, not when the next batch asks: a Node start (most of a second on
    // a busy machine) would otherwise come out of that batch's deadline.
    if (generation === current && !isClosed && lastOptions !== undefined)
      current = startGeneration(lastOptions);
  };
  const isBroken = (generation: Generation) =>
    generation.runners !== undefined &&
    (generation.runners.hasExited?.() === true || generation.runners.isUnresponsive?.() === true);
  const start: StartRunners = async (_batchChecks, options) => {
    lastOptions = options;
    if (current !== undefined && !current.isRetired && isBroken(current)) retire(current);
    if (current === undefined || current.isRetired) current = startGeneration(options);
    const generation = current;
    generation.leases += 1;
    let runners: ProbeRunners;
    try {
      runners = await generation.starting;
    } catch (error) {
      generation.leases -= 1;
      throw error;
    }
    let isReleased = false;
    let hasGivenUp = false;
    return {
      probes: watchGivingUp(runners.probes, () => {
        hasGivenUp = true;
      }),
      // A kept runner's figure covers its whole life, not this batch: the batch's line reports the
      // coordinator's own loop delay, and each result still carries the delay during its probe.
      readLoopDelayMaxMs: async () => 0,
      close() {
        if (isReleased) return;
        isReleased = true;
        generation.leases -= 1;
        if (isClosed || isBroken(generation)) return retire(generation);
        // A probe of this batch was given up on: the set must show it still answers.
        if (hasGivenUp && !generation.isRetired) {
          generation.leases += 1;
          void (runners.ping?.(PING_ANSWER_MS) ?? Promise.resolve(true)).then((isAlive) => {
            generation.leases -= 1;
            if (!isAlive) return retire(generation);
            endIfIdle(generation);
          });
          return;
        }
        endIfIdle(generation);
      },
    };
  };
  return {
    start,
    close() {
      isClosed = true;
      if (current !== undefined) retire(current);
    },
  };
}

/** The same registry, telling `onGiveUp` when a probe is given up on before its runner answered. */
function watchGivingUp(probes: ProbeRegistry, onGiveUp: () => void): ProbeRegistry {
  return Object.fromEntries(
    Object.entries(probes).map(([type, definition]) => [
      type,
      {
        ...definition,
        probe: async (check: Check, context: ProbeContext) => {
          context.signal.addEventListener('abort', onGiveUp, { once: true });
          try {
            return await (definition.probe as (c: Check, ctx: ProbeContext) => Promise<Observation>)(
              check,
              context,
            );
          } finally {
            context.signal.removeEventListener('abort', onGiveUp);
          }
        },
      },
    ]),
  ) as unknown as ProbeRegistry;
}
