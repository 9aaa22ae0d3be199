import { getNextDueMs, isCheckDue } from '../../core/model/check-schedule.ts';
import type { Check, SiteSettings, StateFile } from '../../core/model/index.ts';

export interface DueSelection {
  /** The checks this run probes, in config order. */
  due: Check[];
  /** The checks left for a later run (their own interval has not passed yet). */
  notDue: Check[];
  /** Of those, the one due first and in how long (ms, at least 0); undefined when every check is due. */
  next: { id: string; inMs: number } | undefined;
}

/**
 * Cron mode's choice: a check with its own `interval` runs when it is due (core/model/check-schedule.ts),
 * a check without one runs on every `collect`, exactly as before checks had intervals.
 */
export function selectDueChecks(
  checks: readonly Check[],
  state: Pick<StateFile, 'checks'>,
  site: Pick<SiteSettings, 'interval'>,
  nowMs: number,
): DueSelection {
  const due: Check[] = [];
  const notDue: Check[] = [];
  let next: DueSelection['next'];
  for (const check of checks) {
    const checkState = state.checks[check.id];
    if (check.interval === undefined || isCheckDue(check, checkState, site, nowMs)) {
      due.push(check);
      continue;
    }
    notDue.push(check);
    const inMs = Math.max(0, getNextDueMs(check, checkState, site, nowMs) - nowMs);
    if (next === undefined || inMs < next.inMs) next = { id: check.id, inMs };
  }
  return { due, notDue, next };
}

/** A check whose runs come this many intervals apart is run by a schedule slower than its interval. */
export const LATE_RUN_FACTOR = 2;

/**
 * One warning per due check with its own interval whose last run started more than LATE_RUN_FACTOR
 * × its interval ago: cron (or whatever runs `vigil collect`) runs less often than the check needs,
 * so its data goes stale between runs. Named by the check's place in the config's list.
 */
export function findLateRunWarnings(
  configChecks: readonly Check[],
  due: readonly Check[],
  state: Pick<StateFile, 'checks'>,
  nowMs: number,
  formatMs: (ms: number) => string,
): string[] {
  const warnings: string[] = [];
  const dueSet = new Set(due);
  configChecks.forEach((check, index) => {
    if (!dueSet.has(check) || check.interval === undefined) return;
    const lastRunAt = state.checks[check.id]?.lastRunAt;
    const lastMs = lastRunAt === undefined ? Number.NaN : Date.parse(lastRunAt);
    if (!Number.isFinite(lastMs) || nowMs - lastMs <= LATE_RUN_FACTOR * check.interval) return;
    warnings.push(
      `checks[${index}] "${check.id}": interval ${formatMs(check.interval)}, but its last run was ${formatMs(nowMs - lastMs)} ago: the schedule runs less often than this check's interval. Run vigil collect at least every ${formatMs(check.interval)} (or use vigil watch), or raise its interval`,
    );
  });
  return warnings;
}
