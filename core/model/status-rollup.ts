import type { CheckStatus, ComponentStatus } from './status.ts';

// Free of zod: browser scripts (the freshness clock, live refresh) roll statuses up with these too.

/** How a single check's status reads as a component status. */
export function toComponentStatus(status: CheckStatus): ComponentStatus {
  switch (status) {
    case 'up':
      return 'operational';
    case 'degraded':
      return 'degraded_performance';
    case 'down':
      return 'major_outage';
    case 'maintenance':
      return 'under_maintenance';
    case 'unknown':
      return 'no_data';
  }
}

/**
 * Rolls children up: all down → major outage, some down → partial outage, any degraded → degraded,
 * any maintenance → under maintenance, nothing fresh → no data.
 */
export function rollUpStatuses(children: readonly CheckStatus[]): ComponentStatus {
  const known = children.filter((s) => s !== 'unknown');
  if (known.length === 0) return 'no_data';
  const downCount = known.filter((s) => s === 'down').length;
  if (downCount > 0) return downCount === known.length ? 'major_outage' : 'partial_outage';
  if (known.includes('degraded')) return 'degraded_performance';
  if (known.includes('maintenance')) return 'under_maintenance';
  return 'operational';
}
