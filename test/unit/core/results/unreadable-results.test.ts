import { describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseReservations } from '../../../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo } from '../../../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../../../collectors/probes/slurm/parse-squeue.ts';
import { type CheckResult, ConfigSchema, type SnapshotLine } from '../../../../core/model/index.ts';
import { deriveClusterMaintenance } from '../../../../src/data/cluster-maintenance.ts';
import { readClusterDetail, readSummary } from '../../../../src/data/cluster-readings.ts';
import { deriveClusters } from '../../../../src/data/clusters.ts';
import { deriveComponentDetail } from '../../../../src/data/component-detail.ts';
import { indexSnapshotLines } from '../../../../src/data/day-parts.ts';
import { getDayFoldSettings } from '../../../../src/data/history.ts';
import { deriveHosts } from '../../../../src/data/hosts.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { readFixture } from './expect-readable.ts';

// A stored result whose fields were renamed (another version of Vigil wrote it, or a probe changed
// without its schema) is reported as unreadable where the site reads it, never as an empty panel.

const HOUR_MS = 3_600_000;
const NOW_MS = Date.UTC(2026, 10, 23, 1, 0);

const SUMMARY = aggregateSlurm({
  cluster: 'atlas',
  nodes: parseSinfo(readFixture('slurm/sinfo-22.05-drained-in-maint-reservation.txt')),
  jobs: parseSqueue(readFixture('slurm/squeue-22.05-array-pending.txt')),
  reservations: parseReservations(readFixture('slurm/scontrol-22.05-reservations.txt')),
  maxProblemNodes: 50,
});

/** The summary as the probe stores it, with `resources` renamed to `resource`. */
function renameResources(): Record<string, unknown> {
  const { resources, ...rest } = SUMMARY;
  return { ...rest, resource: resources };
}

const HOST_DETAIL = {
  hostname: 'login1',
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0-18-amd64',
  uptime: '3 d',
  cpuModel: 'AMD EPYC 7763',
  cpuWindow: '250 ms sample',
  filesystems: [{ mount: '/', type: 'ext4', source: '/dev/sda1' }],
};

const config = ConfigSchema.parse({
  site: { interval: '1h' },
  checks: [
    { id: 'atlas', type: 'slurm' },
    { id: 'login1', type: 'host' },
  ],
});

function result(
  id: string,
  detail: Record<string, unknown>,
  metrics: Record<string, number> = {},
): CheckResult {
  return { id, status: 'up', ms: 900, message: 'ok', metrics, detail };
}

/** Three hourly runs: readable, then each run's detail as `detailAt(hour)` gives it. */
function runs(detailAt: (hour: number) => { atlas: Record<string, unknown>; host: Record<string, unknown> }) {
  return [0, 1, 2].map(
    (hour): SnapshotLine => ({
      v: 1,
      t: new Date(NOW_MS - (2 - hour) * HOUR_MS).toISOString(),
      source: 'local',
      agent: { version: '0.1.0', host: 'admin' },
      results: [
        result('atlas', detailAt(hour).atlas, flattenClusterMetrics(SUMMARY)),
        result('login1', detailAt(hour).host, { cpuPercent: 12, memUsedPercent: 40, 'fs:/:usedPercent': 63 }),
      ],
    }),
  );
}

function model(snapshots: SnapshotLine[]) {
  return deriveSiteModel({ config, snapshots, rollups: [], nowMs: NOW_MS });
}

