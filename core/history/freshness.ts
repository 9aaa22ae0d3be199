// The one staleness rule: pages at build time, the browser's clock, the summary API and the collector
// pages all judge "is this data still current?" here. Free of zod: browser scripts import it.
import type { CheckStatus, ComponentStatus } from '../model/status.ts';
import { rollUpStatuses } from '../model/status-rollup.ts';
import { judgePlaces, type PlaceVerdict } from './place-judge.ts';

/** Without a `staleAfter`, data stays current for this many of the check's own intervals. */
export const STALE_AFTER_INTERVALS = 3;

/** The fields of a check that decide how long its data stays current (ms, as the config parses them). */
export interface CheckFreshnessSettings {
  /** The check's own interval (`checks[].interval`); absent, the check runs at site.interval. */
  interval?: number | undefined;
  staleAfter?: number | undefined;
}

/** The site's fields: `staleAfter` is already resolved by the config (3 × interval unless set). */
export interface SiteFreshnessSettings {
  interval: number;
  staleAfter: number;
}

/**
 * How old a check's newest result may be before it stops vouching for now: the check's `staleAfter`,
 * else 3 × the check's own interval when it has one, else `site.staleAfter` (3 × `site.interval`
 * unless set).
 */
export function getStaleAfterMs(check: CheckFreshnessSettings, site: SiteFreshnessSettings): number {
  if (check.staleAfter !== undefined) return check.staleAfter;
  if (check.interval !== undefined) return STALE_AFTER_INTERVALS * check.interval;
  return site.staleAfter;
}

/**
 * How old a collector's newest run may be before it counts as silent: the shortest `staleAfter` of
 * the enabled checks it runs, else `site.staleAfter`.
 */
export function getSourceStaleAfterMs(
  checks: readonly (CheckFreshnessSettings & { enabled?: boolean })[],
  site: SiteFreshnessSettings,
): number {
  const enabled = checks.filter((check) => check.enabled !== false);
  if (enabled.length === 0) return site.staleAfter;
  return Math.min(...enabled.map((check) => getStaleAfterMs(check, site)));
}

/** Stale: there is a newest result, and it is older than staleAfterMs. No result at all is not "stale". */
export function isDataStale(
  newestMs: number | null | undefined,
  staleAfterMs: number,
  nowMs: number,
): boolean {
  return newestMs !== null && newestMs !== undefined && nowMs - newestMs > staleAfterMs;
}

/** What one check shows, embedded in pages and the summary so the browser can judge it again by its clock. */
export interface CheckFreshness {
  /** The newest result's time, epoch ms; null when it never ran. */
  newestMs: number | null;
  staleAfterMs: number;
  /** Its status while the newest result is current (incidents and maintenance applied). */
  fresh: CheckStatus;
  /** Its status once that result is stale: unknown, unless an incident or maintenance says otherwise. */
  stale: CheckStatus;
  /** false for a disabled check that never ran: listed as "Disabled", it does not colour its group. */
  counts: boolean;
  /**
   * A check seen from several places: each place's newest result (absent for a single-place check,
   * which is judged exactly as before). `newestMs` is then the newest over the places, `fresh` the
   * judged status at build time, `stale` what the overlay says once too few places are current.
   */
  places?: PlaceFreshness[];
  /** How many places must agree (the resolved `quorum`); set with `places`. */
  quorum?: number;
}

/** One place's newest result of a multi-place check. */
export interface PlaceFreshness {
  source: string;
  /** The place's newest result, epoch ms; null when it never ran there. */
  newestMs: number | null;
  /** The place's own newest status, as stored (failuresBeforeDown already applied). */
  status: CheckStatus;
}

/** A check's status at nowMs. */
export function judgeCheckStatus(check: CheckFreshness, nowMs: number): CheckStatus {
  const verdict = judgePlacesAt(check, nowMs);
  if (verdict === undefined)
    return isDataStale(check.newestMs, check.staleAfterMs, nowMs) ? check.stale : check.fresh;
  if (verdict.status === 'unknown') return check.stale;
  // The overlay an incident or maintenance puts on the component: `stale` holds it whenever there is one.
  if (check.stale === 'maintenance') return 'maintenance';
  return check.stale === 'unknown' ? verdict.status : worseOf(verdict.status, check.stale);
}

