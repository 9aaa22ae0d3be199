import { formatDurationMs } from '../../core/model/duration-format.ts';
import { formatUtcDateTime } from './format.ts';

// Shared by the build and the browser's maintenance clock, so both say an estimate the same way.

/** "14:00 UTC" on the reader's day (in the site's zone), "2026-12-02 14:00 UTC" on another. */
export function formatEstimateTime(estimateMs: number, nowMs: number): string {
  const estimate = formatUtcDateTime(estimateMs);
  const isSameDay = estimate.slice(0, 10) === formatUtcDateTime(nowMs).slice(0, 10);
  return isSameDay ? estimate.slice(11) : estimate;
}

/** "in 2 h", "in 45 min", "in under a minute", or "passed 20 min ago" once the estimate is behind us. */
export function formatTimeUntil(estimateMs: number, nowMs: number): string {
  const leftMs = estimateMs - nowMs;
  if (leftMs >= 60_000) return `in ${formatDurationMs(roundToMinutes(leftMs))}`;
  if (leftMs >= 0) return 'in under a minute';
  return -leftMs < 60_000 ? 'just passed' : `passed ${formatDurationMs(roundToMinutes(-leftMs))} ago`;
}

// Whole minutes, so "in 2 h" is not "in 1.9 h" a second after the build.
function roundToMinutes(durationMs: number): number {
  return Math.round(durationMs / 60_000) * 60_000;
}
