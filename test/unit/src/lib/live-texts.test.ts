import { describe, expect, it } from 'vitest';
import {
  formatGaugePercent,
  listActiveUsersParts,
  listClusterFigureParts,
  listLoginSummaryParts,
  tallyLoginNodes,
} from '../../../../src/lib/cluster-figures-text.ts';
import { describeDayCell, describeDayFigures } from '../../../../src/lib/daily-cell-text.ts';

// The words the build and live refresh share: a cell or overview redrawn in the browser must read as
// a rebuilt one.

const HOUR_MS = 3_600_000;

describe('describeDayFigures', () => {
  it.each([
    [{ ratio: null, downMs: 0, degradedMs: 0, maintenanceMs: 0 }, 'no data'],
    [{ ratio: null, downMs: 0, degradedMs: 0, maintenanceMs: HOUR_MS }, 'under maintenance'],
    [{ ratio: 1, downMs: 0, degradedMs: 0, maintenanceMs: 0 }, '100% up, no downtime'],
    [
      { ratio: 0.875, downMs: 3 * HOUR_MS, degradedMs: 600_000, maintenanceMs: HOUR_MS },
      '87.50% up, 3 h down, 10 min degraded, 60 min maintenance',
    ],
  ])('%o reads "%s"', (figures, text) => {
    expect(describeDayFigures(figures)).toBe(text);
  });

  it('puts the date first and the incidents last, where daily-bar-tips splits them', () => {
    const figures = { ratio: 0.9, downMs: 2 * HOUR_MS, degradedMs: 0, maintenanceMs: 0 };
    expect(describeDayCell('2026-12-01', figures, ['Slow logins', 'Mail delays'])).toBe(
      '1 Dec 2026: 90.00% up, 2 h down · Slow logins; Mail delays',
    );
    expect(describeDayCell('2026-12-01', figures, [])).toBe('1 Dec 2026: 90.00% up, 2 h down');
  });
});

describe('listClusterFigureParts', () => {
  const text = (parts: ReturnType<typeof listClusterFigureParts>) => parts.map((part) => part.text).join('');

  it('names only the conditions that have nodes, and the jobs when they were read', () => {
    const nodes = { usable: 1200, total: 1250, down: 0, drained: 50, maintenance: 0 };
    expect(text(listClusterFigureParts({ nodes, jobs: { running: 4100, pending: 12 } }))).toBe(
      '1,200 of 1,250 nodes usable, 50 drained · 4,100 jobs running, 12 pending',
    );
    expect(text(listClusterFigureParts({ nodes, jobs: null }))).toBe(
      '1,200 of 1,250 nodes usable, 50 drained',
    );
  });

  it('makes the counts strong', () => {
    const parts = listClusterFigureParts({
      nodes: { usable: 5, total: 8, down: 1, drained: 1, maintenance: 1 },
      jobs: { running: 2, pending: 11 },
    });
    expect(parts.filter((part) => part.isStrong).map((part) => part.text)).toEqual(['5', '2', '11']);
  });

  it.each([
    [7.54, '7.5 %'],
    [42.4, '42 %'],
    [97.5, '98 %'],
  ])('writes a gauge of %d as "%s"', (percent, written) => {
    expect(formatGaugePercent(percent)).toBe(written);
  });
});

describe('the login line and active users', () => {
  const text = (parts: { text: string }[]) => parts.map((part) => part.text).join('');

  it('counts answering nodes, and users only where the node answers with current data', () => {
    const tally = tallyLoginNodes([
      { status: 'operational', isFresh: true, users: 57 },
      // An incident marks it degraded while its data is stale: answering by its status, its users unknown.
      { status: 'degraded_performance', isFresh: false, users: 40 },
      { status: 'no_data', isFresh: false, users: 3 },
      { status: 'operational', isFresh: true, users: null },
    ]);
    expect(tally).toEqual({ up: 3, total: 4, users: 57 });
    expect(text(listLoginSummaryParts(tally))).toBe('Login nodes: 3 of 4 answering, 57 users logged in');
    expect(
      text(listLoginSummaryParts(tallyLoginNodes([{ status: 'no_data', isFresh: false, users: 3 }]))),
    ).toBe('Login nodes: 0 of 1 answering');
  });

  it('says user or users', () => {
    expect(text(listActiveUsersParts(1))).toBe('1 user with jobs running or waiting');
    expect(text(listActiveUsersParts(1104))).toBe('1,104 users with jobs running or waiting');
  });
});
