import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../../core/model/index.ts';
import { indexSnapshotLines } from '../../../../src/data/day-parts.ts';
import { getDayFoldSettings } from '../../../../src/data/history.ts';
import { buildHostGauges, deriveHosts } from '../../../../src/data/hosts.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);

describe('deriveHosts: collector liveness', () => {
  const config = ConfigSchema.parse({
    site: { interval: '5m' },
    sources: [
      { id: 'dmz', name: 'DMZ collector' },
      { id: 'hpc', name: 'Cluster collector' },
      { id: 'lab', name: 'Lab collector' },
      { id: 'old', name: 'Retired collector', enabled: false },
    ],
    checks: [
      { id: 'web', type: 'tcp', host: 'a', port: 1, source: 'dmz' },
      { id: 'login', type: 'tcp', host: 'b', port: 22, source: 'hpc' },
      { id: 'hpc-host', type: 'host', source: 'hpc' },
      { id: 'lab-tool', type: 'command', command: ['true'], source: 'lab' },
      { id: 'old-web', type: 'tcp', host: 'c', port: 1, source: 'old' },
    ],
  });
  const lines = (source: string, checkIds: string[], lastMinutesAgo: number) =>
    generateSnapshotLines({
      source,
      checkIds,
      from: new Date(NOW_MS - 60 * MINUTE_MS),
      to: new Date(NOW_MS - lastMinutesAgo * MINUTE_MS + 1),
      intervalMs: 5 * MINUTE_MS,
    });
  const snapshots = [
    ...lines('dmz', ['web'], 4),
    ...lines('hpc', ['login', 'hpc-host'], 16),
    ...lines('old', ['old-web'], 50),
  ].sort((a, b) => a.t.localeCompare(b.t));
  const model = deriveSiteModel({ config, snapshots, rollups: [], nowMs: NOW_MS });
  const hosts = Object.fromEntries(
    deriveHosts(
      config,
      indexSnapshotLines(snapshots, { ...getDayFoldSettings(config), showCollectorAddress: true })
        .newestBySource,
      model,
    ).map((host) => [host.source, host]),
  );

  it('lists every configured source with its checks, in config order', () => {
    expect(Object.keys(hosts)).toEqual(['dmz', 'hpc', 'lab', 'old']);
    expect(hosts.hpc?.components.map((c) => c.id)).toEqual(['login', 'hpc-host']);
    expect(hosts.hpc?.hostChecks.map((h) => h.component.id)).toEqual(['hpc-host']);
  });

  it("is fresh until its checks' staleAfter (3 intervals, the core rule), then stale, and stale when never seen", () => {
    expect(hosts.dmz?.isStale).toBe(false);
    expect(hosts.hpc).toMatchObject({ isStale: true, staleAfterMs: 15 * MINUTE_MS });
    expect(hosts.lab).toMatchObject({ isStale: true, lastSeenMs: undefined, agent: undefined });
  });

  it('marks a disabled source as disabled, not stale, and keeps its history with its checks marked disabled', () => {
    expect(hosts.old).toMatchObject({ isEnabled: false, isStale: false });
    const oldWeb = model.components.find((component) => component.id === 'old-web');
    expect(oldWeb?.isEnabled).toBe(false);
    expect(oldWeb?.runs.length).toBeGreaterThan(0);
    expect(model.components.find((component) => component.id === 'web')?.isEnabled).toBe(true);
  });

  it("records the agent's version, host and address from the newest run", () => {
    expect(hosts.dmz?.agent).toEqual(snapshots.filter((l) => l.source === 'dmz').at(-1)?.agent);
    expect(hosts.dmz?.lastSeenMs).toBe(NOW_MS - 5 * MINUTE_MS);
  });
});

describe('buildHostGauges', () => {
  it('turns host metrics into percentages, load relative to the cores', () => {
    const gauges = buildHostGauges({
      cpuPercent: 12.5,
      cpuCores: 4,
      load1: 6,
      memUsedPercent: 41,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
      'fs:/:usedPercent': 63,
      'fs:/scratch:usedPercent': 97,
    });
    expect(gauges.map((g) => [g.label, g.percent])).toEqual([
      ['CPU usage', 12.5],
      ['Load per core', 100],
      ['Memory usage', 41],
      ['Disk usage — /', 63],
      ['Disk usage — /scratch', 97],
    ]);
  });

  it('leaves out what the host did not report', () => {
    expect(buildHostGauges({ memUsedPercent: 10 })).toEqual([
      { label: 'Memory usage', percent: 10, warnAbovePercent: 90 },
    ]);
  });
});
