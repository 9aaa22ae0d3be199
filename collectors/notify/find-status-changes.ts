import type { Check, CheckResult, CheckStatus, StateFile } from '../../core/model/index.ts';
import type { PlaceGate } from './place-gate.ts';

/** One check whose judged status (after failuresBeforeDown) differs from the previous run's. */
export interface StatusChange {
  checkId: string;
  name: string;
  group: string | undefined;
  from: CheckStatus;
  to: CheckStatus;
  /** The probe's explanation for the new status. */
  message: string;
  /** When the run that saw the change started (ISO 8601). */
  at: string;
}

/**
 * Compares this run's judged results with the statuses the previous run left in the state file. A
 * check seen for the first time (new, or after the state file was lost) is news only when it is not
 * up: it is announced as a change from unknown, so an outage never goes untold because of a reset.
 * A check seen from several places (`places`) changes when its judged status does, as the judged
 * status this collector tracked before; only its announcer tells.
 */
export function findStatusChanges(
  checks: readonly Check[],
  previous: StateFile,
  results: readonly CheckResult[],
  at: string,
  places?: PlaceGate,
): StatusChange[] {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const changes: StatusChange[] = [];
  for (const result of places?.results ?? results) {
    const judgement = places?.judgements.get(result.id);
    if (judgement !== undefined && !judgement.isAnnouncer) continue;
    const before = judgement === undefined ? previous.checks[result.id]?.lastStatus : judgement.previous;
    const from = before ?? (result.status === 'up' ? undefined : 'unknown');
    if (from === undefined || from === result.status) continue;
    const check = byId.get(result.id);
    changes.push({
      checkId: result.id,
      name: check?.name ?? result.id,
      group: check?.group,
      from,
      to: result.status,
      message: result.message,
      at,
    });
  }
  return changes;
}
