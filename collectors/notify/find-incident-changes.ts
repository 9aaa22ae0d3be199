import { getIncidentPhase, isCurrentPhase } from '../../core/incidents/incident-phase.ts';
import type { LoadedIncident } from '../../core/incidents/validate-incidents.ts';
import type { IncidentImpact, IncidentKind, IncidentStatus } from '../../core/model/index.ts';
import { type OccurrenceRecord, toOccurrenceRecords } from './occurrence-records.ts';

/** An incident or maintenance that started or ended since the announcing collector's previous run. */
export interface IncidentChange {
  event: 'started' | 'ended';
  /** The file name without .md: the page's URL part. */
  slug: string;
  title: string;
  kind: IncidentKind;
  impact: IncidentImpact;
  status: IncidentStatus;
  start: string;
  end: string | undefined;
  /** The ids it names in `affected` (checks or groups); empty: the whole site. */
  affected: string[];
  /** When the run that noticed it started (ISO 8601). */
  at: string;
}

export interface IncidentChanges {
  changes: IncidentChange[];
  /** Slugs in progress and announced as started, for the state file. */
  announced: string[];
}

/**
 * Compares where each published incident and maintenance stands now (incidents by status,
 * maintenance by the clock) with what was announced before. `announced` undefined means nothing was
 * ever recorded (first run, new webhooks, a reset state): what is in progress then is taken as known,
 * not news, as a check seen for the first time is. Drafts never count. An entry that started and
 * ended between two runs, or whose file appeared already over, is not announced. `presentSlugs` are
 * files that exist but could not be read: their announcement is kept until they are fixed.
 */
export function findIncidentChanges(
  incidents: readonly LoadedIncident[],
  announced: readonly string[] | undefined,
  now: Date,
  presentSlugs: ReadonlySet<string> = new Set(),
): IncidentChanges {
  const nowMs = now.getTime();
  // A recurring maintenance is its occurrence now, announced under its own key (slug@start), so
  // each week's window starts and ends once; the occurrence that ended is the one before it.
  const published = incidents
    .filter((record) => !record.incident.draft)
    .flatMap((record) => toOccurrenceRecords(record, nowMs, announced));
  const phaseOf = (record: LoadedIncident) => getIncidentPhase(record.incident, nowMs);
  if (announced === undefined) {
    const inProgress = published.filter((record) => isCurrentPhase(phaseOf(record)));
    return { changes: [], announced: inProgress.map((record) => record.slug).sort() };
  }
  const before = new Set(announced);
  const after = new Set<string>();
  const changes: IncidentChange[] = [];
  for (const record of published) {
    const phase = phaseOf(record);
    if (isCurrentPhase(phase)) {
      after.add(record.slug);
      if (!before.has(record.slug)) changes.push(toChange(record, 'started', now));
    } else if (before.has(record.slug) && (phase === 'resolved' || phase === 'completed')) {
      changes.push(toChange(record, 'ended', now));
    }
    // An announced maintenance moved back to upcoming (postponed) is forgotten; its start is news again.
  }
  const readable = new Set(incidents.map((record) => record.slug));
  for (const slug of before) {
    const fileSlug = slug.replace(/@.*$/, '');
    if (!readable.has(fileSlug) && presentSlugs.has(fileSlug)) after.add(slug);
  }
  changes.sort((a, b) => a.start.localeCompare(b.start) || a.slug.localeCompare(b.slug));
  return { changes, announced: [...after].sort() };
}

function toChange(record: OccurrenceRecord, event: IncidentChange['event'], now: Date): IncidentChange {
  const { incident } = record;
  return {
    event,
    slug: record.fileSlug ?? record.slug,
    title: incident.title,
    kind: incident.kind,
    impact: incident.impact,
    status: incident.status,
    start: incident.start,
    end: incident.end,
    affected: incident.affected.map((entry) => (typeof entry === 'string' ? entry : entry.id)),
    at: now.toISOString(),
  };
}
