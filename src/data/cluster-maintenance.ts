import { mapFormerIds } from '../../core/history/former-ids.ts';
import { slugifyTitle } from '../../core/incidents/incident-template.ts';
import { listAffectedChecks } from '../../core/incidents/status-overlay.ts';
import type { LoadedIncident } from '../../core/incidents/validate-incidents.ts';
import type { Check, Config, Incident, IncidentStatus, SnapshotLine } from '../../core/model/index.ts';
import type { Reservation } from '../../core/results/cluster-summary.ts';
import { parseResultDetail } from '../../core/results/index.ts';
import { escapeXml } from '../../core/text.ts';
import { t } from '../i18n/index.ts';
import { type ClusterType, isClusterType } from './cluster-readings.ts';
import { getConfig } from './config.ts';
import { indexSnapshotLines, type RunIndex } from './day-parts.ts';
import { getHistory } from './history.ts';

// Maintenance reservations of slurm and pbs checks as maintenance records: the same shape as a
// data/incidents/*.md file, so the front page, the overlay (Under maintenance, uptime), the
// calendar, the feeds and the Statuspage API treat them like any written maintenance.

/** A maintenance made from a scheduler reservation, with its text already rendered (no markdown file). */
export interface ClusterMaintenanceRecord extends LoadedIncident {
  rendered: { bodyHtml: string; updatesHtml: string[] };
  checkId: string;
  reservationName: string;
}

export interface ClusterMaintenanceInput {
  config: Pick<Config, 'checks' | 'groups' | 'sources'>;
  /** The runs as getHistory reads them… */
  runs?: RunIndex;
  /** …or lines held in memory (tests), indexed the same way. */
  snapshots?: readonly SnapshotLine[];
  nowMs: number;
  /** Published markdown records: a maintenance there that overlaps a reservation of the same check wins. */
  markdown: readonly LoadedIncident[];
}

export function isClusterMaintenanceRecord(record: LoadedIncident): record is ClusterMaintenanceRecord {
  return 'rendered' in record && 'reservationName' in record;
}

interface Sighting {
  reservation: Reservation;
  firstSeenMs: number;
  /** The first later listing without it: it ended or was deleted by then. */
  goneMs: number | undefined;
}

/**
 * One maintenance record per maintenance reservation (SLURM `MAINT`, PBS `M…`) of each enabled slurm
 * or pbs check. The newest listing gives the current window; a reservation that has left the
 * listings (the scheduler drops it at its end) stays as completed maintenance, ended by the first
 * listing without it, so its time keeps counting as maintenance; one that left before it began was
 * cancelled and is dropped. A written maintenance of the same check over an overlapping window wins.
 */
export function deriveClusterMaintenance(input: ClusterMaintenanceInput): ClusterMaintenanceRecord[] {
  const { config, nowMs, markdown } = input;
  const disabledSources = new Set(config.sources.filter((s) => !s.enabled).map((s) => s.id));
  const checks = config.checks.filter(
    (check) => isClusterType(check.type) && check.enabled && !disabledSources.has(check.source),
  );
  if (checks.length === 0) return [];
  const typeOf = new Map<string, ClusterType>();
  for (const check of checks) if (isClusterType(check.type)) typeOf.set(check.id, check.type);
  const runs =
    input.runs ??
    indexSnapshotLines(input.snapshots ?? [], {
      renames: mapFormerIds(config.checks),
      fullHistoryIds: new Set(typeOf.keys()),
      showCollectorAddress: true,
    });
  const sightings = collectSightings(runs, typeOf);
  const written = markdown
    .filter((record) => record.incident.kind === 'maintenance' && record.incident.end !== undefined)
    .map((record) => ({
      checkIds: new Set(listAffectedChecks(record.incident, config).keys()),
      startMs: Date.parse(record.incident.start),
      endMs: Date.parse(record.incident.end ?? record.incident.start),
    }));
  const records: ClusterMaintenanceRecord[] = [];
  const slugs = new Set(markdown.map((record) => record.slug));
  for (const check of checks) {
    for (const sighting of sightings.get(check.id)?.values() ?? []) {
      const window = toWindow(sighting);
      if (window === undefined) continue;
      const isWritten = written.some(
        (w) => w.checkIds.has(check.id) && w.startMs < window.endMs && window.startMs < w.endMs,
      );
      if (isWritten) continue;
      const record = toRecord(check, sighting, window, nowMs);
      let slug = record.slug;
      for (let n = 2; slugs.has(slug); n++) slug = `${record.slug}-${n}`;
      slugs.add(slug);
      records.push({ ...record, slug, fileName: `${slug}.md` });
    }
  }
  return records.sort(
    (a, b) => a.incident.start.localeCompare(b.incident.start) || a.slug.localeCompare(b.slug),
  );
}

