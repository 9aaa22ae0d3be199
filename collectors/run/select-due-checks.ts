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
