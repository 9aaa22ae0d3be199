// Live refresh of a 90-day bar (DailyBar.astro): today takes the newest figures read, and a new UTC
// day moves the bar on by one day, the oldest leaving. The bar is redrawn by the same code the build
// uses (daily-bar-code.ts), so it looks and reads as a rebuilt one would.
import type { ComponentStatus } from '../../core/model/index.ts';
import type { DayFigures } from '../lib/daily-cell-text.ts';
import type { BarDay } from './daily-bar-code.ts';
import { readBarDays, writeBarDays } from './daily-bar-element.ts';

const DAY_MS = 86_400_000;

/** Today's status and figures for one component's bar. */
export interface BarToday {
  day: string;
  status: ComponentStatus;
  figures: DayFigures;
}

/** Writes today into the bar; a bar already past that day (an older read) is left alone. */
export function showBarToday(bar: HTMLElement, today: BarToday): void {
  const days = readBarDays(bar);
  const last = days.at(-1);
  if (last === undefined || today.day < last.day) return;
  // The incidents the build listed for the day stay; the figures are the newest read.
  const todayDay: BarDay = { ...today, incidents: today.day === last.day ? last.incidents : [] };
  const next = days.slice(0, -1);
  if (today.day === last.day) next.push(todayDay);
  else {
    // One day later (or more, after a long sleep): the bar keeps its length, the days between have no data.
    next.push(last);
    for (let ms = Date.parse(`${last.day}T00:00:00Z`) + DAY_MS; toDay(ms) < today.day; ms += DAY_MS)
      next.push({ day: toDay(ms), status: 'no_data', figures: NO_DATA, incidents: [] });
    next.push(todayDay);
    next.splice(0, next.length - days.length);
  }
  writeBarDays(bar, next);
}

const NO_DATA: DayFigures = { ratio: null, downMs: 0, degradedMs: 0, maintenanceMs: 0 };

function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
