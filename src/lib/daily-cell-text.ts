// The words of one day of the 90-day bar, shared by the build (DailyBar.astro) and live refresh
// (src/scripts/live-refresh.ts), so a cell redrawn in the browser reads as a rebuilt one would.
import { formatDurationMs } from '../../core/model/duration-format.ts';
import { formatUptime } from './format.ts';

/** What a day's cell says: its uptime and the time down, degraded and under maintenance. */
export interface DayFigures {
  ratio: number | null;
  downMs: number;
  degradedMs: number;
  maintenanceMs: number;
}

const DAY_NAME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "1 Dec 2026" for the UTC day "2026-12-01". */
export function formatBarDay(day: string): string {
  return DAY_NAME.format(new Date(`${day}T00:00:00Z`));
}

/** "99.86% up, 2 h down, 10 min degraded", or "no data" / "under maintenance" for a day without data. */
export function describeDayFigures(figures: DayFigures): string {
  if (figures.ratio === null) return figures.maintenanceMs > 0 ? 'under maintenance' : 'no data';
  const facts = [
    `${formatUptime(figures.ratio)} up`,
    figures.downMs > 0 ? `${formatDurationMs(figures.downMs)} down` : 'no downtime',
  ];
  if (figures.degradedMs > 0) facts.push(`${formatDurationMs(figures.degradedMs)} degraded`);
  if (figures.maintenanceMs > 0) facts.push(`${formatDurationMs(figures.maintenanceMs)} maintenance`);
  return facts.join(', ');
}

/** A cell's whole text, "<date>: <figures>[ · <incident titles>]" (daily-bar-tips.ts splits it there). */
export function describeDayCell(day: string, figures: DayFigures, incidentTitles: readonly string[]): string {
  const titles = incidentTitles.length > 0 ? ` · ${incidentTitles.join('; ')}` : '';
  return `${formatBarDay(day)}: ${describeDayFigures(figures)}${titles}`;
}
