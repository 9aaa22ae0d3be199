import { DEFAULT_TIME_ZONE } from '../../core/model/time-zone.ts';
import { getSiteLanguage, getSiteLocale, t } from '../i18n/browser.ts';

export { DEFAULT_TIME_ZONE, isKnownTimeZone } from '../../core/model/time-zone.ts';

/**
 * Uptime as a percentage with two decimals, rounded down so that a single failed run never reads as
 * "100%"; null (no judged time) is undefined here and rendered as a dash by the caller.
 */
export function formatUptime(ratio: number): string {
  const hundredths = Math.floor(ratio * 10_000 + 1e-9);
  return `${(hundredths / 100).toFixed(hundredths === 10_000 ? 0 : 2)}%`;
}

/**
 * The uptime of formatUptime as the site's language writes a percentage: "99.86%" in English and
 * Japanese, "99,86 %" in German. For pages; APIs and badges keep formatUptime's neutral text.
 */
export function formatLocalUptime(ratio: number): string {
  const text = formatUptime(ratio);
  return getSiteLanguage() === 'de' ? `${text.slice(0, -1).replace('.', ',')}\u00a0%` : text;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as the site's language writes it: "1,234.5" (en), "1.234,5" (de), through Intl.NumberFormat. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  const locale = getSiteLocale();
  const cacheKey = `${locale} ${options === undefined ? '' : JSON.stringify(options)}`;
  let format = numberFormats.get(cacheKey);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(cacheKey, format);
  }
  return format.format(n);
}

// A decimal as core's formatDurationMs writes it ("1.2"), with the language's decimal sign.
function localDecimal(text: string): string {
  return getSiteLanguage() === 'de' ? text.replace('.', ',') : text;
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/**
 * A duration the way people say it, in the site's language: "120 ms", "1.2 s", "3 min", "2.2 h",
 * "3 d" in English (exactly core's formatDurationMs), "2.2 時間" in Japanese, "2,2 Std." in German.
 */
export function formatDuration(durationMs: number): string {
  if (durationMs < 1000) return t('browserCommon.unitMs', { n: String(Math.round(durationMs)) });
  if (durationMs < 10_000)
    return t('browserCommon.unitS', { n: localDecimal(trimZero((durationMs / 1000).toFixed(1))) });
  if (durationMs < 120_000) return t('browserCommon.unitS', { n: String(Math.round(durationMs / 1000)) });
  if (durationMs < 7_200_000)
    return t('browserCommon.unitMin', { n: String(Math.round(durationMs / 60_000)) });
  if (durationMs < 172_800_000)
    return t('browserCommon.unitH', { n: localDecimal(trimZero((durationMs / 3_600_000).toFixed(1))) });
  return t('browserCommon.unitD', { n: localDecimal(trimZero((durationMs / 86_400_000).toFixed(1))) });
}

/** Whole minutes as people say a wait: "45 min", "2 h", "1 h 59 min", "3 d" (in the site's language). */
export function formatWait(durationMs: number): string {
  const minutes = Math.round(durationMs / 60_000);
  if (minutes < 60) return t('browserCommon.unitMin', { n: String(minutes) });
  if (minutes >= 48 * 60) return t('browserCommon.unitD', { n: String(Math.round(minutes / (24 * 60))) });
  const hours = t('browserCommon.unitH', { n: String(Math.floor(minutes / 60)) });
  return minutes % 60 === 0 ? hours : `${hours} ${t('browserCommon.unitMin', { n: String(minutes % 60) })}`;
}

/**
 * An age as people say it, in the site's language: "45 min", "3 h 12 min", "2 d 4 h"; under a minute
 * reads "1 min" (English is exactly core's formatAgeMs).
 */
export function formatAge(ageMs: number): string {
  const unit = (key: 'unitMin' | 'unitH' | 'unitD', n: number) => t(`browserCommon.${key}`, { n: String(n) });
  const minutes = Math.max(1, Math.floor(ageMs / 60_000));
  if (minutes < 60) return unit('unitMin', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48)
    return minutes % 60 === 0
      ? unit('unitH', hours)
      : `${unit('unitH', hours)} ${unit('unitMin', minutes % 60)}`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? unit('unitD', days) : `${unit('unitD', days)} ${unit('unitH', hours % 24)}`;
}

const RELATIVE_STEPS: [limitMs: number, unitMs: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [3_600_000, 60_000, 'minute'],
  [86_400_000, 3_600_000, 'hour'],
  [Number.POSITIVE_INFINITY, 86_400_000, 'day'],
];

/**
 * "just now", "3 minutes ago", "2 hours ago", "5 days ago" ("3 分前", "vor 3 Minuten"): the same
 * words the browser script uses.
 */
export function formatTimeAgo(thenMs: number, nowMs: number): string {
  const elapsedMs = Math.max(0, nowMs - thenMs);
  if (elapsedMs < 60_000) return t('browserCommon.justNow');
  const [, unitMs, unit] = RELATIVE_STEPS.find(
    ([limitMs]) => elapsedMs < limitMs,
  ) as (typeof RELATIVE_STEPS)[number];
  const language = getSiteLanguage();
  if (relativeTimeFormat?.language !== language) {
    relativeTimeFormat = { language, format: new Intl.RelativeTimeFormat(language, { numeric: 'always' }) };
  }
  return relativeTimeFormat.format.format(-Math.floor(elapsedMs / unitMs), unit);
}

// Made once per language: the script run before the first paint formats every relative time with it.
let relativeTimeFormat: { language: string; format: Intl.RelativeTimeFormat } | undefined;

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

const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's short name at an instant: "UTC", "CET" or "CEST", "GMT+9" (in German "MEZ", in
 * Japanese "JST": the names the language uses).
 */
