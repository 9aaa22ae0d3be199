import type { CheckStatus, Config, Incident, IncidentImpact } from '../model/index.ts';
import { listAffected, worseStatus } from '../model/index.ts';
import { CHECK_STATUS_BY_IMPACT, getIncidentPhase, getMaintenanceEndMs } from './incident-phase.ts';
import { isRecurring, listOccurrences, resolveOccurrence } from './recurrence.ts';

/** How far back a recurring maintenance's past occurrences are marked: beyond the longest uptime range. */
export const RECURRENCE_LOOKBACK_MS = 100 * 86_400_000;

/** A time range [startMs, endMs) in epoch ms. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** What incidents and maintenance change about the components at one instant. */
export interface StatusOverlay {
  /** The status to show: in-progress maintenance wins, else the worse of the probes and active incidents. */
  getStatus(checkId: string, probeStatus: CheckStatus): CheckStatus;
  /** Maintenance windows of a check, for marking its samples before uptime is computed. */
  getMaintenanceWindows(checkId: string): TimeWindow[];
}

/** The check ids an `affected` id stands for: the check itself, or every check of the group. */
export function expandAffectedId(id: string, config: Pick<Config, 'checks'>): string[] {
  // Config validation keeps check ids and group ids apart, so an id is one or the other.
  if (config.checks.some((check) => check.id === id)) return [id];
  return config.checks.filter((check) => check.group === id).map((check) => check.id);
}

/** The check ids an incident touches, each with the impact it shows there (the worst when named twice). */
export function listAffectedChecks(
  incident: Pick<Incident, 'affected' | 'impact'>,
  config: Pick<Config, 'checks'>,
): Map<string, IncidentImpact> {
  const order: IncidentImpact[] = ['none', 'minor', 'major', 'critical'];
  const impacts = new Map<string, IncidentImpact>();
  for (const { id, impact } of listAffected(incident)) {
    for (const checkId of expandAffectedId(id, config)) {
      const previous = impacts.get(checkId);
      if (previous === undefined || order.indexOf(impact) > order.indexOf(previous))
        impacts.set(checkId, impact);
    }
  }
  return impacts;
}

/** Builds the overlay of published (non-draft) incidents at nowMs. */
export function buildStatusOverlay(
  incidents: readonly Incident[],
  config: Pick<Config, 'checks'>,
  nowMs: number,
): StatusOverlay {
  const incidentStatus = new Map<string, CheckStatus>();
  const inMaintenance = new Set<string>();
  const windows = new Map<string, TimeWindow[]>();
  for (const incident of incidents) {
    if (incident.draft) continue;
    // A recurring maintenance is in progress by its occurrence now; each past window is excluded.
    const phase = getIncidentPhase(resolveOccurrence(incident, nowMs), nowMs);
    for (const [checkId, impact] of listAffectedChecks(incident, config)) {
      if (incident.kind === 'maintenance') {
        if (phase === 'in-progress') inMaintenance.add(checkId);
        const endMs = getMaintenanceEndMs(incident);
        const ownWindows = isRecurring(incident)
          ? listOccurrences(incident, nowMs - RECURRENCE_LOOKBACK_MS, nowMs + 1)
          : [
              {
                startMs: Date.parse(incident.start),
                endMs: Number.isFinite(endMs) ? endMs : Date.parse(incident.start),
              },
            ];
        windows.set(checkId, [...(windows.get(checkId) ?? []), ...ownWindows]);
        continue;
      }
      const status = CHECK_STATUS_BY_IMPACT[impact];
      if (phase !== 'active' || status === undefined) continue;
      const previous = incidentStatus.get(checkId);
      incidentStatus.set(checkId, previous === undefined ? status : worseStatus(previous, status));
    }
  }
  return {
    getStatus(checkId, probeStatus) {
      if (inMaintenance.has(checkId)) return 'maintenance';
      const status = incidentStatus.get(checkId);
      if (status === undefined) return probeStatus;
      return probeStatus === 'unknown' ? status : worseStatus(probeStatus, status);
    },
    getMaintenanceWindows: (checkId) => windows.get(checkId) ?? [],
  };
}

/**
 * Samples taken inside a maintenance window count as `maintenance`: planned downtime is not held
 * against uptime. The stored data is untouched; this is how the site reads it.
 */
export function markMaintenanceSamples<T extends { t: number; result: { status: CheckStatus } }>(
  samples: readonly T[],
  windows: readonly TimeWindow[],
): readonly T[] {
  if (windows.length === 0) return samples;
  return samples.map((sample) =>
    windows.some((window) => sample.t >= window.startMs && sample.t < window.endMs)
      ? ({ ...sample, result: { ...sample.result, status: 'maintenance' } } as T)
      : sample,
  );
}