// core/model/status.ts's worseStatus without its zod import, which browser scripts must not load.
const SEVERITY: Record<CheckStatus, number> = { unknown: -1, up: 0, maintenance: 1, degraded: 2, down: 3 };
function worseOf(a: CheckStatus, b: CheckStatus): CheckStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** What a multi-place check's places say at nowMs (a place whose newest result is stale is silent); undefined for one place. */
export function judgePlacesAt(check: CheckFreshness, nowMs: number): PlaceVerdict | undefined {
  if (check.places === undefined || check.quorum === undefined) return undefined;
  const votes = check.places.map((place) =>
    place.newestMs === null || isDataStale(place.newestMs, check.staleAfterMs, nowMs)
      ? 'unknown'
      : place.status,
  );
  return judgePlaces(votes, check.quorum);
}

/** Every instant at which the check's status may change by the clock alone (a place's result going stale). */
export function listStalePoints(check: CheckFreshness): number[] {
  const newest = check.places === undefined ? [check.newestMs] : check.places.map((place) => place.newestMs);
  return newest.filter((ms): ms is number => ms !== null).map((ms) => ms + check.staleAfterMs);
}

export interface JudgedStatus {
  status: ComponentStatus;
  /** Every check was a disabled one that never ran: show "Disabled", not "No data". */
  isDisabled: boolean;
  /** No data because the newest data is stale: how old that newest result is, ms. */
  staleForMs: number | undefined;
  /**
   * Of a roll-up that still has a status, how many counted checks have no current data (a dead
   * collector's): the rest is not the whole truth, so the words say so.
   */
  withoutDataCount: number;
}

/**
 * The newest result that still vouches for the check: its newest for one place; for several places the
 * `quorum`-th newest place's newest (the quorum was lost when that one went stale), null when fewer ran.
 */
function getQuorumNewestMs(check: CheckFreshness): number | null {
  if (check.places === undefined || check.quorum === undefined) return check.newestMs;
  const newest = check.places
    .map((place) => place.newestMs)
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => b - a);
  return newest[check.quorum - 1] ?? null;
}

/** The rolled-up status of some checks (one component, a group, the page) at nowMs. */
export function judgeStatus(checks: readonly CheckFreshness[], nowMs: number): JudgedStatus {
  const counted = checks.filter((check) => check.counts);
  if (counted.length === 0 && checks.length > 0) {
    return { status: 'no_data', isDisabled: true, staleForMs: undefined, withoutDataCount: 0 };
  }
  const statuses = counted.map((check) => judgeCheckStatus(check, nowMs));
  const status = rollUpStatuses(statuses);
  const newestMs = Math.max(...counted.map((check) => getQuorumNewestMs(check) ?? Number.NEGATIVE_INFINITY));
  const staleForMs = status === 'no_data' && Number.isFinite(newestMs) ? nowMs - newestMs : undefined;
  const withoutDataCount =
    status === 'no_data' ? 0 : statuses.filter((checkStatus) => checkStatus === 'unknown').length;
  return { status, isDisabled: false, staleForMs, withoutDataCount };
}

/** An age as people say it: "45 min", "3 h 12 min", "2 d 4 h"; under a minute reads "1 min". */
export function formatAgeMs(ageMs: number): string {
  const minutes = Math.max(1, Math.floor(ageMs / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** The words of a judged status: "No data for 3 h 12 min" when the data went stale, else `label`. */
export function describeJudgedStatus(judged: JudgedStatus, label: string): string {
  if (judged.isDisabled) return 'Disabled';
  if (judged.staleForMs !== undefined) return `No data for ${formatAgeMs(judged.staleForMs)}`;
  return judged.withoutDataCount > 0 ? `${label} · ${judged.withoutDataCount} without data` : label;
}
