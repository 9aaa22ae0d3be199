import type { CheckStatus, Incident, IncidentImpact, IncidentKind, IncidentStatus } from '../model/index.ts';

// Pure and free of Node APIs: the browser's maintenance clock imports this same file.

export type MaintenancePhase = 'upcoming' | 'in-progress' | 'completed';
export type IncidentPhase = 'active' | 'resolved' | MaintenancePhase;

export type PhaseInput = Pick<Incident, 'kind' | 'status' | 'start' | 'end'> &
  Partial<Pick<Incident, 'estimatedResolution'>> & {
    updates?: readonly { status: IncidentStatus; at?: string }[];
  };

const CLOSING_STATUSES: ReadonlySet<IncidentStatus> = new Set(['resolved', 'completed']);

/**
 * Where it stands now: the newest update's status, since people post updates and forget the
 * frontmatter (`vigil validate` warns when the two disagree); the frontmatter without updates. One
 * exception: a file closed in its frontmatter with its `end` written stays closed unless an update
 * came after that end (a reopening); an older update is only the closing update someone forgot.
 */
export function getCurrentStatus(
  entry: Pick<PhaseInput, 'status' | 'updates'> & { end?: string | undefined },
): IncidentStatus {
  const newest = entry.updates?.at(-1);
  if (newest === undefined) return entry.status;
  const isClosedBeforeNewest =
    CLOSING_STATUSES.has(entry.status) &&
    entry.end !== undefined &&
    !CLOSING_STATUSES.has(newest.status) &&
    (newest.at === undefined || Date.parse(newest.at) <= Date.parse(entry.end));
  return isClosedBeforeNewest ? entry.status : newest.status;
}

/**
 * When a maintenance stops being in progress by the clock: the end of its window, or a later
 * `estimatedResolution` when the work is running late.
 */
export function getMaintenanceEndMs(entry: Pick<PhaseInput, 'end' | 'estimatedResolution'>): number {
  const endMs = entry.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(entry.end);
  const estimateMs =
    entry.estimatedResolution === undefined
      ? Number.NEGATIVE_INFINITY
      : Date.parse(entry.estimatedResolution);
  return Math.max(endMs, estimateMs);
}

/**
 * Where an entry stands at `nowMs`, by its current status (getCurrentStatus). An incident is active
 * until that status says resolved; its `end` never resolves it, since an end written before the fix
 * is an estimate. A maintenance is decided by the clock: upcoming before `start`, in progress until
 * getMaintenanceEndMs, completed after; a status of in-progress or verifying (started early) or
 * completed (finished early) wins.
 */
export function getIncidentPhase(entry: PhaseInput, nowMs: number): IncidentPhase {
  const status = getCurrentStatus(entry);
  if (entry.kind === 'incident') return status === 'resolved' ? 'resolved' : 'active';
  if (status === 'completed' || nowMs >= getMaintenanceEndMs(entry)) return 'completed';
  if (nowMs >= Date.parse(entry.start) || status === 'in-progress' || status === 'verifying') {
    return 'in-progress';
  }
  return 'upcoming';
}

/** True for phases that change what components show now. */
export function isCurrentPhase(phase: IncidentPhase): boolean {
  return phase === 'active' || phase === 'in-progress';
}

/**
 * The status word its latest line shows at `nowMs`: the current status, except that a maintenance the
 * clock has started is never still "Scheduled", nor one the clock has finished still "In progress".
 */
export function getShownStatus(entry: PhaseInput, nowMs: number): IncidentStatus {
  const status = getCurrentStatus(entry);
  if (entry.kind === 'incident') return status;
  const phase = getIncidentPhase(entry, nowMs);
  if (phase === 'completed') return 'completed';
  if (phase === 'in-progress' && status === 'scheduled') return 'in-progress';
  return status;
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

/**
 * The badge's word: an incident's current status ("Identified", never a vague "Active"); a
 * maintenance's phase by the clock, or "Verifying" while the work is checked.
 */
export function getBadgeLabel(entry: PhaseInput, nowMs: number): string {
  const phase = getIncidentPhase(entry, nowMs);
  if (entry.kind === 'incident') return formatIncidentStatus(getCurrentStatus(entry));
  if (phase === 'in-progress' && getCurrentStatus(entry) === 'verifying') return 'Verifying';
  return PHASE_LABEL[phase];
}

export const KIND_LABEL = { incident: 'Incident', maintenance: 'Maintenance' } as const satisfies Record<
  IncidentKind,
  string
>;
