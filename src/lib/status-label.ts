// A component's status in words, in the site's language: "Operational", "稼働中", "Betriebsbereit".
// core/model/status-presentation.ts keeps the English labels for what stays language-neutral (APIs,
// badges); every page and browser script says a status through statusLabel. Free of zod.
import type { JudgedStatus } from '../../core/history/freshness.ts';
import type { ComponentStatus } from '../../core/model/status.ts';
import { type BrowserMessageKey, t } from '../i18n/browser.ts';
import { formatAge } from './format.ts';

const STATUS_KEYS = {
  operational: 'browserCommon.statusOperational',
  under_maintenance: 'browserCommon.statusUnderMaintenance',
  degraded_performance: 'browserCommon.statusDegradedPerformance',
  partial_outage: 'browserCommon.statusPartialOutage',
  major_outage: 'browserCommon.statusMajorOutage',
  no_data: 'browserCommon.statusNoData',
} as const satisfies Record<ComponentStatus, BrowserMessageKey>;

/** The word shown to people for a component's status ("Major outage"), in the site's language. */
export function statusLabel(status: ComponentStatus): string {
  return t(STATUS_KEYS[status]);
}

/**
 * The words of a judged status, in the site's language (core's describeJudgedStatus in English):
 * "No data for 3 h 12 min" when the data went stale, "Disabled", else `label` (statusLabel of the
 * status unless given), with "· 2 without data" when some checks have none.
 */
export function describeJudged(judged: JudgedStatus, label = statusLabel(judged.status)): string {
  if (judged.isDisabled) return t('browserCommon.statusDisabled');
  if (judged.staleForMs !== undefined)
    return t('browserCommon.noDataFor', { age: formatAge(judged.staleForMs) });
  return judged.withoutDataCount > 0
    ? t('browserCommon.withoutData', { label, count: judged.withoutDataCount })
    : label;
}

/** What stands between the items of a list in running text: ", " ("、" in Japanese). */
export function listSeparator(): string {
  return t('browserCommon.listSeparator');
}
