import { getCheckIntervalMs, getNextDueMs } from '../../core/model/check-schedule.ts';
import type { Check, Config, StateFile } from '../../core/model/index.ts';
import { getConcurrencyPool } from '../run/probe-concurrency.ts';

/** Checks due within this much of each other start together, as one batch (one line). */
export const BATCH_WINDOW_MS = 25;
/**
 * A check whose last run took this long starts in a batch of its own kind: a batch's line is written
 * when its last check ends, and a slow check must not hold its quick batch-mates back.
 */
export const SLOW_RUN_MS = 1_000;

interface Slot {
  check: Check;
  intervalMs: number;
  pool: { name: string; limit: number };
  /** When it is next due, in the schedule's clock (ms). */
  nextDueMs: number;
  running: boolean;
  /** How long its last run took, when known. */
  lastRunMs: number | undefined;
  /** Due, but held back by the concurrency bound: it waits for a batch to end, not for a timer. */
  isHeldBack: boolean;
}

/** What one check's finished run meant for its schedule. */
export interface FinishedCheck {
  id: string;
  /** Slots that came while it was still running: skipped, not queued up. */
  missed: number;
}

/**
 * Which checks run when, in `vigil watch`: each on its own interval, never two runs of one check at
 * once (a slot that comes while it still runs is missed, counted, and its next run is the first slot
 * after it ends), and probes of one kind in flight across batches bounded by collect.concurrency. It
 * keeps one record per check and no history, so it never grows.
 */
export interface WatchSchedule {
  /**
   * The checks due at `nowMs` that may start now, as batches (quick checks, then slow ones); they
   * count as running until `finish`.
   */
  takeDue(nowMs: number): Check[][];
  /** A batch ended; `runMsOf` says how long each check's own run took. */
  finish(
    checks: readonly Check[],
    endedMs: number,
    runMsOf?: (id: string) => number | undefined,
  ): FinishedCheck[];
  /** When the next check not running falls due, or undefined when every check is running. */
  nextWakeMs(): number | undefined;
}

export function createWatchSchedule(
  checks: readonly Check[],
  config: Pick<Config, 'site' | 'collect'>,
  state: StateFile,
  nowMs: number,
  /** The schedule's clock minus the wall clock, for reading the state's `lastRunAt` (ISO). */
  wallOffsetMs = 0,
): WatchSchedule {
  const slots = new Map<string, Slot>(
    checks.map((check) => [
      check.id,
      {
        check,
        intervalMs: getCheckIntervalMs(check, config.site),
        pool: getConcurrencyPool(check.type, config.collect.concurrency),
        // A restart keeps each check's cadence: due when its last run plus its interval has passed.
        nextDueMs: Math.max(
          nowMs,
          getNextDueMs(check, state.checks[check.id], config.site, nowMs - wallOffsetMs) + wallOffsetMs,
        ),
        running: false,
        lastRunMs: undefined,
        isHeldBack: false,
      },
    ]),
  );
  const runningByPool = new Map<string, number>();
  return {
    takeDue(nowMs) {
      const quick: Check[] = [];
      const slow: Check[] = [];
      const admittedByPool = new Map<string, number>();
      for (const slot of slots.values()) {
        if (slot.running || slot.nextDueMs > nowMs + BATCH_WINDOW_MS) continue;
        // With nothing of its kind running the batch takes every due check (runChecks bounds it
        // inside); beside running batches, only as many as the bound leaves free.
        const running = runningByPool.get(slot.pool.name) ?? 0;
        const admitted = admittedByPool.get(slot.pool.name) ?? 0;
        slot.isHeldBack = running > 0 && running + admitted >= slot.pool.limit;
        if (slot.isHeldBack) continue;
        admittedByPool.set(slot.pool.name, admitted + 1);
        slot.running = true;
        (slot.lastRunMs !== undefined && slot.lastRunMs >= SLOW_RUN_MS ? slow : quick).push(slot.check);
      }
      for (const [name, admitted] of admittedByPool)
        runningByPool.set(name, (runningByPool.get(name) ?? 0) + admitted);
      return [quick, slow].filter((batch) => batch.length > 0);
    },
    finish(finished, endedMs, runMsOf) {
      for (const slot of slots.values()) slot.isHeldBack = false;
      return finished.flatMap((check) => {
        const slot = slots.get(check.id);
        if (slot === undefined || !slot.running) return [];
        slot.running = false;
        slot.lastRunMs = runMsOf?.(check.id) ?? slot.lastRunMs;
        runningByPool.set(slot.pool.name, (runningByPool.get(slot.pool.name) ?? 1) - 1);
        // The next slot on the check's own grid (not from when the run started, so checks that
        // started together stay together, and timer lateness never adds up).
        slot.nextDueMs += slot.intervalMs;
        let missed = 0;
        if (endedMs >= slot.nextDueMs) {
          missed = Math.floor((endedMs - slot.nextDueMs) / slot.intervalMs) + 1;
          slot.nextDueMs += missed * slot.intervalMs;
        }
        return [{ id: check.id, missed }];
      });
    },
    nextWakeMs() {
      let next: number | undefined;
      for (const slot of slots.values()) {
        if (!slot.running && !slot.isHeldBack && (next === undefined || slot.nextDueMs < next))
          next = slot.nextDueMs;
      }
      return next;
    },
  };
}
