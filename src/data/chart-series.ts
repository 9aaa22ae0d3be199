import { percentile } from '../../core/history/percentile.ts';
import { DAY_MS, getUtcDayStartMs, toUtcDay } from '../../core/history/utc-day.ts';
import type { RollupLine } from '../../core/model/index.ts';
import type { MetricUnit } from '../lib/metric-format.ts';
import { type ChartPoint, downsampleSeries, type SeriesPoint } from './downsample.ts';

/** Points per drawn series: enough to see spikes, few enough for a phone. */
export const MAX_CHART_POINTS = 500;

/** The ranges every chart offers: the short ones from the runs themselves, the long ones by day. */
export const CHART_RANGES = [
  { id: '24h', label: '24 h', title: 'last 24 hours', spanMs: DAY_MS, resolution: 'run' },
  { id: '7d', label: '7 d', title: 'last 7 days', spanMs: 7 * DAY_MS, resolution: 'run' },
  { id: '30d', label: '30 d', title: 'last 30 days, by day', spanMs: 30 * DAY_MS, resolution: 'day' },
  { id: '90d', label: '90 d', title: 'last 90 days, by day', spanMs: 90 * DAY_MS, resolution: 'day' },
] as const;
export type ChartRangeId = (typeof CHART_RANGES)[number]['id'];

/** The range drawn as built (and without JavaScript). */
export const DEFAULT_CHART_RANGE: ChartRangeId = '7d';

/** One metric over one range, as drawn. */
export interface ChartRangeSeries {
  id: ChartRangeId;
  /** "7 d": the button. */
  label: string;
  /** "last 7 days": what the chart says it shows. */
  title: string;
  resolution: 'run' | 'day';
  /** Oldest first. A null value is a gap: a missing run, or a day without data. */
  points: ChartPoint[];
  /** Day resolution only: each day's highest value, so a short spike stays visible. */
  highest?: ChartPoint[];
}

/** One chart: a metric with its series for every range that has data. */
export interface ChartSeries {
  /** "ms" for response time, otherwise the metric's name; unique per page. */
  key: string;
  label: string;
  unit: MetricUnit;
  /** The range drawn first: the default one, or the shortest with data when it has none. */
  defaultRange: ChartRangeId;
  ranges: ChartRangeSeries[];
}

/** One day's summary of a metric: its mean (or median) and its highest value. */
export interface DayValue {
  mean: number;
  max: number;
}

/** How often a check runs: its own interval, else the site's (the one rule, in core). */
export { getCheckIntervalMs } from '../../core/model/check-schedule.ts';

/**
 * The widest step between two runs that misses none: one and a half intervals, so a run a little late
 * is no gap, and one run missing (a step of two intervals) is.
 */
export function getMissingRunStepMs(intervalMs: number): number {
  return 1.5 * intervalMs;
}

/** The raw series with a null between any two runs further apart than maxStepMs (a missing run). */
export function markMissingRuns(points: readonly SeriesPoint[], maxStepMs: number): ChartPoint[] {
  const marked: ChartPoint[] = [];
  let previousT: number | undefined;
  const sorted = points.every(
    (point, index) => index === 0 || (points[index - 1] as SeriesPoint).t <= point.t,
  )
    ? points
    : points.toSorted((a, b) => a.t - b.t);
  for (const { t, v } of sorted) {
    if (previousT !== undefined && t - previousT > maxStepMs)
      marked.push({ t: (previousT + t) / 2, v: null });
    marked.push({ t, v });
    previousT = t;
  }
  return marked;
}

/**
 * The day's value and highest value per UTC day of a raw series: the mean, or the median where the
 * rollups that stand for older days keep a median (response time), so the line does not jump where
 * raw days end and rollup days begin.
 */
export function summarizeDays(
  points: readonly SeriesPoint[],
  center: 'mean' | 'median' = 'mean',
): Map<string, DayValue> {
  const byDay = new Map<string, number[]>();
  // Runs come in time order: the day's name is worked out once per day, not once per run.
  let dayIndex = Number.NaN;
  let values: number[] = [];
  for (const { t, v } of points) {
    const index = Math.floor(t / DAY_MS);
    if (index !== dayIndex) {
      dayIndex = index;
      const day = toUtcDay(t);
      values = byDay.get(day) ?? [];
      byDay.set(day, values);
    }
    values.push(v);
  }
  return new Map(
    [...byDay].map(([day, values]) => {
      const max = values.reduce((highest, v) => Math.max(highest, v), Number.NEGATIVE_INFINITY);
      const mean =
        center === 'median'
          ? percentile(
              [...values].sort((a, b) => a - b),
              50,
            )
          : values.reduce((sum, v) => sum + v, 0) / values.length;
      return [day, { mean, max }];
    }),
  );
}

