import { describe, expect, it } from 'vitest';
import { ConfigSchema, type RollupLine, type SnapshotLine } from '../../../../core/model/index.ts';
import {
  buildChartRanges,
  type ChartRangeSeries,
  getCheckIntervalMs,
  getMissingRunStepMs,
  indexRollupDays,
  MAX_CHART_POINTS,
  markMissingRuns,
  readRollupLatency,
  summarizeDays,
} from '../../../../src/data/chart-series.ts';
import { deriveComponentDetail } from '../../../../src/data/component-detail.ts';
import type { SeriesPoint } from '../../../../src/data/downsample.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);
/** The run that never happened (a collector that did not start), 3 days back. */
const MISSING_RUN_MS = NOW_MS - 3 * DAY_MS + 35 * MINUTE_MS;
/** One run 60 times slower than the rest, 2 days back. */
const SPIKE_RUN_MS = NOW_MS - 2 * DAY_MS - 4 * HOUR_MS;
const SPIKE_MS = 9_876.5;

/** 14 days of 5-minute runs of one http-like check, one run missing and one outage spike. */
function fourteenDays(): SnapshotLine[] {
  return generateSnapshotLines({
    source: 'main',
    checkIds: ['web'],
    from: new Date(NOW_MS - 14 * DAY_MS),
    to: new Date(NOW_MS + 1),
    intervalMs: INTERVAL_MS,
  })
    .filter((line) => Date.parse(line.t) !== MISSING_RUN_MS)
    .map((line) =>
      Date.parse(line.t) === SPIKE_RUN_MS
        ? {
            ...line,
            results: line.results.map((r) => ({ ...r, ms: SPIKE_MS, metrics: { latencyMs: SPIKE_MS } })),
          }
        : line,
    );
}

const runsOf = (lines: readonly SnapshotLine[]): SeriesPoint[] =>
  lines.map((line) => ({ t: Date.parse(line.t), v: line.results[0]?.metrics.latencyMs as number }));

const gapsIn = (range: ChartRangeSeries | undefined) => (range?.points ?? []).filter((p) => p.v === null);
const valuesIn = (range: ChartRangeSeries | undefined) =>
  (range?.points ?? []).flatMap((p) => (p.v === null ? [] : [p.v]));

