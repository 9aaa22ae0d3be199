import type { RunSeries } from '../../core/history/run-series.ts';
import { sumRunDurations, uptimeRatio } from '../../core/history/uptime.ts';
import { DAY_MS, getUtcDayStartMs, toUtcDay } from '../../core/history/utc-day.ts';
import type { ComponentStatus, RollupLine, StatusTally } from '../../core/model/index.ts';

/** Days in the front page's history bar. */
export const BAR_DAYS = 90;

/** How many of the newest days the bar shows, widest first: DailyBar's container queries pick one. */
export const BAR_DAYS_SHOWN = [90, 60, 30] as const;

/** One day of one component: what the bar cell and its tooltip say. */
export interface DailyCell {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Up or degraded time over time with data; null without data. */
  ratio: number | null;
  downMs: number;
  degradedMs: number;
  maintenanceMs: number;
  /** The colour word: worst of the day, weighed by how much time was down. */
  status: ComponentStatus;
}

/**
 * The last BAR_DAYS UTC days, oldest first. Raw runs decide the days they cover; older days come
 * from the daily rollups; days before any data are "no data", never green.
 */
export function buildDailyCells(
  runs: RunSeries,
  rollups: readonly RollupLine[],
  clock: { nowMs: number; staleAfterMs: number },
): DailyCell[] {
  const todayStartMs = getUtcDayStartMs(toUtcDay(clock.nowMs));
  return listDayDurations(runs, rollups, clock, {
    fromMs: todayStartMs - (BAR_DAYS - 1) * DAY_MS,
    dayCount: BAR_DAYS,
  }).map(({ day, durationsMs }) => describeDay(day, durationsMs));
}

/** One UTC day's time per status, as its bar cell counts it. */
export interface DayDurations {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  durationsMs: StatusTally;
  /** Whether the day is its daily rollup (older than the runs) rather than summed from the runs. */
  isRollup: boolean;
}

/**
 * Time per status of `dayCount` UTC days from the midnight `fromMs`, oldest first: the one rule of the
 * bar (and of the monthly reports, src/data/monthly-report.ts). A day the raw runs reach, or one without
 * a rollup, is summed from the runs (today up to the clock); an older day is its rollup.
 */
export function listDayDurations(
  runs: RunSeries,
  rollups: readonly RollupLine[],
  clock: { nowMs: number; staleAfterMs: number },
  days: { fromMs: number; dayCount: number },
): DayDurations[] {
  const rollupByDay = new Map(rollups.map((rollup) => [rollup.day, rollup]));
  const firstRawDayMs =
    runs.length === 0 ? Number.POSITIVE_INFINITY : getUtcDayStartMs(toUtcDay(runs.t[0] as number));
  const list: DayDurations[] = [];
  for (let index = 0; index < days.dayCount; index += 1) {
    const fromMs = days.fromMs + index * DAY_MS;
    const day = toUtcDay(fromMs);
    const rollup = rollupByDay.get(day);
    const isRollup = fromMs < firstRawDayMs && rollup !== undefined;
    const durationsMs =
      !isRollup || rollup === undefined
        ? sumRunDurations(runs, {
            from: fromMs,
            to: Math.min(fromMs + DAY_MS, clock.nowMs),
            maxGapMs: clock.staleAfterMs,
          })
        : rollup.durationsMs;
    list.push({ day, durationsMs, isRollup });
  }
  return list;
}

/** A bar cell from its day's time per status. */
export function describeDay(day: string, durations: StatusTally): DailyCell {
  const ratio = uptimeRatio(durations);
  return {
    day,
    ratio,
    downMs: durations.down,
    degradedMs: durations.degraded,
    maintenanceMs: durations.maintenance,
    status: judgeDay(ratio, durations),
  };
}

/** Any downtime colours the day; under 1 % of the day's data it is a partial, above a major outage. */
function judgeDay(ratio: number | null, durations: StatusTally): ComponentStatus {
  if (ratio === null) return durations.maintenance > 0 ? 'under_maintenance' : 'no_data';
  if (durations.down > 0) return ratio >= 0.99 ? 'partial_outage' : 'major_outage';
  if (durations.degraded > 0) return 'degraded_performance';
  return durations.maintenance > 0 ? 'under_maintenance' : 'operational';
}
