import { describe, expect, it } from 'vitest';
import { getIncidentPhase } from '../../../../core/incidents/incident-phase.ts';
import type { LoadedIncident } from '../../../../core/incidents/validate-incidents.ts';
import {
  type CheckResult,
  ConfigSchema,
  type Incident,
  IncidentSchema,
  type SnapshotLine,
} from '../../../../core/model/index.ts';
import type { Reservation } from '../../../../core/results/cluster-summary.ts';
import {
  deriveClusterMaintenance,
  isClusterMaintenanceRecord,
} from '../../../../src/data/cluster-maintenance.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';

const HOUR_MS = 3_600_000;
const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);
const iso = (epochMs: number) => new Date(epochMs).toISOString();

const config = ConfigSchema.parse({
  site: { interval: '1h' },
  groups: [{ id: 'hpc', name: 'HPC' }],
  sources: [
    { id: 'admin', name: 'Admin node' },
    { id: 'old', name: 'Retired collector', enabled: false },
  ],
  checks: [
    { id: 'atlas', name: 'Atlas', type: 'slurm', group: 'hpc' },
    { id: 'derecho', name: 'Derecho', type: 'pbs', group: 'hpc' },
    { id: 'paused', type: 'slurm', enabled: false },
    { id: 'retired', type: 'slurm', source: 'old' },
    { id: 'web', type: 'tcp', host: 'www.example.org', port: 443 },
  ],
});

function reservation(
  name: string,
  startMs: number,
  endMs: number,
  fields: Partial<Reservation> = {},
): Reservation {
  return {
    name,
    start: iso(startMs),
    end: iso(endMs),
    nodes: 'cn[001-004]',
    nodeCount: 4,
    flags: ['MAINT', 'IGNORE_JOBS'],
    isMaintenance: true,
    isActive: startMs <= NOW_MS && NOW_MS < endMs,
    ...fields,
  };
}

function clusterResult(
  id: string,
  reservations: Reservation[] | null,
  status: CheckResult['status'] = 'up',
): CheckResult {
  const scheduler = id === 'derecho' ? 'pbs' : 'slurm';
  return {
    id,
    status,
    ms: 100,
    message: status,
    metrics: {},
    detail: { scheduler, resources: {}, partitions: [], reservations },
  };
}

/** Hourly runs over the last `hours`, each with what `resultsAt(t)` says. */
function runs(hours: number, resultsAt: (t: number) => CheckResult[]): SnapshotLine[] {
  return Array.from({ length: hours }, (_, index) => {
    const t = NOW_MS - (hours - 1 - index) * HOUR_MS;
    return {
      v: 1,
      t: iso(t),
      source: 'admin',
      agent: { version: '0.1.0', host: 'a' },
      results: resultsAt(t),
    };
  });
}

function written(slug: string, incident: Partial<Incident>): LoadedIncident {
  return {
    slug,
    fileName: `${slug}.md`,
    body: '',
    incident: IncidentSchema.parse({
      title: 'Written maintenance',
      kind: 'maintenance',
      status: 'scheduled',
      start: iso(NOW_MS),
      end: iso(NOW_MS + HOUR_MS),
      ...incident,
    }),
  };
}

