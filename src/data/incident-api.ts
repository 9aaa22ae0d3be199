import { stripMarkup } from '../../core/incidents/plain-text.ts';
import { getIncidents, type IncidentModel } from './incidents.ts';
import type { StatuspageIncident, StatuspageIncidentStatus, StatuspageSummary } from './statuspage-types.ts';

// Incidents and scheduled maintenance in the shape of the Statuspage public API (v2), so status
// aggregators and widgets that read Statuspage pages read Vigil unchanged.

/** One incident or maintenance as Statuspage writes it; maintenance status follows the build's clock. */
export function toStatuspageIncident(
  incident: IncidentModel,
  summary: Pick<StatuspageSummary, 'page' | 'components'>,
): StatuspageIncident {
  const iso = (epochMs: number) => new Date(epochMs).toISOString();
  const status = toStatuspageStatus(incident);
  const affectedIds = new Set([
    ...incident.affectedCheckIds,
    ...incident.affected.map((item) => `group:${item.id}`),
  ]);
  const components = summary.components.filter((component) => affectedIds.has(component.id));
  const monitoring = incident.updates.find((update) => update.status === 'monitoring');
  const isFinished = status === 'resolved' || status === 'completed';
  const updates = incident.updates.toReversed().map((update, index) => ({
    id: `${incident.slug}-${incident.updates.length - index}`,
    status: update.status === 'in-progress' ? ('in_progress' as const) : update.status,
    body: update.plainText,
    incident_id: incident.slug,
    created_at: iso(update.atMs),
    updated_at: iso(update.atMs),
    display_at: iso(update.atMs),
    affected_components: null,
    deliver_notifications: false,
    custom_tweet: null,
    tweet_id: null,
  }));
  return {
    id: incident.slug,
    name: stripMarkup(incident.title),
    status,
    created_at: iso(incident.updates[0]?.atMs ?? incident.startMs),
    updated_at: iso(incident.updatedMs),
    monitoring_at: monitoring === undefined ? null : iso(monitoring.atMs),
    resolved_at: isFinished && incident.endMs !== undefined ? iso(incident.endMs) : null,
    impact: incident.kind === 'maintenance' ? 'maintenance' : incident.impact,
    shortlink: toShortlink(incident.href, summary.page.url),
    started_at: iso(incident.startMs),
    page_id: summary.page.id,
    incident_updates: updates,
    components,
    ...(incident.kind === 'maintenance'
      ? {
          scheduled_for: iso(incident.startMs),
          scheduled_until: incident.endMs === undefined ? null : iso(incident.endMs),
        }
      : {}),
  };
}

// Follows the newest update, as the pages do (IncidentModel.status).
function toStatuspageStatus(incident: IncidentModel): StatuspageIncidentStatus {
  if (incident.kind === 'incident') return incident.status as StatuspageIncidentStatus;
  if (incident.phase === 'completed') return 'completed';
  if (incident.phase === 'upcoming') return 'scheduled';
  return incident.status === 'verifying' ? 'verifying' : 'in_progress';
}

// page.url is absolute when site.url is set, else the base path: then the shortlink is the incident's
// path too (a client resolves it against the address it read the API from), never a made-up host.
function toShortlink(href: string, pageUrl: string): string {
  return /^https?:/.test(pageUrl) ? new URL(href, pageUrl).href : href;
}

export type IncidentListName = 'all' | 'unresolved' | 'maintenance' | 'upcoming' | 'active';

const LIST_FILTERS: Record<IncidentListName, (incident: IncidentModel) => boolean> = {
  all: (incident) => incident.kind === 'incident',
  unresolved: (incident) => incident.kind === 'incident' && incident.phase === 'active',
  maintenance: (incident) => incident.kind === 'maintenance',
  upcoming: (incident) => incident.kind === 'maintenance' && incident.phase === 'upcoming',
  active: (incident) => incident.kind === 'maintenance' && incident.phase === 'in-progress',
};

/** The incidents (or scheduled maintenance) of one Statuspage list endpoint, newest first. */
export async function listStatuspageIncidents(
  name: IncidentListName,
  summary: Pick<StatuspageSummary, 'page' | 'components'>,
): Promise<StatuspageIncident[]> {
  const incidents = await getIncidents();
  return incidents.filter(LIST_FILTERS[name]).map((incident) => toStatuspageIncident(incident, summary));
}

/** What summary.json lists: unresolved incidents, and maintenance that is upcoming or in progress. */
export async function listSummaryIncidents(summary: Pick<StatuspageSummary, 'page' | 'components'>) {
  const [incidents, upcoming, active] = await Promise.all([
    listStatuspageIncidents('unresolved', summary),
    listStatuspageIncidents('upcoming', summary),
    listStatuspageIncidents('active', summary),
  ]);
  return { incidents, scheduled_maintenances: [...active, ...upcoming] };
}
