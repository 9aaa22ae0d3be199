import { t } from '../i18n/browser.ts';
import { formatClockTimeWithZone, formatDateTime, formatIsoDate, formatWait } from './format.ts';

// Shared by the build and the browser's maintenance clock, so both say an estimate the same way.

/** "14:00 UTC" on the reader's day (in the site's zone), "2026-12-02 14:00 UTC" on another. */
export function formatEstimateTime(estimateMs: number, nowMs: number): string {
  const isSameDay = formatIsoDate(estimateMs) === formatIsoDate(nowMs);
  return isSameDay ? formatClockTimeWithZone(estimateMs) : formatDateTime(estimateMs);
}

/** "in 2 h", "in 1 h 45 min", "in under a minute", or "passed 20 min ago" once the estimate is behind us. */
export function formatTimeUntil(estimateMs: number, nowMs: number): string {
  const leftMs = estimateMs - nowMs;
  if (leftMs >= 60_000) return t('browserCommon.untilIn', { duration: formatWait(leftMs) });
  if (leftMs >= 0) return t('browserCommon.untilUnderAMinute');
  return -leftMs < 60_000
    ? t('browserCommon.untilJustPassed')
    : t('browserCommon.untilPassed', { duration: formatWait(-leftMs) });
}
