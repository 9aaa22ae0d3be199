// The monthly report's figures: one UTC month of one component, folded from the very days its 90-day
// bar shows (listDayDurations in daily-bars.ts), so a month is the sum of its days and nothing else.
import type { RunSeries } from '../../core/history/run-series.ts';
import { createEmptyTally, findLongestCoverMs, uptimeRatio } from '../../core/history/uptime.ts';
import { DAY_MS, getUtcDayStartMs, getUtcMonthEndMs, toUtcDay } from '../../core/history/utc-day.ts';
import type { RollupLine, StatusTally } from '../../core/model/index.ts';
import { type DailyCell, describeDay, listDayDurations } from './daily-bars.ts';

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The part of one UTC month a report covers: the whole month, or up to the build's clock. */
export interface MonthSpan {
  /** YYYY-MM. */
  month: string;
  /** Midnight UTC of the 1st. */
  fromMs: number;
  /** The month's end, or the build's clock while the month is under way (exclusive). */
  toMs: number;
  /** The UTC days of the span, the last one (today) possibly partial. */
  dayCount: number;
  /** The month is the current one: its figures are "to date". */
  isToDate: boolean;
}

/** Whether `month` reads as a YYYY-MM month. */
export function isReportMonth(month: string): boolean {
  return MONTH_PATTERN.test(month);
}

/** The span of `month` a report built at nowMs covers; undefined for a month that has not begun. */
export function getMonthSpan(month: string, nowMs: number): MonthSpan | undefined {
  const fromMs = getUtcDayStartMs(`${month}-01`);
  const endMs = getUtcMonthEndMs(month);
  if (fromMs > nowMs) return undefined;
  const toMs = Math.min(endMs, nowMs);
  return {
    month,
    fromMs,
    toMs,
    dayCount: Math.ceil((toMs - fromMs) / DAY_MS),
    isToDate: endMs > nowMs,
  };
}

/** The UTC months from the one holding firstMs to the one holding nowMs, newest first. */
export function listMonths(firstMs: number, nowMs: number): string[] {
  const months: string[] = [];
  let month = toUtcDay(nowMs).slice(0, 7);
  const first = toUtcDay(Math.min(firstMs, nowMs)).slice(0, 7);
  while (month >= first) {
    months.push(month);
    month = toUtcDay(getUtcDayStartMs(`${month}-01`) - DAY_MS).slice(0, 7);
  }
  return months;
}

/** One component's month: its days as the bar shows them, and their sums. */
export interface MonthFigures {
  /** The month's days, oldest first, each as its bar cell. */
  days: DailyCell[];
  /** Time per status over the month: the sum of its days. */
  durationsMs: StatusTally;
  /** Up or degraded time over time with a verdict; null when the month had none. */
  ratio: number | null;
  /** Time the span held without a verdict or maintenance: gaps, unknown runs, days before any data. */
  noDataMs: number;
  /** The longest unbroken down time (see longestOutageIsDayTotal). */
  longestOutageMs: number;
  /**
   * The longest outage is one day's down time as its rollup keeps it: days older than the retained runs
   * keep no instants, so that day's down time may have been several shorter outages.
   */
  longestOutageIsDayTotal: boolean;
  /** The days without any data (neither a verdict nor maintenance). */
  noDataDays: string[];
}

/** What a month is folded from: a component's runs and rollups as the site model holds them. */
export interface MonthSubject {
  /** Its runs, maintenance windows already marked (site-model.ts). */
  runs: RunSeries;
  rollups: readonly RollupLine[];
  staleAfterMs: number;
}

/** One component's figures over a month's span: each day by the bar's rule, summed. */
export function foldComponentMonth(subject: MonthSubject, span: MonthSpan, nowMs: number): MonthFigures {
  const clock = { nowMs, staleAfterMs: subject.staleAfterMs };
  const dayDurations = listDayDurations(subject.runs, subject.rollups, clock, {
    fromMs: span.fromMs,
    dayCount: span.dayCount,
  });
  const durationsMs = createEmptyTally();
  let noDataMs = 0;
  let longestDayTotalMs = 0;
  const noDataDays: string[] = [];
  for (const { day, durationsMs: tally, isRollup } of dayDurations) {
    addTally(durationsMs, tally);
    const dayStartMs = getUtcDayStartMs(day);
    const spanMs = Math.min(dayStartMs + DAY_MS, span.toMs) - dayStartMs;
    const coveredMs = tally.up + tally.degraded + tally.down + tally.maintenance;
    noDataMs += Math.max(0, spanMs - coveredMs);
    if (coveredMs === 0) noDataDays.push(day);
    if (isRollup) longestDayTotalMs = Math.max(longestDayTotalMs, tally.down);
  }
  const longestRunMs = findLongestCoverMs(
    subject.runs,
    { from: span.fromMs, to: span.toMs, maxGapMs: subject.staleAfterMs },
    'down',
  );
  return {
    days: dayDurations.map(({ day, durationsMs: tally }) => describeDay(day, tally)),
    durationsMs,
    ratio: uptimeRatio(durationsMs),
    noDataMs,
    longestOutageMs: Math.max(longestRunMs, longestDayTotalMs),
    longestOutageIsDayTotal: longestDayTotalMs > longestRunMs,
    noDataDays,
  };
}

/** Several components' months as one (a group, the site): their times added, uptime over the sum. */
export function poolMonthFigures(figures: readonly MonthFigures[]): {
  durationsMs: StatusTally;
  ratio: number | null;
  noDataMs: number;
} {
  const durationsMs = createEmptyTally();
  let noDataMs = 0;
  for (const figure of figures) {
    addTally(durationsMs, figure.durationsMs);
    noDataMs += figure.noDataMs;
  }
  return { durationsMs, ratio: uptimeRatio(durationsMs), noDataMs };
}

function addTally(target: StatusTally, source: StatusTally): void {
  for (const status of Object.keys(target) as (keyof StatusTally)[]) target[status] += source[status];
}