describe('maintenance reservations as maintenance records', () => {
  const upcoming = reservation('maint_dec', NOW_MS + 24 * HOUR_MS, NOW_MS + 30 * HOUR_MS);
  const current = reservation('M456.desched1', NOW_MS - 2 * HOUR_MS, NOW_MS + 2 * HOUR_MS, {
    nodes: 'dec0101,dec0102',
    nodeCount: 2,
    flags: ['RESV_RUNNING', 'MAINTENANCE'],
  });

  it('turns each maintenance reservation of the newest listing into a maintenance of that cluster', () => {
    const ordinary = reservation('climate_run', NOW_MS, NOW_MS + HOUR_MS, { isMaintenance: false });
    const snapshots = runs(3, () => [
      clusterResult('atlas', [upcoming, ordinary]),
      clusterResult('derecho', [current]),
    ]);
    const records = deriveClusterMaintenance({ config, snapshots, nowMs: NOW_MS, markdown: [] });
    expect(records.map((r) => [r.slug, r.incident.status, r.incident.affected])).toEqual([
      ['derecho-m456-desched1-2026-12-01', 'in-progress', ['derecho']],
      ['atlas-maint-dec-2026-12-02', 'scheduled', ['atlas']],
    ]);
    const [pbs, slurm] = records;
    expect(slurm?.incident).toMatchObject({
      title: 'Atlas: maintenance reservation maint_dec',
      kind: 'maintenance',
      start: upcoming.start,
      end: upcoming.end,
      updates: [
        {
          at: iso(NOW_MS - 2 * HOUR_MS),
          status: 'scheduled',
          text: 'SLURM maintenance reservation maint_dec on 4 nodes (cn[001-004]).',
        },
      ],
    });
    expect(pbs?.rendered.updatesHtml).toEqual([
      '<p>PBS maintenance reservation <code>M456.desched1</code> on 2 nodes (dec0101,dec0102).</p>',
    ]);
    for (const record of records) {
      // The same record a markdown file would give, valid by the same schema.
      expect(IncidentSchema.safeParse(record.incident).success).toBe(true);
      expect(isClusterMaintenanceRecord(record)).toBe(true);
      expect(record.fileName).toBe(`${record.slug}.md`);
    }
    expect(isClusterMaintenanceRecord(written('x', {}))).toBe(false);
  });

  it('ignores disabled checks, checks of a disabled source and other check types', () => {
    const snapshots = runs(2, () => [
      clusterResult('paused', [upcoming]),
      clusterResult('retired', [upcoming]),
      { ...clusterResult('web', [upcoming]), detail: { reservations: [upcoming] } },
    ]);
    expect(deriveClusterMaintenance({ config, snapshots, nowMs: NOW_MS, markdown: [] })).toEqual([]);
  });

  it('keeps a maintenance that left the listings as completed, and drops one cancelled before it began', () => {
    const finished = reservation('maint_early', NOW_MS - 5 * HOUR_MS, NOW_MS + HOUR_MS);
    const cancelled = reservation('maint_cancelled', NOW_MS - HOUR_MS, NOW_MS + 2 * HOUR_MS);
    const snapshots = runs(8, (t) => [
      clusterResult('atlas', [
        // Released early: seen while running until two hours ago.
        ...(t < NOW_MS - 2 * HOUR_MS ? [finished] : []),
        // Deleted three hours before its start.
        ...(t < NOW_MS - 4 * HOUR_MS ? [cancelled] : []),
      ]),
    ]);
    const records = deriveClusterMaintenance({ config, snapshots, nowMs: NOW_MS, markdown: [] });
    expect(
      records.map((r) => [r.reservationName, r.incident.status, r.incident.start, r.incident.end]),
    ).toEqual([['maint_early', 'completed', finished.start, iso(NOW_MS - 2 * HOUR_MS)]]);
    expect(getIncidentPhase(records[0]?.incident as Incident, NOW_MS)).toBe('completed');
  });

  it('a failed reservation query ends nothing', () => {
    const snapshots = runs(4, (t) => [
      t === NOW_MS
        ? { ...clusterResult('atlas', null, 'down'), detail: {} }
        : clusterResult('atlas', [upcoming]),
      clusterResult('derecho', t === NOW_MS ? null : [current]),
    ]);
    const records = deriveClusterMaintenance({ config, snapshots, nowMs: NOW_MS, markdown: [] });
    expect(records.map((r) => [r.checkId, r.incident.end])).toEqual([
      ['derecho', current.end],
      ['atlas', upcoming.end],
    ]);
  });

  it('a written maintenance of the same cluster over an overlapping window wins; others do not', () => {
    const snapshots = runs(2, () => [
      clusterResult('atlas', [upcoming]),
      clusterResult('derecho', [current]),
    ]);
    const overlapping = written('2026-12-02-atlas-upgrade', {
      affected: ['hpc'], // the group: atlas is a member
      start: iso(NOW_MS + 23 * HOUR_MS),
      end: iso(NOW_MS + 25 * HOUR_MS),
    });
    const otherCheck = written('2026-12-01-web', {
      affected: ['web'],
      start: current.start,
      end: current.end,
    });
    const otherTime = written('2026-11-30-derecho', {
      affected: ['derecho'],
      status: 'completed',
      start: iso(NOW_MS - 30 * HOUR_MS),
      end: iso(NOW_MS - 26 * HOUR_MS),
    });
    const records = deriveClusterMaintenance({
      config,
      snapshots,
      nowMs: NOW_MS,
      markdown: [overlapping, otherCheck, otherTime],
    });
    expect(records.map((r) => r.checkId)).toEqual(['derecho']);
  });

  it('never takes the slug of a written file', () => {
    const snapshots = runs(1, () => [clusterResult('atlas', [upcoming])]);
    const incident = written('atlas-maint-dec-2026-12-02', {
      kind: 'incident',
      status: 'resolved',
      affected: [],
    });
    const records = deriveClusterMaintenance({ config, snapshots, nowMs: NOW_MS, markdown: [incident] });
    expect(records.map((r) => r.slug)).toEqual(['atlas-maint-dec-2026-12-02-2']);
  });

  it('puts the cluster under maintenance, and keeps its downtime out of uptime', () => {
    // The scheduler stops answering during the maintenance.
    const snapshots = runs(24, (t) => [
      clusterResult(
        'atlas',
        t >= Date.parse(current.start) ? null : [current],
        t >= Date.parse(current.start) ? 'down' : 'up',
      ),
    ]);
    const records = deriveClusterMaintenance({ config, snapshots, nowMs: NOW_MS, markdown: [] });
    expect(records).toHaveLength(1);
    const model = deriveSiteModel({
      config,
      snapshots,
      rollups: [],
      nowMs: NOW_MS,
      incidents: records.map((r) => r.incident),
    });
    const atlas = model.components.find((c) => c.id === 'atlas');
    expect(atlas?.status).toBe('maintenance');
    expect(atlas?.componentStatus).toBe('under_maintenance');
    expect(atlas?.uptime['24h'].ratio).toBe(1);
  });
});
