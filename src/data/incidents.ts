import { DAY_MS } from '../../core/history/utc-day.ts';
import {
  getBadgeLabel,
  getCurrentStatus,
  getIncidentPhase,
  getShownStatus,
  type IncidentPhase,
  isCurrentPhase,
} from '../../core/incidents/incident-phase.ts';
import { getResolvedMs } from '../../core/incidents/incident-warnings.ts';
import { toPlainText } from '../../core/incidents/plain-text.ts';
import { isRecurring, resolveOccurrence, toCalendarRule } from '../../core/incidents/recurrence.ts';
import { listAffectedChecks } from '../../core/incidents/status-overlay.ts';
import type { LoadedIncident } from '../../core/incidents/validate-incidents.ts';
import type {
  Config,
  IncidentImpact,
  IncidentKind,
  IncidentStatus,
  Service,
} from '../../core/model/index.ts';
import { listAffected } from '../../core/model/index.ts';
import { toSitePath } from '../lib/site-path.ts';
import { cachePerBuild } from './build-cache.ts';
import { getBuildTimeMs } from './build-clock.ts';
import { isClusterMaintenanceRecord } from './cluster-maintenance.ts';
import { getConfig } from './config.ts';
import { getPublishedIncidentRecords } from './incident-records.ts';
import { describeRecurrenceText } from './incident-recurrence-text.ts';
import { loadRenderedIncidents } from './rendered-incidents.ts';

/** A check or group named in `affected`, as the site links it. */
export interface AffectedComponent {
  id: string;
  name: string;
  impact: IncidentImpact;
  /** The component page; undefined for a group. */
  href: string | undefined;
}

export interface IncidentUpdateModel {
  atMs: number;
  status: IncidentStatus;
  /** The markdown as written; never published as is (it may carry raw HTML). */
  text: string;
  /** Sanitised HTML of the update's markdown. */
  html: string;
  /** The sanitised text as plain text (toPlainText), for readers that take text: the API, calendars. */
  plainText: string;
}

/** One published incident or maintenance as every page, feed and API shows it. */
export interface IncidentModel {
  slug: string;
  title: string;
  kind: IncidentKind;
  impact: IncidentImpact;
  /** Its current status: the newest update's, else the frontmatter's (getCurrentStatus). */
  status: IncidentStatus;
  startMs: number;
  /**
   * Incident: when it was resolved, undefined while open (an `end` on an open incident is an
   * estimate). Maintenance: the planned end of its window.
   */
  endMs: number | undefined;
  /** When it is expected to be fixed (or a late maintenance finished); shown as an estimate only. */
  estimatedResolutionMs: number | undefined;
  /** Where it stood when the site was built; the browser re-decides maintenance by its own clock. */
  phase: IncidentPhase;
  /** The badge's word at build time (getBadgeLabel): "Identified", "In progress". */
  badgeLabel: string;
  /** The status its latest line shows at build time: never "Scheduled" once a maintenance has begun. */
  latestStatus: IncidentStatus;
  /** When it took latestStatus: the newest update's time, or the clock's start or end of the window. */
  latestAtMs: number;
  /** The frontmatter fields the browser's maintenance clock re-decides the phase from. */
  clock: { start: string; end: string | undefined; estimatedResolution: string | undefined };
  affected: AffectedComponent[];
  /** Every check it touches, groups expanded, then the services (`services:`) those checks are facets of. */
  affectedCheckIds: string[];
  /** Oldest first. */
  updates: IncidentUpdateModel[];
  /** Sanitised HTML of the markdown body. */
  bodyHtml: string;
  /** The body as plain text (toPlainText). */
  bodyText: string;
  /** The newest update or, without one, the start. */
  updatedMs: number;
  /** Path of its page under the site's base. */
  href: string;
  /**
   * A recurring maintenance (`rrule:`): the rule, its first window, and the rule in words ("Every
   * Tuesday 06:00–08:00 UTC"); startMs, endMs and phase are then the current or next occurrence's.
   */
  recurrence?: { rrule: string; firstStartMs: number; firstEndMs: number; text: string };
}

