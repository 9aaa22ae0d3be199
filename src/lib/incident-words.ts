// An incident's and a maintenance's words in the site's language: its kind, impact, statuses and
// phases, and its badge. Shared by the build and the browser (maintenance clock, live refresh), so
// both say the same; core/incidents/incident-phase.ts keeps the English words of the feeds and APIs.
import {
  getCurrentStatus,
  getIncidentPhase,
  type IncidentPhase,
  type PhaseInput,
} from '../../core/incidents/incident-phase.ts';
import type { IncidentImpact, IncidentKind } from '../../core/model/index.ts';
import { type BrowserMessageKey, t } from '../i18n/browser.ts';

const STATUS_KEYS: Record<string, BrowserMessageKey> = {
  investigating: 'browserCommon.incidentInvestigating',
  identified: 'browserCommon.incidentIdentified',
  monitoring: 'browserCommon.incidentMonitoring',
  resolved: 'browserCommon.incidentResolved',
  scheduled: 'browserCommon.maintenanceScheduled',
  'in-progress': 'browserCommon.maintenanceInProgress',
  verifying: 'browserCommon.maintenanceVerifying',
  completed: 'browserCommon.maintenanceCompleted',
};

const PHASE_KEYS = {
  active: 'browserCommon.phaseActive',
  resolved: 'browserCommon.incidentResolved',
  upcoming: 'browserCommon.phaseUpcoming',
  'in-progress': 'browserCommon.maintenanceInProgress',
  completed: 'browserCommon.maintenanceCompleted',
} as const satisfies Record<IncidentPhase, BrowserMessageKey>;

const KIND_KEYS = {
  incident: 'browserCommon.kindIncident',
  maintenance: 'browserCommon.kindMaintenance',
} as const satisfies Record<IncidentKind, BrowserMessageKey>;

const IMPACT_KEYS = {
  none: 'browserCommon.impactNone',
  minor: 'browserCommon.impactMinor',
  major: 'browserCommon.impactMajor',
  critical: 'browserCommon.impactCritical',
} as const satisfies Record<IncidentImpact, BrowserMessageKey>;

/**
 * "Investigating", "In progress": a status value as a word (also the API's "in_progress"); a value
 * the catalogue does not know is written as core's formatIncidentStatus would.
 */
export function incidentStatusLabel(status: string): string {
  const key = STATUS_KEYS[status.replaceAll('_', '-')];
  if (key !== undefined) return t(key);
  const words = status.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Upcoming", "Resolved": where an entry stands. */
export function phaseLabel(phase: IncidentPhase): string {
  return t(PHASE_KEYS[phase]);
}

/** "Incident" or "Maintenance". */
export function kindLabel(kind: IncidentKind): string {
  return t(KIND_KEYS[kind]);
}

/** "minor": an impact as a word. */
export function impactLabel(impact: IncidentImpact): string {
  return t(IMPACT_KEYS[impact]);
}

/** "Impact: minor": an incident's impact badge. */
export function impactBadge(impact: IncidentImpact): string {
  return t('browserCommon.impactBadge', { impact: impactLabel(impact) });
}

/**
 * The badge's word (core's getBadgeLabel in the site's language): an incident's current status; a
 * maintenance's phase by the clock, or "Verifying" while the work is checked.
 */
export function badgeLabel(entry: PhaseInput, nowMs: number): string {
  return badgeLabelOf(entry.kind, getIncidentPhase(entry, nowMs), getCurrentStatus(entry));
}

/** The badge's word from what summary.json says of an entry: its kind, phase and current status. */
export function badgeLabelOf(kind: IncidentKind, phase: IncidentPhase, status: string): string {
  if (kind === 'incident') return incidentStatusLabel(status);
  if (phase === 'in-progress' && status === 'verifying') return incidentStatusLabel('verifying');
  return phaseLabel(phase);
}

/**
 * summary.json's badge word (English, as the API stays language-neutral: "Identified", "In progress",
 * "Upcoming") in the site's language; a word it does not know is shown as given.
 */
export function translateBadgeWord(badge: string): string {
  const slug = badge.toLowerCase().replaceAll(' ', '-');
  const key = STATUS_KEYS[slug] ?? (PHASE_KEYS as Record<string, BrowserMessageKey>)[slug];
  return key === undefined ? badge : t(key);
}
