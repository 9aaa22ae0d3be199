// The words of one day of the 90-day bar, shared by the build (DailyBar.astro) and live refresh
// (src/scripts/live-refresh.ts), so a cell redrawn in the browser reads as a rebuilt one would.
import { getSiteLanguage, getSiteLocale, t } from '../i18n/browser.ts';
import { formatDuration, formatLocalUptime } from './format.ts';

/** What a day's cell says: its uptime and the time down, degraded and under maintenance. */
export interface DayFigures {
  ratio: number | null;
  downMs: number;
  degradedMs: number;
  maintenanceMs: number;
}

let dayName: { language: string; format: Intl.DateTimeFormat } | undefined;

/** "1 Dec 2026" for the UTC day "2026-12-01" ("2026年12月1日" in Japanese, "1. Dez. 2026" in German). */
export function formatBarDay(day: string): string {
  const language = getSiteLanguage();
  if (dayName?.language !== language) {
    dayName = {
      language,
      format: new Intl.DateTimeFormat(getSiteLocale(), {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    };
  }
  return dayName.format.format(new Date(`${day}T00:00:00Z`));
}

/** "99.86% up, 2 h down, 10 min degraded", or "no data" / "under maintenance" for a day without data. */
export function describeDayFigures(figures: DayFigures): string {
  if (figures.ratio === null)
    return t(figures.maintenanceMs > 0 ? 'browserCommon.dayUnderMaintenance' : 'browserCommon.dayNoData');
  const facts = [
    t('browserCommon.dayUptime', { uptime: formatLocalUptime(figures.ratio) }),
    figures.downMs > 0
      ? t('browserCommon.dayDown', { duration: formatDuration(figures.downMs) })
      : t('browserCommon.dayNoDowntime'),
  ];
  if (figures.degradedMs > 0)
    facts.push(t('browserCommon.dayDegraded', { duration: formatDuration(figures.degradedMs) }));
  if (figures.maintenanceMs > 0)
    facts.push(t('browserCommon.dayMaintenance', { duration: formatDuration(figures.maintenanceMs) }));
  return facts.join(t('browserCommon.listSeparator'));
}

/** A cell's whole text, "<date>: <figures>[ · <incident titles>]" (daily-bar-tips.ts splits it there). */
export function describeDayCell(day: string, figures: DayFigures, incidentTitles: readonly string[]): string {
  const titles = incidentTitles.length > 0 ? ` · ${incidentTitles.join('; ')}` : '';
  return `${formatBarDay(day)}: ${describeDayFigures(figures)}${titles}`;
}