describe('a renamed detail field is reported unreadable, not shown blank', () => {
  it('reads the slurm detail as unreadable, naming the missing field', () => {
    expect(readClusterDetail('slurm', { ...SUMMARY })).toEqual({ kind: 'summary', summary: SUMMARY });
    expect(readClusterDetail('slurm', {})).toEqual({ kind: 'none' });
    expect(readClusterDetail('slurm', renameResources())).toEqual({
      kind: 'unreadable',
      problem: 'resources: expected object, received undefined',
    });
    expect(readSummary(renameResources())).toBeUndefined();
  });

  it('the cluster page says the newest result is unreadable instead of showing an older one or nothing', () => {
    const snapshots = runs((hour) => ({
      atlas: hour === 0 ? { ...SUMMARY } : hour === 1 ? renameResources() : {},
      host: HOST_DETAIL,
    }));
    const [cluster] = deriveClusters(model(snapshots));
    expect(cluster).toMatchObject({
      summary: undefined,
      unreadable: 'resources: expected object, received undefined',
      collectedAtMs: NOW_MS - HOUR_MS,
      gauges: [],
      partitions: [],
    });
    // The metrics of the same runs still chart.
    expect(cluster?.charts.map((chart) => chart.key)).toContain('cpuUtilizationPercent');
  });

  it('the component page notes the unreadable result', () => {
    const site = model(runs(() => ({ atlas: renameResources(), host: HOST_DETAIL })));
    const atlas = site.components.find((component) => component.id === 'atlas');
    if (atlas === undefined) throw new Error('no atlas component');
    expect(deriveComponentDetail(atlas, site).unreadable).toBe(
      'resources: expected object, received undefined',
    );
    const login = site.components.find((component) => component.id === 'login1');
    if (login === undefined) throw new Error('no login1 component');
    expect(deriveComponentDetail(login, site).unreadable).toBeUndefined();
  });

  it('the host page says so instead of drawing no gauges', () => {
    const { hostname, ...renamed } = HOST_DETAIL;
    const readable = runs(() => ({ atlas: { ...SUMMARY }, host: HOST_DETAIL }));
    const unreadable = runs(() => ({ atlas: { ...SUMMARY }, host: { ...renamed, host: hostname } }));
    const [host] = deriveHosts(
      config,
      indexSnapshotLines(readable, getDayFoldSettings(config)).newestBySource,
      model(readable),
    );
    expect(host?.hostChecks.map((check) => [check.gauges.length, check.unreadable])).toEqual([
      [3, undefined],
    ]);
    const [broken] = deriveHosts(
      config,
      indexSnapshotLines(unreadable, getDayFoldSettings(config)).newestBySource,
      model(unreadable),
    );
    expect(broken?.hostChecks.map((check) => [check.gauges, check.unreadable])).toEqual([
      [[], 'hostname: expected string, received undefined'],
    ]);
  });

  it('an unreadable run ends no maintenance reservation: it says nothing of them', () => {
    const snapshots = runs((hour) => ({ atlas: hour < 2 ? { ...SUMMARY } : renameResources(), host: {} }));
    const records = deriveClusterMaintenance({ config, snapshots, nowMs: NOW_MS, markdown: [] });
    expect(records.map((record) => [record.reservationName, record.incident.end])).toEqual(
      (SUMMARY.reservations ?? [])
        .filter((r) => r.isMaintenance)
        .sort((a, b) => a.start.localeCompare(b.start))
        .map((r) => [r.name, r.end]),
    );
  });

  it('a Compose service whose stored verdict does not read is no data, saying why', () => {
    const composeConfig = ConfigSchema.parse({
      checks: [
        { id: 'shop', type: 'docker', composeProject: 'shop', services: ['web'], expandServices: true },
      ],
    });
    const services = (web: Record<string, unknown>) => ({
      containers: [],
      project: 'shop',
      services: { web },
    });
    const snapshots = [
      { web: { status: 'up', message: 'running, healthy', containers: ['web'] } },
      { web: { state: 'up', message: 'running, healthy', containers: ['web'] } },
    ].map(
      ({ web }, index): SnapshotLine => ({
        v: 1,
        t: new Date(NOW_MS - (1 - index) * HOUR_MS).toISOString(),
        source: 'local',
        agent: { version: '0.1.0', host: 'box' },
        results: [result('shop', services(web))],
      }),
    );
    const site = deriveSiteModel({ config: composeConfig, snapshots, rollups: [], nowMs: NOW_MS });
    const web = site.components.find((component) => component.id === 'shop--web');
    expect(web?.recent.map((s) => [s.result.status, s.result.message])).toEqual([
      ['up', 'running, healthy'],
      ['unknown', 'unreadable result: services.web.status: expected one of "up"|"degraded"|"down"'],
    ]);
  });
});
