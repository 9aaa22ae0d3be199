import { formatTimeAgo } from '../lib/format.ts';

const TICK_MS = 30_000;
let isStarted = false;

/** Keeps every `<time data-relative-time>` current and shows stale-data warnings by the reader's clock. */
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
  // A static page may be hours old: the collectors can die after the build, so judge again here.
  for (const warning of document.querySelectorAll<HTMLElement>('[data-stale-warning]')) {
    const newestMs = Number(warning.dataset.newestMs);
    const staleAfterMs = Number(warning.dataset.staleAfterMs);
    if (Number.isFinite(newestMs) && Number.isFinite(staleAfterMs)) {
      warning.hidden = nowMs - newestMs <= staleAfterMs;
    }
  }
}
