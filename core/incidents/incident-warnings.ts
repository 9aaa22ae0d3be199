import type { Incident } from '../model/index.ts';
import { getCurrentStatus } from './incident-phase.ts';

/**
 * What is valid but probably not what the author meant, as `<field>: <what and the fix>`: `vigil
 * validate` prints these as warnings, and the site still builds (it follows the newest update).
 */
export function findIncidentWarnings(incident: Incident): string[] {
  const warnings: string[] = [];
  const newestIndex = incident.updates.length - 1;
  const current = getCurrentStatus(incident);
  const newest = incident.updates.at(-1)?.status;
  // A recurring maintenance's updates speak for one occurrence each, its status for the series.
  const isSeries = incident.rrule !== undefined;
  if (!isSeries && current !== incident.status) {
    warnings.push(
      `status: "${incident.status}" disagrees with the newest update (updates[${newestIndex}].status: "${current}"); the site shows "${current}", so set status: ${current}`,
    );
  } else if (!isSeries && newest !== undefined && newest !== current) {
    warnings.push(
      `status: "${current}" with an end, but the newest update says "${newest}" (updates[${newestIndex}].status); the site shows it ${current}, so add an update that says so`,
    );
  }
  if (incident.kind === 'incident' && current !== 'resolved' && incident.end !== undefined) {
    warnings.push(
      `end: the incident is not resolved, so end (${incident.end}) is not shown as its end; end is when it was resolved, so move an expected end to estimatedResolution`,
    );
  }
  if (incident.kind === 'incident' && current === 'resolved' && incident.end === undefined) {
    warnings.push(
      `end: the newest update resolves the incident but there is no end; the site uses that update's time (updates[${newestIndex}].at), so add end`,
    );
  }
  return warnings;
}

/** When an incident was resolved: its `end`, else the time of the update that resolved it; undefined while open. */
export function getResolvedMs(incident: Pick<Incident, 'status' | 'end' | 'updates'>): number | undefined {
  if (getCurrentStatus(incident) !== 'resolved') return undefined;
  if (incident.end !== undefined) return Date.parse(incident.end);
  const resolving = incident.updates.findLast((update) => update.status === 'resolved');
  return resolving === undefined ? undefined : Date.parse(resolving.at);
}
