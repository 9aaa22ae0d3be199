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

export interface StatusPresentation {
  /** The word shown to people. */
  label: string;
  /** A glyph that tells the status without colour. */
  icon: string;
  /** CSS custom property holding the colour. */
  colorVar: string;
  /** Higher is worse; used to pick the worst status. */
  severity: number;
}

export const COMPONENT_STATUS_PRESENTATION = {
  operational: { label: 'Operational', icon: '✓', colorVar: '--status-up', severity: 0 },
  under_maintenance: {
    label: 'Under maintenance',
    icon: '🔧',
    colorVar: '--status-maintenance',
    severity: 1,
  },
  degraded_performance: {
    label: 'Degraded performance',
    icon: '!',
    colorVar: '--status-degraded',
    severity: 2,
  },
  partial_outage: { label: 'Partial outage', icon: '✕', colorVar: '--status-partial', severity: 3 },
  major_outage: { label: 'Major outage', icon: '✕', colorVar: '--status-down', severity: 4 },
  no_data: { label: 'No data', icon: '?', colorVar: '--status-unknown', severity: -1 },
} as const satisfies Record<ComponentStatus, StatusPresentation>;

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
