import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../../../core/model/index.ts';
import type { DailyCell } from '../../../../src/data/daily-bars.ts';
import {
  COLLAPSE_GROUPS_ABOVE,
  foldGroupCells,
  isGroupShownCollapsed,
} from '../../../../src/data/group-bar.ts';

const DAYS = ['2026-11-29', '2026-11-30', '2026-12-01'];

/** A component's bar over DAYS with these statuses. */
function bar(...statuses: ComponentStatus[]): DailyCell[] {
  return statuses.map((status, index) => ({
    day: DAYS[index] as string,
    status,
    ratio: status === 'no_data' ? null : 1,
    downMs: 0,
    degradedMs: 0,
    maintenanceMs: 0,
  }));
}

describe('foldGroupCells', () => {
  it.each<[string, ComponentStatus[][], ComponentStatus[]]>([
    [
      'one component is its own fold',
      [['operational', 'major_outage', 'no_data']],
      ['operational', 'major_outage', 'no_data'],
    ],
    [
      'the worst status of the day wins',
      [
        ['operational', 'degraded_performance', 'operational'],
        ['partial_outage', 'operational', 'under_maintenance'],
        ['major_outage', 'under_maintenance', 'operational'],
      ],
      ['major_outage', 'degraded_performance', 'under_maintenance'],
    ],
    [
      'no data only where no component has data',
      [
        ['no_data', 'no_data', 'operational'],
        ['no_data', 'operational', 'no_data'],
      ],
      ['no_data', 'operational', 'operational'],
    ],
  ])('%s', (_name, statuses, expected) => {
    expect(foldGroupCells(statuses.map((row) => bar(...row))).map((cell) => cell.status)).toEqual(expected);
  });

  it('counts the components in each status per day, the days in order', () => {
    const folded = foldGroupCells([
      bar('operational', 'major_outage', 'operational'),
      bar('operational', 'operational', 'degraded_performance'),
      bar('no_data', 'major_outage', 'operational'),
    ]);
    expect(folded).toEqual([
      { day: DAYS[0], status: 'operational', counts: { operational: 2, no_data: 1 } },
      { day: DAYS[1], status: 'major_outage', counts: { major_outage: 2, operational: 1 } },
      { day: DAYS[2], status: 'degraded_performance', counts: { operational: 2, degraded_performance: 1 } },
    ]);
  });

  it('counts a component whose bar lacks a day as no data that day, and folds nothing to nothing', () => {
    const short = bar('operational', 'operational').slice(1);
    expect(foldGroupCells([bar('operational', 'operational', 'operational'), short])[0]).toEqual({
      day: DAYS[0],
      status: 'operational',
      counts: { operational: 1, no_data: 1 },
    });
    expect(foldGroupCells([])).toEqual([]);
  });
});

describe('isGroupShownCollapsed', () => {
  it('collapses a group configured so, and every group above the threshold', () => {
    expect(isGroupShownCollapsed({ isCollapsed: true }, 3)).toBe(true);
    expect(isGroupShownCollapsed({ isCollapsed: false }, COLLAPSE_GROUPS_ABOVE)).toBe(false);
    expect(isGroupShownCollapsed({ isCollapsed: false }, COLLAPSE_GROUPS_ABOVE + 1)).toBe(true);
    // site.collapseGroupsAbove moves the line; 0 shows every group collapsed.
    expect(isGroupShownCollapsed({ isCollapsed: false }, 150, 200)).toBe(false);
    expect(isGroupShownCollapsed({ isCollapsed: false }, 1, 0)).toBe(true);
  });
});
