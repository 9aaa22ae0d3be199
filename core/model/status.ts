import { z } from 'zod';

/** What one check run concluded. `unknown` means no fresh data. */
export const CheckStatusSchema = z.enum(['up', 'degraded', 'down', 'maintenance', 'unknown']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** What a probe itself can observe; maintenance and unknown are decided later, never by a probe. */
export const ProbeStatusSchema = z.enum(['up', 'degraded', 'down']);
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;

/** Roll-up words for components, groups and the whole page, as hosted status pages name them. */
export const ComponentStatusSchema = z.enum([
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
  'no_data',
]);
export type ComponentStatus = z.infer<typeof ComponentStatusSchema>;

export { COMPONENT_STATUS_PRESENTATION, type StatusPresentation } from './status-presentation.ts';

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

const CHECK_STATUS_SEVERITY: Record<CheckStatus, number> = {
  unknown: -1,
  up: 0,
  maintenance: 1,
  degraded: 2,
  down: 3,
};

/** The worse of two probe-level statuses. */
export function worseStatus<S extends CheckStatus>(a: S, b: S): S {
  return CHECK_STATUS_SEVERITY[b] > CHECK_STATUS_SEVERITY[a] ? b : a;
}
