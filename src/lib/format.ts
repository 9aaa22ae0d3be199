import { DEFAULT_TIME_ZONE } from '../../core/model/time-zone.ts';

export { DEFAULT_TIME_ZONE, isKnownTimeZone } from '../../core/model/time-zone.ts';

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
  relativeTimeFormat ??= new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  return relativeTimeFormat.format(-Math.floor(elapsedMs / unitMs), unit);
}

// Made once: the script run before the first paint formats every relative time of the page with it.
let relativeTimeFormat: Intl.RelativeTimeFormat | undefined;

// Set once per build from the config (src/data/config.ts); a browser reads <html data-time-zone>.
let siteTimeZone: string | undefined;

/** Makes `zone` the one every time on the site is shown in (the build calls this with `site.timeZone`). */
export function setSiteTimeZone(zone: string): void {
  siteTimeZone = zone;
}

/** The site's declared zone: set by the build, or on a page its `<html data-time-zone>`; UTC otherwise. */
export function getSiteTimeZone(): string {
  if (siteTimeZone !== undefined) return siteTimeZone;
  const fromPage = globalThis.document?.documentElement?.dataset.timeZone;
  return fromPage === undefined || fromPage === '' ? DEFAULT_TIME_ZONE : fromPage;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

// The newest instant read: formatDateTime reads the date, the clock time and the zone name of one instant.
let lastParts: { epochMs: number; timeZone: string; parts: Record<string, string> } | undefined;

// The wall-clock fields of an instant in a zone, 24-hour, plus the zone's short name ("CET", "GMT+9").
function readParts(epochMs: number, timeZone: string): Record<string, string> {
  if (lastParts?.epochMs === epochMs && lastParts.timeZone === timeZone) return lastParts.parts;
  let format = partFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    partFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(epochMs).map((part) => [part.type, part.value]));
  lastParts = { epochMs, timeZone, parts };
  return parts;
}

/** The zone's short name at an instant: "UTC", "CET" or "CEST", "GMT+9". */
export function formatZoneName(epochMs: number, timeZone = getSiteTimeZone()): string {
  return readParts(epochMs, timeZone).timeZoneName ?? timeZone;
}

/** How far the zone's wall clock is ahead of UTC at an instant, ms (CET: 3,600,000). */
export function getZoneOffsetMs(epochMs: number, timeZone = getSiteTimeZone()): number {
  const parts = readParts(epochMs, timeZone);
  const wallMs = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wallMs - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** "2026-11-22" in the zone. */
export function formatDate(epochMs: number, timeZone = getSiteTimeZone()): string {
  const parts = readParts(epochMs, timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "14:05" in the zone, 24-hour, without the zone's name. */
export function formatClockTime(epochMs: number, timeZone = getSiteTimeZone()): string {
  const parts = readParts(epochMs, timeZone);
  return `${parts.hour}:${parts.minute}`;
}

/** "2026-11-22 14:05 CET": the date and 24-hour time in the site's zone, the zone named. */
export function formatDateTime(epochMs: number, timeZone = getSiteTimeZone()): string {
  return `${formatDate(epochMs, timeZone)} ${formatClockTime(epochMs, timeZone)} ${formatZoneName(epochMs, timeZone)}`;
}

/**
 * "2026-11-22 14:05 UTC": the name pages have always called; it now shows the site's declared zone
 * (UTC unless `site.timeZone` says otherwise), named, like formatDateTime.
 */
export function formatUtcDateTime(epochMs: number): string {
  return formatDateTime(epochMs);
}

/** ISO 8601 for `<time datetime>`. */
export function toIsoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
