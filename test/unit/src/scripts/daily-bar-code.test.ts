import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../../../core/model/index.ts';
import { type DayFigures, describeDayCell } from '../../../../src/lib/daily-cell-text.ts';
import {
  type BarDay,
  decodeBar,
  decodeFigures,
  describeBarDay,
  drawBarPaths,
  encodeBar,
  encodeFigures,
} from '../../../../src/scripts/daily-bar-code.ts';

const figures = (ratio: number | null, downMs = 0, degradedMs = 0, maintenanceMs = 0): DayFigures => ({
  ratio,
  downMs,
  degradedMs,
  maintenanceMs,
});

const FULL = figures(1);
const NONE = figures(null);

describe('a component day token', () => {
  it.each<[ComponentStatus, DayFigures, string]>([
    ['degraded_performance', figures(1, 0, 25 * 60_000), '25'],
    // A day judged whole: its uptime follows from its downtime.
    ['major_outage', figures(1 - 120 / 1440, 2 * 3_600_000), '120'],
    ['major_outage', figures(0.8, 60 * 60_000, 10 * 60_000), '60,8000,10'],
    ['partial_outage', figures(0.9995, 42_500), '42.5s'],
    ['partial_outage', figures(0.99, 42_500), '42.5s,9900'],
    ['under_maintenance', figures(null, 0, 0, 3_600_000), '60'],
    ['under_maintenance', figures(1, 0, 0, 30 * 60_000), '30,10000'],
  ])('%s %j is "%s", and reads back to the same words', (status, dayFigures, token) => {
    expect(encodeFigures(status, dayFigures)).toBe(token);
    const read = { day: '2026-12-01', status, figures: decodeFigures(status, token), incidents: [] };
    // The tooltip's words are those of the build's cell text, to the hundredth of a percent.
    expect(describeBarDay(read, ['Website unreachable'])).toBe(
      describeDayCell('2026-12-01', dayFigures, ['Website unreachable']),
    );
  });
});

describe('a bar', () => {
  const days: BarDay[] = [
    { day: '2026-11-28', status: 'no_data', figures: NONE, incidents: [] },
    { day: '2026-11-29', status: 'operational', figures: FULL, incidents: [] },
    { day: '2026-11-30', status: 'major_outage', figures: figures(0.9791, 30 * 60_000), incidents: [0, 3] },
    { day: '2026-12-01', status: 'major_outage', figures: figures(0.5, 60 * 60_000), incidents: [] },
    { day: '2026-12-02', status: 'operational', figures: FULL, incidents: [1] },
    { day: '2026-12-03', status: 'degraded_performance', figures: figures(1, 0, 5 * 60_000), incidents: [] },
  ];

  it('says each day once: statuses by its drawing, figures of the other days by tokens, incidents by place', () => {
    expect(encodeBar(days, 'component')).toEqual({
      from: '2026-11-28',
      cells: '30 60,5000 5',
      incidents: '0,3 1',
      paths: [
        { className: 'bd', d: 'M5 .5h1' },
        { className: 'bm', d: 'M2 .5h2' },
        { className: 'bn', d: 'M0 .5h1' },
        { className: 'bx', d: 'M2 0h1m1 0h1' },
      ],
    });
  });

  it('reads back to the same days (uptime to the hundredth of a percent, as shown)', () => {
    expect(decodeBar(encodeBar(days, 'component'), days.length, 'component')).toEqual(days);
  });

  it('of a group has every day’s counts, and says them worst first', () => {
    const groupDays: BarDay[] = [
      {
        day: '2026-12-01',
        status: 'major_outage',
        counts: { operational: 7, degraded_performance: 1, major_outage: 2 },
        incidents: [],
      },
      { day: '2026-12-02', status: 'operational', counts: { operational: 10 }, incidents: [] },
    ];
    const code = encodeBar(groupDays, 'group');
    expect(code.cells).toBe('7,1,0,2 10');
    const read = decodeBar(code, 2, 'group');
    expect(read).toEqual(groupDays);
    expect(describeBarDay(read[0] as BarDay, [])).toBe(
      '1 Dec 2026: 2 major outage, 1 degraded, 7 operational',
    );
  });
});

describe('drawBarPaths', () => {
  it('draws each status but operational as one path of runs, each move relative, then the incident marks', () => {
    expect(
      drawBarPaths(
        [
          'no_data',
          'operational',
          'major_outage',
          'major_outage',
          'operational',
          'major_outage',
          'degraded_performance',
        ],
        [false, false, true, false, false, false, true],
      ),
    ).toEqual([
      { className: 'bd', d: 'M6 .5h1' },
      { className: 'bm', d: 'M2 .5h2m1 0h1' },
      { className: 'bn', d: 'M0 .5h1' },
      { className: 'bx', d: 'M2 0h1m3 0h1' },
    ]);
    expect(drawBarPaths(['operational', 'operational'], [false, false])).toEqual([]);
  });
});
