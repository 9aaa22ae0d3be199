import { DAY_MS } from '../../core/history/utc-day.ts';
import { firstLine } from '../../core/text.ts';
import { getSiteLocale } from '../i18n/browser.ts';
import { formatIsoDate, getSiteTimeZone } from '../lib/format.ts';
import type { IncidentModel } from './incidents.ts';

/** Days of past incidents the front page lists, as hosted status pages do. */
export const PAST_INCIDENT_DAYS = 7;

/** The longest line of an update a day's entry quotes. */
const SUMMARY_MAX_CHARS = 160;

export interface PastIncident {
  incident: IncidentModel;
  /** The first line of the newest update, as plain text, cut to SUMMARY_MAX_CHARS. */
  summary: string | undefined;
}

export interface IncidentDay {
  /** "2026-12-01", in the site's time zone. */
  key: string;
  /** "1 December 2026". */
  label: string;
  /** What began that day, newest first; empty on a day with nothing to report. */
  incidents: PastIncident[];
}

/** "2026-12-01": the calendar day of an instant in the site's time zone. */
export function toSiteDayKey(epochMs: number): string {
  const zone = getSiteTimeZone();
  if (dayKeyZone !== zone || dayKeys.size >= DAY_KEY_LIMIT) {
    dayKeys.clear();
    dayKeyZone = zone;
  }
  let key = dayKeys.get(epochMs);
  if (key === undefined) {
    key = formatIsoDate(epochMs, zone);
    dayKeys.set(epochMs, key);
  }
  return key;
}

// The days of the same incidents' starts are asked for on every render of the data outputs.
const DAY_KEY_LIMIT = 4096;
const dayKeys = new Map<number, string>();
let dayKeyZone: string | undefined;

/** The last `dayCount` calendar days of the site's zone, today first (the browser's live refresh too). */
export function listDayKeys(nowMs: number, dayCount = PAST_INCIDENT_DAYS): string[] {
  const keys: string[] = [];
  // Half-day steps reach every calendar day, even one that daylight saving made 23 hours long.
  for (let index = 0; keys.length < dayCount; index++) {
    const key = toSiteDayKey(nowMs - (index * DAY_MS) / 2);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** "1 December 2026" for the day "2026-12-01" ("2026年12月1日", "1. Dezember 2026"). */
export function formatDayLabel(key: string): string {
  const locale = getSiteLocale();
  if (dayLabelFormat?.locale !== locale) {
    dayLabelFormat = {
      locale,
      format: new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    };
  }
  return dayLabelFormat.format.format(new Date(`${key}T12:00:00Z`));
}

// Made once per language: every render lists the past incident days again.
let dayLabelFormat: { locale: string; format: Intl.DateTimeFormat } | undefined;

/**
 * The last `dayCount` days, today first, each with the incidents and maintenance that began on it
 * (maintenance still to come is not past, so it is left out). Days are the site's calendar days.
 */
export function listIncidentDays(
  incidents: readonly IncidentModel[],
  nowMs: number,
  dayCount = PAST_INCIDENT_DAYS,
): IncidentDay[] {
  const keys = listDayKeys(nowMs, dayCount);
  const byDay = new Map<string, PastIncident[]>(keys.map((key) => [key, []]));
  for (const incident of incidents) {
    if (incident.phase === 'upcoming' || incident.startMs > nowMs) continue;
    const summary = firstLine(incident.updates.at(-1)?.plainText ?? '', SUMMARY_MAX_CHARS);
    byDay.get(toSiteDayKey(incident.startMs))?.push({ incident, summary });
  }
  return keys.map((key) => ({
    key,
    label: formatDayLabel(key),
    incidents: (byDay.get(key) ?? []).toSorted((a, b) => b.incident.startMs - a.incident.startMs),
  }));
}

export interface IncidentMonth {
  /** "2026-11" */
  key: string;
  /** "November 2026" */
  label: string;
  incidents: IncidentModel[];
}

/** Incidents grouped by the month they started in, in the site's zone (`site.timeZone`), in the order given. */
export function groupIncidentsByMonth(incidents: readonly IncidentModel[]): IncidentMonth[] {
  const months: IncidentMonth[] = [];
  for (const incident of incidents) {
    const key = formatIsoDate(incident.startMs).slice(0, 7);
    const month = months.at(-1);
    if (month?.key === key) month.incidents.push(incident);
    else {
      // Noon UTC of the 15th names the month whatever the zone.
      const label = new Date(`${key}-15T12:00:00Z`).toLocaleDateString(getSiteLocale(), {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
      months.push({ key, label, incidents: [incident] });
    }
  }
  return months;
}
