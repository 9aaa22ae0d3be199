// A check seen from several places (`sources: [eu, us, campus]`) is judged by quorum: one rule, used
// by the build, the browser's clock, the live refresh and the collectors' alerts. Free of zod:
// browser scripts import it.
import type { CheckStatus } from '../model/status.ts';

/** What the places said, and what that makes the check. */
export interface PlaceVerdict {
  /** The judged status: down or degraded only when `required` places agree; unknown with too few fresh votes. */
  status: CheckStatus;
  /** How many places must agree (the check's resolved `quorum`). */
  required: number;
  /** How many places run the check. */
  total: number;
  /** Places with a current result (the rest are silent: stale or never ran). */
  fresh: number;
  up: number;
  degraded: number;
  down: number;
}

/**
 * Judges the places' current statuses (`unknown` for a silent place: its newest result is stale, or
 * it never ran). A silent place does not vote; with fewer fresh votes than `required` nothing can be
 * decided, so the check is unknown ("No data"), never green. Otherwise it is down when at least
 * `required` places say down, degraded when at least `required` say degraded or down, else up.
 * A place under maintenance counts as up: maintenance is decided for the component, after judging.
 */
export function judgePlaces(votes: readonly CheckStatus[], required: number): PlaceVerdict {
  const verdict: PlaceVerdict = {
    status: 'unknown',
    required,
    total: votes.length,
    fresh: 0,
    up: 0,
    degraded: 0,
    down: 0,
  };
  for (const vote of votes) {
    if (vote === 'unknown') continue;
    verdict.fresh += 1;
    if (vote === 'down') verdict.down += 1;
    else if (vote === 'degraded') verdict.degraded += 1;
    else verdict.up += 1;
  }
  if (verdict.fresh < required) return verdict;
  if (verdict.down >= required) verdict.status = 'down';
  else if (verdict.down + verdict.degraded >= required) verdict.status = 'degraded';
  else verdict.status = 'up';
  return verdict;
}

/** The quorum a check's `quorum` field asks of `total` places: a number, `any` (1), `all`, default a majority. */
export function resolveQuorum(quorum: number | 'all' | 'any' | undefined, total: number): number {
  if (quorum === 'any') return 1;
  if (quorum === 'all') return total;
  return quorum ?? Math.floor(total / 2) + 1;
}

/**
 * The words under a judged status when the places do not all say the same:
 * "down from 1 of 3 places", "degraded from 2 of 3 places", "no data from 1 of 3 places";
 * undefined when every place is up, or every place says down (or degraded).
 */
export function describePlaceVerdict(verdict: PlaceVerdict): string | undefined {
  const of = `of ${verdict.total} place${verdict.total === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (verdict.down > 0 && verdict.down < verdict.total) parts.push(`down from ${verdict.down} ${of}`);
  if (verdict.degraded > 0 && verdict.degraded < verdict.total)
    parts.push(`degraded from ${verdict.degraded} ${of}`);
  const silent = verdict.total - verdict.fresh;
  if (silent > 0) parts.push(`no data from ${silent} ${of}`);
  return parts.length === 0 ? undefined : parts.join(', ');
}
