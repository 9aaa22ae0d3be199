import type { CheckStatus, Incident, IncidentImpact, IncidentKind } from '../model/index.ts';

// Pure and free of Node APIs: the browser's maintenance clock imports this same file.

export type MaintenancePhase = 'upcoming' | 'in-progress' | 'completed';
export type IncidentPhase = 'active' | 'resolved' | MaintenancePhase;

export type PhaseInput = Pick<Incident, 'kind' | 'status' | 'start' | 'end'>;

/**
 * Where an entry stands at `nowMs`. An incident is active until its status says resolved. A
 * maintenance is decided by the clock: upcoming before `start`, in progress until `end`, completed
 * after; a status of in-progress or verifying (started early) or completed (finished early) wins.
 */
export function getIncidentPhase(entry: PhaseInput, nowMs: number): IncidentPhase {
  if (entry.kind === 'incident') return entry.status === 'resolved' ? 'resolved' : 'active';
  const endMs = entry.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(entry.end);
  if (entry.status === 'completed' || nowMs >= endMs) return 'completed';
  if (nowMs >= Date.parse(entry.start) || entry.status === 'in-progress' || entry.status === 'verifying') {
    return 'in-progress';
  }
  return 'upcoming';
}

/** True for phases that change what components show now. */
export function isCurrentPhase(phase: IncidentPhase): boolean {
  return phase === 'active' || phase === 'in-progress';
}

/** The check status an incident's impact gives a component; `none` leaves it as the probes see it. */
export const CHECK_STATUS_BY_IMPACT = {
  none: undefined,
  minor: 'degraded',
  major: 'down',
  critical: 'down',
} as const satisfies Record<IncidentImpact, CheckStatus | undefined>;

/** Words for each phase, as the site and feeds say them. */
export const PHASE_LABEL = {
  active: 'Active',
  resolved: 'Resolved',
  upcoming: 'Upcoming',
  'in-progress': 'In progress',
  completed: 'Completed',
} as const satisfies Record<IncidentPhase, string>;

/** "Investigating", "In progress": a status value as a word. */
export function formatIncidentStatus(status: string): string {
  const words = status.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const KIND_LABEL = { incident: 'Incident', maintenance: 'Maintenance' } as const satisfies Record<
  IncidentKind,
  string
>;
