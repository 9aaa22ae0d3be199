// The monthly report's fold: each month is the sum of its days exactly as the 90-day bar counts them
// (raw runs where retained, daily rollups before), maintenance never held against uptime, gaps as
// no data, the current month to date. Days are UTC days, so a month is the same whatever the zone.
import { describe, expect, it } from 'vitest';
import { EMPTY_RUN_SERIES } from '../../../../core/history/run-series.ts';
import { uptimeRatio } from '../../../../core/history/uptime.ts';
import {
  ConfigSchema,
  IncidentSchema,
  type RollupLine,
  type StatusTally,
} from '../../../../core/model/index.ts';
import { buildDailyCells } from '../../../../src/data/daily-bars.ts';
import {
  foldComponentMonth,
  getMonthSpan,
  listMonths,
  type MonthSpan,
} from '../../../../src/data/monthly-report.ts';
import { foldMonthReport, listMonthEntries } from '../../../../src/data/monthly-report-model.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
// A fixed noon: the raw runs are the 14 days up to it, rollups before.
const NOW_MS = Date.UTC(2026, 10, 20, 12, 0);
const RAW_FROM_MS = Date.UTC(2026, 10, 7);
// A down spell across midnight in the raw runs: 23:00 on the 10th to 01:30 on the 11th.
const OUTAGE = { fromMs: Date.UTC(2026, 10, 10, 23), toMs: Date.UTC(2026, 10, 11, 1, 30) };
// The collector was off from 23:00 on the 14th to 01:00 on the 16th: the whole 15th without data.
const SILENT_DAY = { fromMs: Date.UTC(2026, 10, 14, 23), toMs: Date.UTC(2026, 10, 16, 1) };
// A maintenance window on the 18th, 02:00–04:00, during which the target was down.
const MAINTENANCE = { fromMs: Date.UTC(2026, 10, 18, 2), toMs: Date.UTC(2026, 10, 18, 4) };

const config = ConfigSchema.parse({
  site: { title: 'Lab', interval: '5m', timeZone: 'Europe/Berlin' },
  groups: [{ id: 'core', name: 'Core' }],
  checks: [
    { id: 'web', name: 'Web', type: 'http', group: 'core', url: 'https://example.org/' },
    { id: 'db', name: 'Database', type: 'tcp', group: 'core', host: 'db', port: 5432 },
  ],
});

const inside = (t: number, window: { fromMs: number; toMs: number }) => t >= window.fromMs && t < window.toMs;

const snapshots = generateSnapshotLines({
  source: 'local',
  checkIds: ['web', 'db'],
  from: new Date(RAW_FROM_MS),
  to: new Date(NOW_MS),
  intervalMs: INTERVAL_MS,
}).filter((line) => !inside(Date.parse(line.t), SILENT_DAY));
for (const line of snapshots) {
  const t = Date.parse(line.t);
  for (const result of line.results) {
    if (result.id === 'web' && (inside(t, OUTAGE) || inside(t, MAINTENANCE))) result.status = 'down';
  }
}