describe('chart series at a 5-minute cadence over 14 days', () => {
  const lines = fourteenDays();
  const maxStepMs = getMissingRunStepMs(INTERVAL_MS);
  const built = buildChartRanges({ runs: runsOf(lines), nowMs: NOW_MS, maxStepMs });
  const range = (id: string) => built?.ranges.find((candidate) => candidate.id === id);

  it('a gap is a step wider than one and a half intervals', () => {
    expect(getMissingRunStepMs(INTERVAL_MS)).toBe(7.5 * MINUTE_MS);
    expect(getCheckIntervalMs({}, { interval: INTERVAL_MS })).toBe(INTERVAL_MS);
    expect(getCheckIntervalMs({ interval: HOUR_MS }, { interval: INTERVAL_MS })).toBe(HOUR_MS);
  });

  it('marks the missing run, and only it, before thinning', () => {
    const marked = markMissingRuns(runsOf(lines), maxStepMs);
    expect(marked.filter((p) => p.v === null)).toEqual([{ t: MISSING_RUN_MS, v: null }]);
    // A run a little late is not a gap.
    const late = markMissingRuns(
      [
        { t: 0, v: 1 },
        { t: 7 * MINUTE_MS, v: 2 },
        { t: 10 * MINUTE_MS, v: 3 },
      ],
      maxStepMs,
    );
    expect(late.filter((p) => p.v === null)).toEqual([]);
  });

  it('the 7-day series is thinned to the limit with exactly one gap and the spike kept', () => {
    const week = range('7d');
    expect(built?.defaultRange).toBe('7d');
    expect(week?.points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(week?.points.length).toBeGreaterThan(MAX_CHART_POINTS - 10);
    expect(gapsIn(week)).toHaveLength(1);
    expect(Math.max(...valuesIn(week))).toBe(SPIKE_MS);
    expect(week?.points[0]?.t).toBe(NOW_MS - 7 * DAY_MS);
    expect(week?.points.at(-1)?.t).toBe(NOW_MS);
  });

  it('the 24-hour series has every run (288 of them) and no gap', () => {
    const day = range('24h');
    expect(day?.points).toHaveLength(24 * 12 + 1);
    expect(gapsIn(day)).toEqual([]);
  });

  it('the 30- and 90-day series have one point per UTC day, mean and highest', () => {
    const month = range('30d');
    expect(month?.resolution).toBe('day');
    // 14 days back from noon, through today: 15 UTC days.
    expect(month?.points).toHaveLength(15);
    expect(gapsIn(month)).toEqual([]);
    expect(Math.max(...(month?.highest ?? []).map((p) => p.v as number))).toBe(SPIKE_MS);
    expect(range('90d')?.points).toEqual(month?.points);
  });

  it('reads days before the runs from the rollups, and a day without any data is a gap', () => {
    const rollup = (day: string, p50: number, max: number): RollupLine => ({
      v: 1,
      day,
      id: 'web',
      samples: { up: 288, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
      durationsMs: { up: DAY_MS, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
      uptime: 1,
      latencyMs: { p50, p95: p50, max },
      metrics: {},
    });
    // 40 and 39 days back are rolled up; the days between them and the runs have nothing.
    const rollupDays = indexRollupDays(
      [rollup('2026-10-22', 50, 400), rollup('2026-10-23', 60, 500)],
      readRollupLatency,
    );
    const withRollups = buildChartRanges({ runs: runsOf(lines), rollupDays, nowMs: NOW_MS, maxStepMs });
    const quarter = withRollups?.ranges.find((candidate) => candidate.id === '90d');
    expect(quarter?.points[0]).toEqual({ t: Date.UTC(2026, 9, 22, 12), v: 50 });
    expect(quarter?.highest?.[1]).toEqual({ t: Date.UTC(2026, 9, 23, 12), v: 500 });
    // 24 Oct to 16 Nov: no data, one null per day.
    expect(gapsIn(quarter)).toHaveLength(24);
    // Outside the last 30 days: the 30-day series starts with the runs.
    expect(withRollups?.ranges.find((candidate) => candidate.id === '30d')?.points).toHaveLength(15);
  });

  it('a first run alone is one point; no data at all is no chart', () => {
    const first = buildChartRanges({ runs: [{ t: NOW_MS, v: 12 }], nowMs: NOW_MS, maxStepMs });
    expect(first?.ranges.find((candidate) => candidate.id === '7d')?.points).toEqual([{ t: NOW_MS, v: 12 }]);
    expect(buildChartRanges({ runs: [], nowMs: NOW_MS, maxStepMs })).toBeUndefined();
  });

  it('data older than 7 days draws the 30-day range first', () => {
    const old = buildChartRanges({ runs: [{ t: NOW_MS - 10 * DAY_MS, v: 1 }], nowMs: NOW_MS, maxStepMs });
    expect(old?.defaultRange).toBe('30d');
    expect(old?.ranges.map((candidate) => candidate.id)).toEqual(['30d', '90d']);
  });

  it('a component page charts the same: response time with one gap and the spike', () => {
    const config = ConfigSchema.parse({
      site: { interval: '5m' },
      checks: [{ id: 'web', type: 'tcp', host: 'a', port: 1 }],
    });
    const model = deriveSiteModel({ config, snapshots: lines, rollups: [], nowMs: NOW_MS });
    const component = model.components[0];
    if (component === undefined) throw new Error('no component');
    const [chart] = deriveComponentDetail(component, model).charts;
    const week = chart?.ranges.find((candidate) => candidate.id === '7d');
    expect(gapsIn(week)).toHaveLength(1);
    expect(Math.max(...valuesIn(week))).toBe(SPIKE_MS);
  });
});

describe('summarizeDays', () => {
  const day = Date.parse('2026-11-20T00:00:00Z');
  const points = [10, 20, 30, 40, 900].map((v, i) => ({ t: day + i * 300_000, v }));

  it('takes the mean of a day by default, and its highest value', () => {
    expect(summarizeDays(points).get('2026-11-20')).toEqual({ mean: 200, max: 900 });
  });

  it('takes the median where rollups keep one (response time), so raw and rollup days agree', () => {
    expect(summarizeDays(points, 'median').get('2026-11-20')).toEqual({ mean: 30, max: 900 });
  });
});