/** Every published incident and maintenance, newest start first, read once per build. */
export const getIncidents = cachePerBuild(async ({ dataDir }): Promise<IncidentModel[]> => {
  const [config, records] = await Promise.all([getConfig(), getPublishedIncidentRecords()]);
  // Astro warns when asked for an empty collection; a site without incidents is normal.
  if (records.length === 0) return [];
  // Maintenance from scheduler reservations has no file: its text comes rendered with it.
  const hasFiles = records.some((record) => !isClusterMaintenanceRecord(record));
  const renderedBySlug = hasFiles ? await loadRenderedIncidents(dataDir) : new Map();
  const nowMs = getBuildTimeMs();
  return records
    .map((record) => {
      const rendered = renderedBySlug.get(record.slug);
      return toIncidentModel(
        record,
        config,
        nowMs,
        isClusterMaintenanceRecord(record)
          ? record.rendered
          : { bodyHtml: rendered?.bodyHtml ?? '', updatesHtml: rendered?.updatesHtml ?? [] },
      );
    })
    .sort((a, b) => b.startMs - a.startMs || a.slug.localeCompare(b.slug));
});

export function toIncidentModel(
  record: LoadedIncident,
  config: Pick<Config, 'checks' | 'groups'> & Partial<Pick<Config, 'services'>>,
  nowMs: number,
  rendered: { bodyHtml: string; updatesHtml: readonly string[] },
): IncidentModel {
  const { slug } = record;
  // A recurring maintenance shows its current or next occurrence; its timeline keeps every update.
  const incident = resolveOccurrence(record.incident, nowMs);
  const series = record.incident;
  const updates = series.updates.map((update, index) => ({
    atMs: Date.parse(update.at),
    status: update.status,
    text: update.text,
    html: rendered.updatesHtml[index] ?? '',
    plainText: toPlainText(rendered.updatesHtml[index] ?? ''),
  }));
  const startMs = Date.parse(incident.start);
  const endMs =
    incident.kind === 'incident'
      ? getResolvedMs(incident)
      : incident.end === undefined
        ? undefined
        : Date.parse(incident.end);
  const phase = getIncidentPhase(incident, nowMs);
  const latestStatus = getShownStatus(incident, nowMs);
  const newest = updates.at(-1);
  return {
    slug,
    title: incident.title,
    kind: incident.kind,
    impact: incident.impact,
    status: getCurrentStatus(incident),
    startMs,
    endMs,
    estimatedResolutionMs:
      phase === 'resolved' || phase === 'completed' ? undefined : getEstimatedResolutionMs(incident),
    phase,
    badgeLabel: getBadgeLabel(incident, nowMs),
    latestStatus,
    latestAtMs:
      newest !== undefined && newest.status === latestStatus
        ? newest.atMs
        : latestStatus === 'completed'
          ? (endMs ?? nowMs)
          : latestStatus === 'in-progress'
            ? startMs
            : (newest?.atMs ?? startMs),
    clock: { start: incident.start, end: incident.end, estimatedResolution: incident.estimatedResolution },
    affected: listAffected(incident).map(({ id, impact }) => describeAffected(id, impact, config)),
    affectedCheckIds: withServices([...listAffectedChecks(incident, config).keys()], config.services ?? []),
    updates,
    bodyHtml: rendered.bodyHtml,
    bodyText: toPlainText(rendered.bodyHtml),
    updatedMs: updates.at(-1)?.atMs ?? Date.parse(series.start),
    href: toSitePath(`incidents/${slug}/`),
    ...(isRecurring(series)
      ? {
          recurrence: {
            rrule: toCalendarRule(series),
            firstStartMs: Date.parse(series.start),
            firstEndMs: Date.parse(series.end ?? series.start),
            text: describeRecurrenceText(series),
          },
        }
      : {}),
  };
}

// An open incident's `end` was meant as an estimate (the phase decides whether it is still open).
/** The checks, then each service with a facet among them: its card's bar and page show the incident too. */
function withServices(checkIds: string[], services: readonly Pick<Service, 'id' | 'checks'>[]): string[] {
  const touched = new Set(checkIds);
  const serviceIds = services
    .filter((service) => service.checks.some((id) => touched.has(id)))
    .map((service) => service.id);
  return serviceIds.length === 0 ? checkIds : [...checkIds, ...serviceIds];
}

