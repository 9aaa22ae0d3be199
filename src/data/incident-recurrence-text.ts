// A recurring maintenance's rule in the site's language ("Every Tuesday 06:00–08:00 UTC", "毎週火曜日
// 06:00–08:00 UTC", "Jeden Dienstag 06:00–08:00 UTC"). core's describeRecurrence says it in English
// (calendars and feeds keep that); the common daily and weekly rules it writes are said again here
// through the catalogue. A rarer rule (monthly, by set position) keeps the rrule library's English.
import { describeRecurrence, type RecurringEntry } from '../../core/incidents/recurrence.ts';
import { getSiteLocale, t } from '../i18n/index.ts';
import { listSeparator } from '../lib/status-label.ts';

const ENGLISH_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WINDOW = String.raw`(\d{2}:\d{2}–\d{2}:\d{2} UTC)`;
const WEEKLY = new RegExp(
  String.raw`^Every (?:(\d+) weeks on )?((?:${ENGLISH_DAYS.join('|')})(?:, (?:${ENGLISH_DAYS.join('|')}))*) ${WINDOW}$`,
);
const DAILY = new RegExp(String.raw`^Every (?:(\d+) )?days? ${WINDOW}$`);

// 2024-01-01 was a Monday: the language's weekday names from Intl, Monday first.
function dayName(englishDay: string): string {
  const index = ENGLISH_DAYS.indexOf(englishDay);
  return new Intl.DateTimeFormat(getSiteLocale(), { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, 1 + index, 12),
  );
}

/** The rule in words for the page, in the site's language. */
export function describeRecurrenceText(entry: RecurringEntry & { rrule: string }): string {
  const english = describeRecurrence(entry);
  const weekly = WEEKLY.exec(english);
  if (weekly !== null) {
    const [, interval, days = '', window = ''] = weekly;
    const names = days.split(', ').map(dayName).join(listSeparator());
    return interval === undefined
      ? t('incidents.recurEveryWeek', { days: names, window })
      : t('incidents.recurEveryWeeks', { count: Number(interval), days: names, window });
  }
  const daily = DAILY.exec(english);
  if (daily !== null) {
    const [, interval, window = ''] = daily;
    return interval === undefined
      ? t('incidents.recurEveryDay', { window })
      : t('incidents.recurEveryDays', { count: Number(interval), window });
  }
  return english;
}