export interface ChartRangesInput {
  /** Every retained run's value, any order. */
  runs: readonly SeriesPoint[];
  /** Days folded into rollups (days the runs also cover are taken from the runs). */
  rollupDays?: ReadonlyMap<string, DayValue>;
  /** How a raw day is summed up for the 30 and 90 day ranges, as its rollups do (default mean). */
  dayCenter?: 'mean' | 'median';
  nowMs: number;
  /** A step between runs wider than this is a missing run (see getMissingRunStepMs). */
  maxStepMs: number;
  maxPoints?: number;
}

/**
 * A chart's series for each range. Gaps are decided on the raw runs, before thinning, and thinning
 * keeps each bucket's extremes and gaps; day ranges put a null on a day without data. Undefined when
 * no range has data.
 */
export function buildChartRanges(
  input: ChartRangesInput,
): Pick<ChartSeries, 'defaultRange' | 'ranges'> | undefined {
  const { nowMs, maxPoints = MAX_CHART_POINTS } = input;
  const runs = input.runs.filter((point) => point.t <= nowMs && Number.isFinite(point.v));
  const days = new Map([
    ...(input.rollupDays ?? new Map<string, DayValue>()),
    ...summarizeDays(runs, input.dayCenter),
  ]);
  const ranges = CHART_RANGES.flatMap(({ spanMs, ...range }): ChartRangeSeries[] => {
    const sinceMs = nowMs - spanMs;
    if (range.resolution === 'run') {
      const inRange = runs.filter((point) => point.t >= sinceMs);
      const points = downsampleSeries(markMissingRuns(inRange, input.maxStepMs), maxPoints);
      return points.length === 0 ? [] : [{ ...range, points }];
    }
    const daily = listDays(days, sinceMs, nowMs);
    return daily.length === 0 ? [] : [{ ...range, points: daily.map(toMean), highest: daily.map(toMax) }];
  });
  if (ranges.length === 0) return undefined;
  const defaultRange = ranges.some((range) => range.id === DEFAULT_CHART_RANGE)
    ? DEFAULT_CHART_RANGE
    : (ranges[0] as ChartRangeSeries).id;
  return { defaultRange, ranges };
}

type DayPoint = { t: number; value: DayValue | undefined };

// Each UTC day from the first with data in the range to the last, at its noon; a day between without data is a gap.
function listDays(days: ReadonlyMap<string, DayValue>, sinceMs: number, nowMs: number): DayPoint[] {
  const inRange = [...days.keys()]
    .filter((day) => getUtcDayStartMs(day) + DAY_MS > sinceMs && getUtcDayStartMs(day) <= nowMs)
    .sort();
  const firstDay = inRange[0];
  const lastDay = inRange.at(-1);
  if (firstDay === undefined || lastDay === undefined) return [];
  const points: DayPoint[] = [];
  for (let startMs = getUtcDayStartMs(firstDay); startMs <= getUtcDayStartMs(lastDay); startMs += DAY_MS) {
    points.push({ t: startMs + DAY_MS / 2, value: days.get(toUtcDay(startMs)) });
  }
  return points;
}

const toMean = ({ t, value }: DayPoint): ChartPoint => ({ t, v: value?.mean ?? null });
const toMax = ({ t, value }: DayPoint): ChartPoint => ({ t, v: value?.max ?? null });

/** The days a check's rollups hold for one series (a metric's mean and max, or the median and max latency). */
export function indexRollupDays(
  rollups: readonly RollupLine[],
  read: (rollup: RollupLine) => DayValue | undefined,
): Map<string, DayValue> {
  const days = new Map<string, DayValue>();
  for (const rollup of rollups) {
    const value = read(rollup);
    if (value !== undefined && Number.isFinite(value.mean) && Number.isFinite(value.max))
      days.set(rollup.day, value);
  }
  return days;
}

/** A rollup's day of one metric. */
export const readRollupMetric =
  (name: string) =>
  (rollup: RollupLine): DayValue | undefined =>
    rollup.metrics[name];

/** A rollup's day of response time: the median run and the slowest. */
export const readRollupLatency = (rollup: RollupLine): DayValue | undefined =>
  rollup.latencyMs === null ? undefined : { mean: rollup.latencyMs.p50, max: rollup.latencyMs.max };

/** One chart, or none when no range has data: the metric's words and its series per range. */
export function buildChart(
  metric: Pick<ChartSeries, 'key' | 'label' | 'unit'>,
  input: ChartRangesInput,
): ChartSeries[] {
  const ranged = buildChartRanges(input);
  return ranged === undefined ? [] : [{ ...metric, ...ranged }];
}
