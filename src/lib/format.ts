/**
 * Uptime as a percentage with two decimals, rounded down so that a single failed run never reads as
 * "100%"; null (no judged time) is undefined here and rendered as a dash by the caller.
 */
export function formatUptime(ratio: number): string {
  const hundredths = Math.floor(ratio * 10_000 + 1e-9);
  return `${(hundredths / 100).toFixed(hundredths === 10_000 ? 0 : 2)}%`;
}

const RELATIVE_STEPS: [limitMs: number, unitMs: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [3_600_000, 60_000, 'minute'],
  [86_400_000, 3_600_000, 'hour'],
  [Number.POSITIVE_INFINITY, 86_400_000, 'day'],
];

/** "just now", "3 minutes ago", "2 hours ago", "5 days ago": the same words the browser script uses. */
export function formatTimeAgo(thenMs: number, nowMs: number): string {
  const elapsedMs = Math.max(0, nowMs - thenMs);
  if (elapsedMs < 60_000) return 'just now';
  const [, unitMs, unit] = RELATIVE_STEPS.find(
    ([limitMs]) => elapsedMs < limitMs,
  ) as (typeof RELATIVE_STEPS)[number];
  return new Intl.RelativeTimeFormat('en', { numeric: 'always' }).format(
    -Math.floor(elapsedMs / unitMs),
    unit,
  );
}

/** "2026-11-22 14:05 UTC": unambiguous for readers in any time zone. */
export function formatUtcDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** ISO 8601 for `<time datetime>`. */
export function toIsoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
