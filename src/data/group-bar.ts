import { COMPONENT_STATUS_PRESENTATION, type ComponentStatus } from '../../core/model/index.ts';
import type { DailyCell } from './daily-bars.ts';

/** One day of a collapsed group's bar: the worst status of its components, and how many were in each. */
export interface GroupDayCell {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  status: ComponentStatus;
  counts: Partial<Record<ComponentStatus, number>>;
}

/**
 * Folds the bars of a group's components into one: per day, the worst status over the components
 * (no data only where none has data) and the count of each status. The bars are aligned by day, as
 * buildDailyCells makes them; a component whose bar lacks a day counts as "no data" for it.
 */
export function foldGroupCells(bars: readonly (readonly DailyCell[])[]): GroupDayCell[] {
  const days = bars.find((bar) => bar.length > 0)?.map((cell) => cell.day) ?? [];
  return days.map((day, index) => {
    const counts: Partial<Record<ComponentStatus, number>> = {};
    let status: ComponentStatus = 'no_data';
    for (const bar of bars) {
      const cell = bar[index]?.day === day ? bar[index] : bar.find((other) => other.day === day);
      const cellStatus = cell?.status ?? 'no_data';
      counts[cellStatus] = (counts[cellStatus] ?? 0) + 1;
      if (COMPONENT_STATUS_PRESENTATION[cellStatus].severity > COMPONENT_STATUS_PRESENTATION[status].severity)
        status = cellStatus;
    }
    return { day, status, counts };
  });
}

/**
 * Above this many components (`site.collapseGroupsAbove`, by default) the front page shows every group
 * collapsed (one combined bar and a compact list), so `/` stays light at 1,000 components; at or below
 * it, only groups with `collapsed: true` are.
 */
export const COLLAPSE_GROUPS_ABOVE = 100;

/** Whether a group shows collapsed on a front page of `componentCount` components. */
export function isGroupShownCollapsed(
  group: { isCollapsed: boolean },
  componentCount: number,
  collapseAbove: number = COLLAPSE_GROUPS_ABOVE,
): boolean {
  return group.isCollapsed || componentCount > collapseAbove;
}
