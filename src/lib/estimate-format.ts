import { formatUtcDateTime } from './format.ts';

// Shared by the build and the browser's maintenance clock, so both say an estimate the same way.

/** "14:00 UTC" on the reader's day (in the site's zone), "2026-12-02 14:00 UTC" on another. */
export function formatEstimateTime(estimateMs: number, nowMs: number): string {
  const estimate = formatUtcDateTime(estimateMs);
  const isSameDay = estimate.slice(0, 10) === formatUtcDateTime(nowMs).slice(0, 10);
  return isSameDay ? estimate.slice(11) : estimate;
}

/** "in 2 h", "in 1 h 45 min", "in under a minute", or "passed 20 min ago" once the estimate is behind us. */
export function formatTimeUntil(estimateMs: number, nowMs: number): string {
  const leftMs = estimateMs - nowMs;
  if (leftMs >= 60_000) return `in ${formatWait(leftMs)}`;
  if (leftMs >= 0) return 'in under a minute';
  return -leftMs < 60_000 ? 'just passed' : `passed ${formatWait(-leftMs)} ago`;
}

// Whole minutes as people say a wait: "45 min", "2 h", "1 h 59 min", "3 d".
function formatWait(durationMs: number): string {
  const minutes = Math.round(durationMs / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes >= 48 * 60) return `${Math.round(minutes / (24 * 60))} d`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
