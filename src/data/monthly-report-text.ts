// How a monthly report writes months, days, durations and counts: Intl in the site's locale, so the
// catalogue holds only sentences (messages/reports.ts). Days and months are UTC, as the bars' are.
import { getSiteLocale } from '../i18n/index.ts';

const formats = new Map<string, Intl.DateTimeFormat | Intl.DurationFormat>();

function getFormat<T extends Intl.DateTimeFormat | Intl.DurationFormat>(
  name: string,
  make: (locale: string) => T,
): T {
  const locale = getSiteLocale();
  const key = `${locale}\0${name}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = make(locale);
    formats.set(key, format);
  }
  return format as T;
}

/** "November 2026", "2026年11月", "November 2026" for "2026-11". */
export function formatReportMonth(month: string): string {
  return getFormat(
    'month',
    (locale) => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  ).format(Date.parse(`${month}-15T12:00:00Z`));
}

/** "15 November 2026" for "2026-11-15". */
export function formatReportDate(day: string): string {
  return getFormat(
    'date',
    (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
  ).format(Date.parse(`${day}T12:00:00Z`));
}

/** "15 Nov" for "2026-11-15": a day inside a month already named. */
export function formatReportDay(day: string): string {
  return getFormat(
    'day',
    (locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
  ).format(Date.parse(`${day}T12:00:00Z`));
}

const UNITS = [
  ['days', 86_400_000],
  ['hours', 3_600_000],
  ['minutes', 60_000],
] as const;

/**
 * A length of time as a report reads it: its two largest units that are not zero, whole ("3 days, 4 hrs", "2 hrs, 14 mins"),
 * seconds under a minute, and "0 mins" for none. A number and its unit never part (a no-break space
 * between them), so a narrow column or a printed page wraps only between units.
 */
export function formatReportDuration(durationMs: number): string {
  if (!Number.isFinite(durationMs)) return '\u2014';
  return keepUnitsWhole(spellDuration(durationMs));
}

function keepUnitsWhole(text: string): string {
  return text.replace(/(\d) /g, '$1\u00a0');
}

function spellDuration(durationMs: number): string {
  const format = getFormat('duration', (locale) => new Intl.DurationFormat(locale, { style: 'short' }));
  const ms = Math.max(0, Math.round(durationMs));
  if (ms === 0)
    return getFormat(
      'zero',
      (locale) => new Intl.DurationFormat(locale, { style: 'short', minutesDisplay: 'always' }),
    ).format({ minutes: 0 });
  // Whole seconds, rounded down: 59.6 s is not yet a minute.
  if (ms < 60_000) return format.format({ seconds: Math.max(1, Math.floor(ms / 1000)) });
  const parts: Partial<Record<(typeof UNITS)[number][0], number>> = {};
  let rest = Math.round(ms / 60_000) * 60_000;
  let used = 0;
  for (const [unit, unitMs] of UNITS) {
    const amount = Math.floor(rest / unitMs);
    // Only units with an amount count toward the two shown: 1 day and 30 minutes, not "1 day".
    if (amount === 0) continue;
    parts[unit] = amount;
    rest -= amount * unitMs;
    used += 1;
    if (used === 2) break;
  }
  return format.format(parts);
}