/** Every maintenance reservation each check listed, in order, keyed by check id then `name start-day`. */
function collectSightings(
  runs: RunIndex,
  typeOf: ReadonlyMap<string, ClusterType>,
): Map<string, Map<string, Sighting>> {
  const byCheck = new Map<string, Map<string, Sighting>>();
  for (const [id, type] of typeOf) {
    for (const { t, result } of runs.checks.get(id)?.full ?? []) {
      const listed = readMaintenanceReservations(type, result.detail);
      // A failed reservation query says nothing: what was seen before stands.
      if (listed === undefined) continue;
      const known = byCheck.get(result.id) ?? new Map<string, Sighting>();
      byCheck.set(result.id, known);
      const present = new Set<string>();
      for (const reservation of listed) {
        const key = `${reservation.name} ${reservation.start.slice(0, 10)}`;
        present.add(key);
        const sighting = known.get(key);
        if (sighting === undefined) known.set(key, { reservation, firstSeenMs: t, goneMs: undefined });
        else Object.assign(sighting, { reservation, goneMs: undefined });
      }
      for (const [key, sighting] of known) {
        if (!present.has(key) && sighting.goneMs === undefined) sighting.goneMs = t;
      }
    }
  }
  return byCheck;
}

/**
 * The maintenance reservations of a stored detail; undefined when it lists none: a failed run or
 * reservation query, or a detail this version cannot read (the cluster page says so).
 */
function readMaintenanceReservations(
  type: ClusterType,
  detail: Record<string, unknown>,
): Reservation[] | undefined {
  const parsed = parseResultDetail(type, detail);
  const reservations = parsed.success ? parsed.data?.reservations : undefined;
  if (reservations === undefined || reservations === null) return undefined;
  return reservations.filter((r) => r.isMaintenance && r.name !== '');
}

function toWindow(sighting: Sighting): { startMs: number; endMs: number } | undefined {
  const startMs = Date.parse(sighting.reservation.start);
  const plannedEndMs = Date.parse(sighting.reservation.end);
  if (Number.isNaN(startMs) || Number.isNaN(plannedEndMs)) return undefined;
  const { goneMs } = sighting;
  if (goneMs !== undefined && goneMs <= startMs) return undefined;
  const endMs = goneMs === undefined ? plannedEndMs : Math.min(plannedEndMs, goneMs);
  return endMs > startMs ? { startMs, endMs } : undefined;
}

function toRecord(
  check: Check,
  sighting: Sighting,
  window: { startMs: number; endMs: number },
  nowMs: number,
): ClusterMaintenanceRecord {
  const { reservation } = sighting;
  const name = check.name;
  const scheduler = check.type === 'pbs' ? 'PBS' : 'SLURM';
  const status: IncidentStatus =
    nowMs < window.startMs ? 'scheduled' : nowMs < window.endMs ? 'in-progress' : 'completed';
  const nodes = reservation.nodes === '' ? '' : ` (${reservation.nodes})`;
  // In the site's language, as a person would have written the record (the API carries it as written).
  const describe = (name: string, nodeList: string) =>
    t('cluster.maintenanceText', {
      count: reservation.nodeCount,
      n: String(reservation.nodeCount),
      scheduler,
      name,
      nodes: nodeList,
    });
  const text = describe(reservation.name, nodes);
  const html = `<p>${describe(`<code>${escapeXml(reservation.name)}</code>`, escapeXml(nodes))}</p>`;
  const iso = (epochMs: number) => new Date(epochMs).toISOString();
  const incident: Incident = {
    title: t('cluster.maintenanceTitle', { cluster: name, name: reservation.name }),
    kind: 'maintenance',
    // Not shown for maintenance; the schema's default.
    impact: 'minor',
    status,
    affected: [check.id],
    start: iso(window.startMs),
    end: iso(window.endMs),
    updates: [
      {
        at: iso(sighting.firstSeenMs),
        status: sighting.firstSeenMs < window.startMs ? 'scheduled' : 'in-progress',
        text,
      },
    ],
    draft: false,
  };
  const slug = `${check.id}-${slugifyTitle(reservation.name)}-${incident.start.slice(0, 10)}`;
  return {
    slug,
    fileName: `${slug}.md`,
    incident,
    body: '',
    rendered: { bodyHtml: '', updatesHtml: [html] },
    checkId: check.id,
    reservationName: reservation.name,
  };
}

/** The reservation maintenance of this build, given the published markdown records (which win). */
export async function getClusterMaintenanceRecords(
  markdown: readonly LoadedIncident[],
): Promise<ClusterMaintenanceRecord[]> {
  const [config, history] = await Promise.all([getConfig(), getHistory()]);
  return deriveClusterMaintenance({ config, runs: history.runs, nowMs: history.nowMs, markdown });
}
