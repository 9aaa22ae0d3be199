import { getIncidentPhase, isCurrentPhase } from '../../core/incidents/incident-phase.ts';
import { expandAffectedId } from '../../core/incidents/status-overlay.ts';
import type { LoadedIncident } from '../../core/incidents/validate-incidents.ts';
import type { AlertProvider } from '../../core/model/alerts-schema.ts';
import type { Config, IncidentImpact } from '../../core/model/index.ts';
import type { Alert } from './alert.ts';
import type { AlertState } from './alert-state.ts';
import type { ProviderAlert } from './find-check-alerts.ts';
import { isCheckWanted } from './find-check-alerts.ts';
import { type OccurrenceRecord, toOccurrenceRecords } from './occurrence-records.ts';

const SEVERITY: Record<IncidentImpact, Alert['severity']> = {
  none: 'info',
  minor: 'warning',
  major: 'error',
  critical: 'critical',
};

export interface IncidentAlertInput {
  providers: readonly AlertProvider[];
  config: Pick<Config, 'checks' | 'groups'>;
  incidents: readonly LoadedIncident[];
  /** Slugs of files that exist but could not be read: what was announced of them is kept. */
  presentSlugs: ReadonlySet<string>;
  announced: AlertState['incidents'];
  now: Date;
  site: string;
  pageUrlOf: (slug: string) => string | undefined;
}

/**
 * What incidents and maintenance did since the announcing collector's previous run: an incident
 * opened, got a new update, or was resolved; a maintenance started or ended (by the clock). Nothing is
 * announced the first time (what is in progress then is known, not news), nor for drafts.
 */
export function findIncidentAlerts(input: IncidentAlertInput): {
  alerts: ProviderAlert[];
  announced: NonNullable<AlertState['incidents']>;
} {
  const nowMs = input.now.getTime();
  // A recurring maintenance counts as each occurrence under its own key (slug@start).
  const announcedKeys = input.announced === undefined ? undefined : Object.keys(input.announced);
  const published = input.incidents
    .filter((record) => !record.incident.draft)
    .flatMap((record) => toOccurrenceRecords(record, nowMs, announcedKeys));
  const announced: NonNullable<AlertState['incidents']> = {};
  const changes: { record: OccurrenceRecord; event: Alert['event'] }[] = [];
  for (const record of published) {
    const phase = getIncidentPhase(record.incident, nowMs);
    const before = input.announced?.[record.slug];
    const updates = record.incident.updates.length;
    const isMaintenance = record.incident.kind === 'maintenance';
    if (isCurrentPhase(phase)) {
      announced[record.slug] = { updates };
      if (input.announced === undefined) continue;
      if (before === undefined)
        changes.push({ record, event: isMaintenance ? 'maintenance.started' : 'incident.opened' });
      else if (updates > before.updates && !isMaintenance)
        changes.push({ record, event: 'incident.updated' });
    } else if (before !== undefined && (phase === 'resolved' || phase === 'completed')) {
      changes.push({ record, event: isMaintenance ? 'maintenance.ended' : 'incident.resolved' });
    }
  }
  const readable = new Set(input.incidents.map((record) => record.slug));
  for (const [slug, entry] of Object.entries(input.announced ?? {})) {
    const fileSlug = slug.replace(/@.*$/, '');
    if (!readable.has(fileSlug) && input.presentSlugs.has(fileSlug)) announced[slug] = entry;
  }
  const alerts = changes.flatMap(({ record, event }) => {
    const alert = buildIncidentAlert(record, event, input);
    const checkIds = affectedCheckIds(record, input.config);
    return input.providers
      .filter((provider) => provider.events.includes(event as never))
      .filter(
        (provider) =>
          checkIds === undefined || checkIds.some((id) => isCheckWanted(provider, checkOf(id, input.config))),
      )
      .map((provider) => ({ provider: provider.id, alert }));
  });
  return { alerts, announced };
}

// undefined: the whole site, which every provider hears of.
function affectedCheckIds(
  record: LoadedIncident,
  config: IncidentAlertInput['config'],
): string[] | undefined {
  const ids = record.incident.affected.map((entry) => (typeof entry === 'string' ? entry : entry.id));
  return ids.length === 0 ? undefined : ids.flatMap((id) => expandAffectedId(id, config));
}

function checkOf(id: string, config: IncidentAlertInput['config']) {
  return config.checks.find((check) => check.id === id) ?? { id, group: undefined };
}

function buildIncidentAlert(
  record: OccurrenceRecord,
  event: Alert['event'],
  input: IncidentAlertInput,
): Alert {
  const { incident } = record;
  const isMaintenance = incident.kind === 'maintenance';
  const latest = incident.updates.at(-1)?.text;
  const verb = {
    'incident.opened': 'Incident',
    'incident.updated': 'Incident update',
    'incident.resolved': 'Resolved',
    'maintenance.started': 'Maintenance started',
    'maintenance.ended': 'Maintenance completed',
  }[event as string];
  const isEnd = event === 'incident.resolved' || event === 'maintenance.ended';
  return {
    key: `vigil/${incident.kind}/${record.slug}`,
    event,
    action: isEnd ? 'resolve' : event === 'incident.updated' ? 'info' : 'trigger',
    isReminder: false,
    severity: isMaintenance ? 'info' : SEVERITY[incident.impact],
    site: input.site,
    title: `${input.site}: ${verb}: ${incident.title}`,
    text: latest ?? (record.body.trim().slice(0, 2000) || incident.title),
    subject: { kind: incident.kind, id: record.fileSlug ?? record.slug, name: incident.title },
    url: input.pageUrlOf(record.fileSlug ?? record.slug),
    at: input.now.toISOString(),
    updates: incident.updates.map(({ at, status, text }) => ({ at, status, text })),
  };
}
