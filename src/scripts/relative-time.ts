import { formatTimeAgo } from '../lib/format.ts';

const TICK_MS = 30_000;
let isStarted = false;

/** Keeps every `<time data-relative-time>` current (stale statuses and warnings: freshness-clock.ts). */
export function startRelativeTimes(): void {
  if (isStarted) return;
  isStarted = true;
  updateRelativeTimes();
  setInterval(updateRelativeTimes, TICK_MS);
}

/** One tick now, e.g. after the live refresh read newer data. */
export function updateRelativeTimes(): void {
  const nowMs = Date.now();
  for (const time of document.querySelectorAll<HTMLTimeElement>('time[data-relative-time]')) {
    const thenMs = Date.parse(time.dateTime);
    if (!Number.isNaN(thenMs)) time.textContent = formatTimeAgo(thenMs, nowMs);
  }
}
