import type { Check } from '../../core/model/index.ts';
import type { StartRunners } from '../run/collect-once.ts';
import { type ProbeRunners, startProbeRunners } from '../run/probe-runners.ts';

interface Generation {
  starting: Promise<ProbeRunners>;
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
 * (a 1 s check would fork one a second). Every batch shares the current set; a set that may be
 * stuck (a batch reached its deadline: a probe hung in the kernel) or broken (a runner ended) is
 * retired, the next batch starts a fresh one, and the old set is killed once its last batch is done.
 */
export function createRunnerPool(checks: readonly Check[], deadlineMs: number): RunnerPool {
  let current: Generation | undefined;
  let isClosed = false;
  const endIfIdle = async (generation: Generation) => {
    if (generation.isRetired && generation.leases === 0) (await generation.starting).close();
  };
  const start: StartRunners = async (_batchChecks, options) => {
    if (current === undefined || current.isRetired) {
      // Every check of the watch is preloaded, so one set serves whatever batch comes.
      current = { starting: startProbeRunners(checks, options), leases: 0, isRetired: false };
    }
    const generation = current;
    generation.leases += 1;
    const leasedAtMs = performance.now();
    const runners = await generation.starting;
    let isReleased = false;
    return {
      probes: runners.probes,
      // A kept runner's figure covers its whole life, not this batch: the batch's line reports the
      // coordinator's own loop delay, and each result still carries the delay during its probe.
      readLoopDelayMaxMs: async () => 0,
      close() {
        if (isReleased) return;
        isReleased = true;
        generation.leases -= 1;
        if (isClosed || runners.hasExited?.() || performance.now() - leasedAtMs >= deadlineMs)
          generation.isRetired = true;
        void endIfIdle(generation);
      },
    };
  };
  return {
    start,
    close() {
      isClosed = true;
      if (current === undefined) return;
      current.isRetired = true;
      void endIfIdle(current);
    },
  };
}