function rollup(id: string, day: string, durationsMs: Partial<StatusTally> = {}): RollupLine {
  const tally = { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0, ...durationsMs };
  if (Object.keys(durationsMs).length === 0) tally.up = DAY_MS;
  return {
    v: 1,
    day,
    id,
    samples: { up: 288, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
    durationsMs: tally,
    uptime: uptimeRatio(tally),
    latencyMs: null,
    metrics: {},
  };
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A rollup of each check for each day in [fromMs, toMs), with `special` days overridden. */
function rollupDays(fromMs: number, toMs: number, special: Record<string, Partial<StatusTally>> = {}) {
  const lines: RollupLine[] = [];
  for (let dayMs = fromMs; dayMs < toMs; dayMs += DAY_MS) {
    const day = dayOf(dayMs);
    for (const id of ['web', 'db']) lines.push(rollup(id, day, id === 'web' ? special[day] : undefined));
  }
  return lines;
}

// September (whole) and October from rollups, with a bad day in each; November 1–6 too.
const rollups = rollupDays(Date.UTC(2026, 8, 1), RAW_FROM_MS, {
  '2026-09-14': { up: DAY_MS - 3 * HOUR_MS, down: 3 * HOUR_MS },
  '2026-10-02': { up: DAY_MS - 2 * HOUR_MS, degraded: HOUR_MS, down: HOUR_MS },
  '2026-11-03': { up: DAY_MS - 30 * MINUTE_MS, down: 30 * MINUTE_MS },
});

const maintenance = IncidentSchema.parse({
  title: 'Database upgrade',
  kind: 'maintenance',
  impact: 'minor',
  status: 'completed',
  affected: ['web'],
  start: new Date(MAINTENANCE.fromMs).toISOString(),
  end: new Date(MAINTENANCE.toMs).toISOString(),
});

const model = deriveSiteModel({ config, snapshots, rollups, nowMs: NOW_MS, incidents: [maintenance] });
const web = model.components.find((component) => component.id === 'web');
if (web === undefined) throw new Error('no web component');

const span = (month: string): MonthSpan => {
  const found = getMonthSpan(month, NOW_MS);
  if (found === undefined) throw new Error(`no span for ${month}`);
  return found;
};

describe('getMonthSpan and listMonths', () => {
  it('covers a past month whole and the current one to the clock', () => {
    expect(span('2026-09')).toEqual({
      month: '2026-09',
      fromMs: Date.UTC(2026, 8, 1),
      toMs: Date.UTC(2026, 9, 1),
      dayCount: 30,
      isToDate: false,
    });
    expect(span('2026-11')).toMatchObject({ toMs: NOW_MS, dayCount: 20, isToDate: true });
    expect(getMonthSpan('2026-12', NOW_MS)).toBeUndefined();
  });

  it('lists every month from the first data to now, newest first, across a year boundary', () => {
    expect(listMonths(Date.UTC(2025, 10, 15), Date.UTC(2026, 1, 3))).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
  });

  it('has UTC days only: a month with a daylight-saving change still has whole 24-hour days', () => {
    // Europe/Berlin moved its clocks on 29 March and 25 October 2026; the report's days do not.
    const march = getMonthSpan('2026-03', NOW_MS);
    expect(march).toMatchObject({ dayCount: 31, toMs: Date.UTC(2026, 3, 1) });
    const lines = rollupDays(Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1));
    const figures = foldComponentMonth(
      { runs: EMPTY_RUN_SERIES, rollups: lines, staleAfterMs: 15 * MINUTE_MS },
      march as MonthSpan,
      NOW_MS,
    );
    expect(figures.durationsMs.up).toBe(31 * DAY_MS);
    expect(figures.noDataMs).toBe(0);
    expect(figures.days.map((cell) => cell.day)).toHaveLength(31);
  });
});

describe('foldComponentMonth', () => {
  it('folds a whole month of rollups: the sum of its days, the worst day its longest outage', () => {
    const figures = foldComponentMonth(web, span('2026-09'), NOW_MS);
    expect(figures.durationsMs).toEqual({
      up: 30 * DAY_MS - 3 * HOUR_MS,
      degraded: 0,
      down: 3 * HOUR_MS,
      maintenance: 0,
      unknown: 0,
    });
    expect(figures.ratio).toBe((30 * DAY_MS - 3 * HOUR_MS) / (30 * DAY_MS));
    expect(figures.noDataMs).toBe(0);
    expect(figures.noDataDays).toEqual([]);
    // A rollup keeps the day's total only: shown as "up to".
    expect(figures.longestOutageMs).toBe(3 * HOUR_MS);
    expect(figures.longestOutageIsDayTotal).toBe(true);
  });

  it('folds a month that straddles rollups and raw runs, to date, the same as the 90-day bar', () => {
    const figures = foldComponentMonth(web, span('2026-11'), NOW_MS);
    // The bar's own cells for November's 20 days are the report's days, value for value.
    const bar = buildDailyCells(web.runs, web.rollups, { nowMs: NOW_MS, staleAfterMs: web.staleAfterMs });
    const barNovember = bar.filter((cell) => cell.day.startsWith('2026-11'));
    expect(figures.days).toEqual(barNovember);
    expect(figures.days).toHaveLength(20);
    expect(figures.durationsMs.down).toBe(barNovember.reduce((sum, cell) => sum + cell.downMs, 0));
    expect(figures.durationsMs.maintenance).toBe(
      barNovember.reduce((sum, cell) => sum + cell.maintenanceMs, 0),
    );
    // Each day's judged time from its cell (full days here), summed: the month's ratio.
    const judgedMs = barNovember.reduce((sum, cell) => {
      if (cell.ratio === null) return sum;
      return sum + (cell.ratio === 1 ? judgedOf(cell.day) : cell.downMs / (1 - cell.ratio));
    }, 0);
    const goodMs = judgedMs - figures.durationsMs.down;
    expect(figures.ratio).toBeCloseTo(goodMs / judgedMs, 12);

    // 30 min (rollup, 3rd) + 2 h 30 min (raw, over midnight of the 10th); the window's down runs are maintenance.
    expect(figures.durationsMs.down).toBe(30 * MINUTE_MS + 150 * MINUTE_MS);
    expect(figures.longestOutageMs).toBe(150 * MINUTE_MS);
    expect(figures.longestOutageIsDayTotal).toBe(false);
    expect(figures.durationsMs.maintenance).toBe(2 * HOUR_MS);
  });

  it('counts a silent day and the minutes after it as no data, never as up', () => {
    const figures = foldComponentMonth(web, span('2026-11'), NOW_MS);
    expect(figures.noDataDays).toEqual(['2026-11-15']);
    // The run of 22:55 on the 14th vouches for 15 min (3 × 5 min): 50 min of the 14th, the 15th and
    // the first hour of the 16th have no data.
    expect(figures.noDataMs).toBe(DAY_MS + 110 * MINUTE_MS);
    const covered = figures.durationsMs.up + figures.durationsMs.down + figures.durationsMs.maintenance;
    expect(covered + figures.noDataMs).toBe(NOW_MS - Date.UTC(2026, 10, 1));
  });
});

/** A day's time with a verdict in this data: a whole day, less maintenance and the silent hours. */
function judgedOf(day: string): number {
  if (day === '2026-11-18') return DAY_MS - 2 * HOUR_MS;
  if (day === '2026-11-14') return DAY_MS - 50 * MINUTE_MS;
  if (day === '2026-11-16') return DAY_MS - HOUR_MS;
  if (day === '2026-11-20') return 12 * HOUR_MS;
  return DAY_MS;
}

describe('foldMonthReport', () => {
  const entries = listMonthEntries(
    [
      {
        slug: 'maintenance-db',
        title: 'Database upgrade',
        kind: 'maintenance',
        impact: 'minor',
        startMs: MAINTENANCE.fromMs,
        endMs: MAINTENANCE.toMs,
        affectedCheckIds: ['web'],
      },
      {
        slug: 'outage-web',
        title: 'Web outage',
        kind: 'incident',
        impact: 'major',
        startMs: OUTAGE.fromMs,
        endMs: OUTAGE.toMs,
        affectedCheckIds: ['web'],
      },
      {
        slug: 'open-db',
        title: 'Slow queries',
        kind: 'incident',
        impact: 'minor',
        startMs: NOW_MS - HOUR_MS,
        endMs: undefined,
        affectedCheckIds: ['db'],
      },
      {
        slug: 'old',
        title: 'Old',
        kind: 'incident',
        impact: 'minor',
        startMs: Date.UTC(2026, 9, 1),
        endMs: Date.UTC(2026, 9, 2),
        affectedCheckIds: ['db'],
      },
    ] as never,
    new Map(),
    span('2026-11'),
    NOW_MS,
  );

  it("lists the month's incidents and maintenance windows, an open one to the clock", () => {
    expect(entries.map((entry) => [entry.incident.slug, entry.endMs, entry.durationMs])).toEqual([
      ['outage-web', OUTAGE.toMs, 150 * MINUTE_MS],
      ['maintenance-db', MAINTENANCE.toMs, 2 * HOUR_MS],
      ['open-db', undefined, HOUR_MS],
    ]);
  });

  it('lists an incident resolved after the build clock as still open, to the clock', () => {
    const listed = listMonthEntries(
      [
        {
          slug: 'future-end',
          kind: 'incident',
          startMs: NOW_MS - 2 * HOUR_MS,
          endMs: NOW_MS + HOUR_MS,
          affectedCheckIds: ['web'],
        },
      ] as never,
      new Map(),
      span('2026-11'),
      NOW_MS,
    );
    expect(listed.map((entry) => [entry.endMs, entry.durationMs])).toEqual([[undefined, 2 * HOUR_MS]]);
  });

  it('lists a recurring maintenance once per occurrence inside the month', () => {
    const weekly = IncidentSchema.parse({
      title: 'Weekly patching',
      kind: 'maintenance',
      impact: 'none',
      status: 'scheduled',
      affected: ['db'],
      start: '2026-10-27T06:00:00Z',
      end: '2026-10-27T08:00:00Z',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
    const listed = listMonthEntries(
      [{ slug: 'weekly', kind: 'maintenance', recurrence: {}, startMs: 0, endMs: 0 }] as never,
      new Map([['weekly', weekly]]),
      span('2026-11'),
      NOW_MS,
    );
    // Tuesdays 3, 10 and 17 November; the 24th is after the clock.
    expect(listed.map((entry) => [new Date(entry.startMs).toISOString(), entry.durationMs])).toEqual([
      ['2026-11-03T06:00:00.000Z', 2 * HOUR_MS],
      ['2026-11-10T06:00:00.000Z', 2 * HOUR_MS],
      ['2026-11-17T06:00:00.000Z', 2 * HOUR_MS],
    ]);
  });

  it('pools the site and each group over their components, and lists each incident with what it touched', () => {
    const report = foldMonthReport(model, span('2026-11'), entries);
    const [webReport, dbReport] = report.components;
    expect(report.components.map((component) => component.id)).toEqual(['web', 'db']);
    expect(webReport?.incidents.map((incident) => incident.slug)).toEqual(['outage-web']);
    expect(dbReport?.incidents.map((incident) => incident.slug)).toEqual(['open-db']);
    const down = (webReport?.figures.durationsMs.down ?? 0) + (dbReport?.figures.durationsMs.down ?? 0);
    expect(report.overall.durationsMs.down).toBe(down);
    expect(report.groups[0]?.figures).toEqual(report.overall);
    expect(report.incidents).toHaveLength(2);
    expect(report.maintenances).toHaveLength(1);
    expect(report.noDataDays).toEqual(['2026-11-15']);
    expect(report.dataStartDay).toBeUndefined();
  });

  it('says when the data start mid-month', () => {
    const report = foldMonthReport(model, span('2026-09'), []);
    expect(report.dataStartDay).toBeUndefined();
    const late = deriveSiteModel({
      config,
      snapshots,
      rollups: rollups.filter((line) => line.day >= '2026-09-10'),
      nowMs: NOW_MS,
    });
    const lateReport = foldMonthReport(late, span('2026-09'), []);
    expect(lateReport.dataStartDay).toBe('2026-09-10');
    expect(lateReport.noDataDays).toEqual([]);
    expect(lateReport.components[0]?.figures.noDataMs).toBe(9 * DAY_MS);
  });
});
