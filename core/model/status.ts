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

export { rollUpStatuses, toComponentStatus } from './status-rollup.ts';

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
