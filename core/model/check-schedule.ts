// When a check runs: its own interval or the site's, and whether it is due. Free of zod, so the
// watch scheduler, `vigil collect` and any page can share the one rule.

/** The fields of a check that decide its schedule (ms, as the config parses them). */
export interface CheckScheduleSettings {
  /** The check's own interval; absent, it runs at `site.interval`. */
  interval?: number | undefined;
}

/** What the state remembers of a check's last run. */
export interface CheckRunRecord {
  /** The start of the run that last probed the check (ISO 8601). */
  lastRunAt?: string | undefined;
}

/** A run may start this much early and still count: a fifth of the interval, at most this. */
export const MAX_DUE_TOLERANCE_MS = 30_000;

/** How often a check runs: its own interval, else the site's. */
export function getCheckIntervalMs(
  check: CheckScheduleSettings,
  site: { readonly interval: number },
): number {
  return check.interval ?? site.interval;
}

/**
 * How early a run may come and still count as on time: min(interval / 5, 30 s), so a cron firing
 * every 5 minutes whose start times wobble by seconds never skips a 5-minute check.
 */
export function getDueToleranceMs(intervalMs: number): number {
  return Math.min(intervalMs / 5, MAX_DUE_TOLERANCE_MS);
}

/**
 * When the check is next due, epoch ms: now when it never ran, when its last run is unreadable, or
 * when that run lies in the future (the clock jumped back: a check is never starved), else its last
 * run plus its interval less the tolerance.
 */
export function getNextDueMs(
  check: CheckScheduleSettings,
  checkState: CheckRunRecord | undefined,
  site: { readonly interval: number },
  nowMs: number,
): number {
  const lastRunMs = checkState?.lastRunAt === undefined ? Number.NaN : Date.parse(checkState.lastRunAt);
  if (!Number.isFinite(lastRunMs) || lastRunMs > nowMs) return nowMs;
  const intervalMs = getCheckIntervalMs(check, site);
  return lastRunMs + intervalMs - getDueToleranceMs(intervalMs);
}

/** Due: it never ran, or its interval (less the tolerance) has passed since its last run. */
export function isCheckDue(
  check: CheckScheduleSettings,
  checkState: CheckRunRecord | undefined,
  site: { readonly interval: number },
  nowMs: number,
): boolean {
  return getNextDueMs(check, checkState, site, nowMs) <= nowMs;
}

/** The fields a check's longest run depends on. */
export interface CheckRunLengthSettings extends CheckScheduleSettings {
  id: string;
  /** One attempt's timeout, ms. */
  timeout: number;
  /** Extra attempts of a failed probe within one run. */
  retries: number;
}

/** The longest one run of the check can take: its timeout for each attempt (retries + 1). */
export function getLongestRunMs(check: Pick<CheckRunLengthSettings, 'timeout' | 'retries'>): number {
  return check.timeout * (check.retries + 1);
}

/**
 * Warnings, never errors, for checks whose interval is shorter than one run can take (timeout ×
 * attempts): such a check's runs can fall behind its schedule. Each names the check (its place in
 * `checks`, the config's list) and the numbers; `include` picks the checks to look at (default all).
 */
export function findIntervalWarnings<C extends CheckRunLengthSettings>(
  checks: readonly C[],
  site: { readonly interval: number },
  formatMs: (ms: number) => string,
  include: (check: C) => boolean = () => true,
): string[] {
  const warnings: string[] = [];
  checks.forEach((check, index) => {
    if (!include(check)) return;
    const intervalMs = getCheckIntervalMs(check, site);
    const longestMs = getLongestRunMs(check);
    if (intervalMs >= longestMs) return;
    const attempts = check.retries + 1;
    const from = check.interval === undefined ? ' (site.interval)' : '';
    warnings.push(
      `checks[${index}] "${check.id}": interval ${formatMs(intervalMs)}${from} is shorter than one run can take: timeout ${formatMs(check.timeout)} × ${attempts} attempt${attempts === 1 ? '' : 's'} (retries: ${check.retries}) = ${formatMs(longestMs)}; a slow target makes its runs fall behind. Raise interval, or lower timeout or retries`,
    );
  });
  return warnings;
}