export function formatZoneName(epochMs: number, timeZone = getSiteTimeZone()): string {
  const language = getSiteLanguage();
  if (language === 'en') return readParts(epochMs, timeZone).timeZoneName ?? timeZone;
  const cacheKey = `${language} ${timeZone}`;
  let format = zoneNameFormats.get(cacheKey);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'short' });
    zoneNameFormats.set(cacheKey, format);
  }
  return format.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
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

/** "2026-11-22" in the zone, in every language: for keys and comparisons, not for reading. */
export function formatIsoDate(epochMs: number, timeZone = getSiteTimeZone()): string {
  const parts = readParts(epochMs, timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "2026-11-22" in the zone; "2026/11/22" in Japanese, "22.11.2026" in German. */
export function formatDate(epochMs: number, timeZone = getSiteTimeZone()): string {
  const parts = readParts(epochMs, timeZone);
  const language = getSiteLanguage();
  if (language === 'ja') return `${parts.year}/${parts.month}/${parts.day}`;
  if (language === 'de') return `${parts.day}.${parts.month}.${parts.year}`;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "14:05" in the zone, 24-hour, without the zone's name. */
export function formatClockTime(epochMs: number, timeZone = getSiteTimeZone()): string {
  const parts = readParts(epochMs, timeZone);
  return `${parts.hour}:${parts.minute}`;
}

/** "14:05 CET": the 24-hour time in the zone and the zone's name. */
export function formatClockTimeWithZone(epochMs: number, timeZone = getSiteTimeZone()): string {
  return `${formatClockTime(epochMs, timeZone)} ${formatZoneName(epochMs, timeZone)}`;
}

/**
 * "2026-11-22 14:05 CET": the date and 24-hour time in the site's zone, the zone named
 * ("2026/11/22 14:05 JST" in Japanese, "22.11.2026, 14:05 MEZ" in German).
 */
export function formatDateTime(epochMs: number, timeZone = getSiteTimeZone()): string {
  const between = getSiteLanguage() === 'de' ? ', ' : ' ';
  return `${formatDate(epochMs, timeZone)}${between}${formatClockTimeWithZone(epochMs, timeZone)}`;
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