function getEstimatedResolutionMs(incident: LoadedIncident['incident']): number | undefined {
  const estimate = incident.estimatedResolution ?? (incident.kind === 'incident' ? incident.end : undefined);
  return estimate === undefined ? undefined : Date.parse(estimate);
}

function describeAffected(
  id: string,
  impact: IncidentImpact,
  config: Pick<Config, 'checks' | 'groups'>,
): AffectedComponent {
  const check = config.checks.find((candidate) => candidate.id === id);
  if (check) return { id, name: check.name, impact, href: toSitePath(`components/${id}/`) };
  const group = config.groups.find((candidate) => candidate.id === id);
  return { id, name: group?.name ?? id, impact, href: undefined };
}

/** Incidents not yet resolved, then maintenance in progress: what the front page leads with. */
export async function listCurrentIncidents(): Promise<IncidentModel[]> {
  const current = (await getIncidents()).filter((incident) => isCurrentPhase(incident.phase));
  // Incidents first, as hosted status pages order them; each kind newest first, as getIncidents sorts.
  return current.toSorted((a, b) => Number(a.kind === 'maintenance') - Number(b.kind === 'maintenance'));
}

/** Maintenance that has not started, soonest first. */
export async function listUpcomingMaintenance(): Promise<IncidentModel[]> {
  const incidents = await getIncidents();
  return incidents.filter((incident) => incident.phase === 'upcoming').sort((a, b) => a.startMs - b.startMs);
}

/** Everything that touched one check, newest first. */
export async function listIncidentsForComponent(checkId: string): Promise<IncidentModel[]> {
  return (await getIncidentsByCheck()).get(checkId) ?? [];
}

// One pass over the incidents per build, not one per component page.
const getIncidentsByCheck = cachePerBuild(async (): Promise<Map<string, IncidentModel[]>> => {
  const byCheck = new Map<string, IncidentModel[]>();
  for (const incident of await getIncidents()) {
    for (const checkId of new Set(incident.affectedCheckIds)) {
      const list = byCheck.get(checkId);
      if (list) list.push(incident);
      else byCheck.set(checkId, [incident]);
    }
  }
  return byCheck;
});

/** How long it lasted (or has lasted so far, or is planned to last); undefined before it starts. */
export function getIncidentDurationMs(incident: IncidentModel, nowMs: number): number | undefined {
  const endMs = incident.endMs ?? (incident.phase === 'active' ? nowMs : undefined);
  return endMs === undefined ? undefined : Math.max(0, endMs - incident.startMs);
}

/** Incidents per page of /incidents/. */
export const INCIDENTS_PER_PAGE = 25;

/** The path of page `pageNumber` (1-based) of the history. */
export function getHistoryPagePath(pageNumber: number): string {
  return toSitePath(pageNumber <= 1 ? 'incidents/' : `incidents/page/${pageNumber}/`);
}

/**
 * The incidents of each check on each UTC day they touched, keyed `<check id>/<YYYY-MM-DD>`: for the
 * 90-day bars, whose cells link the incidents of their day.
 */
export function indexIncidentsByCheckDay(
  incidents: readonly IncidentModel[],
  nowMs: number,
): Map<string, IncidentModel[]> {
  const byCheckDay = new Map<string, IncidentModel[]>();
  for (const incident of incidents) {
    const endMs = Math.min(incident.endMs ?? nowMs, nowMs);
    for (let dayMs = incident.startMs - (incident.startMs % DAY_MS); dayMs <= endMs; dayMs += DAY_MS) {
      const day = new Date(dayMs).toISOString().slice(0, 10);
      for (const checkId of incident.affectedCheckIds) {
        const key = `${checkId}/${day}`;
        byCheckDay.set(key, [...(byCheckDay.get(key) ?? []), incident]);
      }
    }
  }
  return byCheckDay;
}
