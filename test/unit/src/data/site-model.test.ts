import { describe, expect, it } from 'vitest';
import { getStaleAfterMs } from '../../../../core/history/freshness.ts';
import {
  type CheckResult,
  type CheckStatus,
  ConfigSchema,
  type SnapshotLine,
} from '../../../../core/model/index.ts';
import { deriveCurrentStatus } from '../../../../src/data/component-status.ts';
import type { CheckSample } from '../../../../src/data/history.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { buildStatuspageSummary } from '../../../../src/data/statuspage-summary.ts';
import { buildVigilSummaryExtension } from '../../../../src/data/vigil-summary-extension.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const NOW_MS = Date.UTC(2026, 10, 22, 12, 0);

function result(status: CheckStatus): CheckResult {
  return { id: 'web', status, ms: 20, message: status, metrics: {}, detail: {} };
}

function sample(minutesAgo: number, status: CheckStatus): CheckSample {
  return { t: NOW_MS - minutesAgo * MINUTE_MS, result: result(status) };
}

describe('deriveCurrentStatus', () => {
  const clock = { nowMs: NOW_MS, staleAfterMs: 15 * MINUTE_MS };
  const cases: { name: string; samples: CheckSample[]; status: CheckStatus; isStale: boolean }[] = [
    { name: 'no result at all is unknown, not stale', samples: [], status: 'unknown', isStale: false },
    {
      name: 'a fresh result gives its status',
      samples: [sample(20, 'up'), sample(4, 'down')],
      status: 'down',
      isStale: false,
    },
    {
      name: 'the newest result wins over older ones',
      samples: [sample(10, 'down'), sample(5, 'up')],
      status: 'up',
      isStale: false,
    },
    {
      name: 'a result exactly at the threshold still counts',
      samples: [sample(15, 'degraded')],
      status: 'degraded',
      isStale: false,
    },
    {
      name: 'an older result is stale: no data',
      samples: [sample(16, 'up')],
      status: 'unknown',
      isStale: true,
    },
    {
      name: 'a stale down is no data, not down',
      samples: [sample(600, 'down')],
      status: 'unknown',
      isStale: true,
    },
    {
      name: 'maintenance passes through',
      samples: [sample(1, 'maintenance')],
      status: 'maintenance',
      isStale: false,
    },
    {
      name: 'a result from a clock ahead of ours is fresh',
      samples: [sample(-3, 'up')],
      status: 'up',
      isStale: false,
    },
  ];
  it.each(cases)('$name', ({ samples, status, isStale }) => {
    const current = deriveCurrentStatus(samples, clock);
    expect(current).toMatchObject({ status, isStale });
    expect(current.latest).toBe(samples.at(-1));
  });
});

describe('getStaleAfterMs', () => {
  it('defaults to three intervals', () => {
    const { site } = ConfigSchema.parse({ site: { interval: '2m' } });
    expect(getStaleAfterMs({}, site)).toBe(6 * MINUTE_MS);
  });

  it('takes staleAfter when given', () => {
    const { site } = ConfigSchema.parse({ site: { interval: '2m', staleAfter: '1h' } });
    expect(getStaleAfterMs({}, site)).toBe(HOUR_MS);
  });
});

const config = ConfigSchema.parse({
  site: { title: 'Lab', interval: '5m' },
  groups: [
    { id: 'core', name: 'Core' },
    { id: 'infra', name: 'Infra', collapsed: true },
    { id: 'unused', name: 'Nothing here' },
  ],
  checks: [
    { id: 'web', type: 'http', group: 'core', url: 'https://example.org/' },
    { id: 'api', type: 'http', group: 'core', url: 'https://example.org/api', name: 'API' },
    { id: 'db', type: 'tcp', group: 'infra', host: 'db', port: 5432 },
    { id: 'old', type: 'tcp', group: 'infra', host: 'old', port: 1, enabled: false },
    { id: 'cron', type: 'command', command: ['true'] },
  ],
});

/** One day of five-minute runs ending at NOW_MS, with the given status per check (up otherwise). */
function runs(
  statusById: Record<string, CheckStatus>,
  checkIds = ['web', 'api', 'db', 'cron'],
): SnapshotLine[] {
  return generateSnapshotLines({
    source: 'main',
    checkIds,
    from: new Date(NOW_MS - DAY_MS + 5 * MINUTE_MS),
    to: new Date(NOW_MS + 1),
    intervalMs: 5 * MINUTE_MS,
    statusAt: (id) => statusById[id] ?? 'up',
  });
}

describe('deriveSiteModel', () => {
  it('groups checks in config order, leaves out empty groups and puts ungrouped checks under "Other"', () => {
    const model = deriveSiteModel({ config, snapshots: runs({}), rollups: [], nowMs: NOW_MS });
    expect(model.groups.map((group) => [group.id, group.name, group.components.map((c) => c.id)])).toEqual([
      ['core', 'Core', ['web', 'api']],
      ['infra', 'Infra', ['db', 'old']],
      [undefined, 'Other', ['cron']],
    ]);
    expect(model.groups[1]?.isCollapsed).toBe(true);
    expect(model.components.find((c) => c.id === 'api')?.name).toBe('API');
    expect(model.components.find((c) => c.id === 'web')?.name).toBe('web');
  });

  it('has no "Other" group when every check has a group', () => {
    const grouped = ConfigSchema.parse({
      groups: [{ id: 'core', name: 'Core' }],
      checks: [{ id: 'web', type: 'http', group: 'core', url: 'https://example.org/' }],
    });
    const model = deriveSiteModel({ config: grouped, snapshots: [], rollups: [], nowMs: NOW_MS });
    expect(model.groups.map((group) => group.name)).toEqual(['Core']);
  });

  it('rolls statuses up per group and for the page', () => {
    const model = deriveSiteModel({
      config,
      snapshots: runs({ db: 'down', api: 'degraded' }),
      rollups: [],
      nowMs: NOW_MS,
    });
    expect(model.groups.map((group) => group.status)).toEqual([
      'degraded_performance',
      'major_outage',
      'operational',
    ]);
    expect(model.overall).toBe('partial_outage');
    expect(model.components.find((c) => c.id === 'db')?.componentStatus).toBe('major_outage');
  });

  it('keeps a disabled check with no data: no data, ignored by the roll-up', () => {
    const model = deriveSiteModel({ config, snapshots: runs({}), rollups: [], nowMs: NOW_MS });
    const old = model.components.find((c) => c.id === 'old');
    expect(old).toMatchObject({ isEnabled: false, status: 'unknown', componentStatus: 'no_data' });
    expect(old?.uptime['24h'].ratio).toBeNull();
    expect(model.groups[1]?.status).toBe('operational');
  });

  it('shows a disabled check its history', () => {
    const model = deriveSiteModel({ config, snapshots: runs({}, ['old']), rollups: [], nowMs: NOW_MS });
    const old = model.components.find((c) => c.id === 'old');
    expect(old?.runs.length).toBe(288);
    expect(old?.uptime['24h'].ratio).toBe(1);
  });

  it('says no data everywhere when there are no snapshots', () => {
    const model = deriveSiteModel({ config, snapshots: [], rollups: [], nowMs: NOW_MS });
    expect(model.overall).toBe('no_data');
    expect(model.newestDataMs).toBeUndefined();
    expect(new Set(model.components.map((c) => c.componentStatus))).toEqual(new Set(['no_data']));
    expect(model.components.every((c) => c.uptime['30d'].ratio === null && c.latest === undefined)).toBe(
      true,
    );
  });

  it('works from a single snapshot', () => {
    const [line] = runs({ web: 'down' }).slice(-1);
    const model = deriveSiteModel({ config, snapshots: line ? [line] : [], rollups: [], nowMs: NOW_MS });
    expect(model.overall).toBe('partial_outage');
    expect(model.newestDataMs).toBe(NOW_MS);
    expect(model.components.find((c) => c.id === 'web')?.latest?.result.status).toBe('down');
  });

  it('turns everything to no data once the collector has been silent past the threshold', () => {
    const model = deriveSiteModel({
      config,
      snapshots: runs({}),
      rollups: [],
      nowMs: NOW_MS + 16 * MINUTE_MS,
    });
    expect(model.overall).toBe('no_data');
    expect(model.components.filter((c) => c.isEnabled).every((c) => c.isStale)).toBe(true);
    expect(model.newestDataMs).toBe(NOW_MS);
  });

  it('counts a silence as a gap in uptime, not as up', () => {
    const lines = runs({}).filter((line) => {
      const t = Date.parse(line.t);
      return t < NOW_MS - 12 * HOUR_MS || t > NOW_MS - 6 * HOUR_MS;
    });
    const withOutage = lines.map((line) =>
      Date.parse(line.t) >= NOW_MS - HOUR_MS
        ? {
            ...line,
            results: line.results.map((r) => (r.id === 'web' ? { ...r, status: 'down' as const } : r)),
          }
        : line,
    );
    const model = deriveSiteModel({ config, snapshots: withOutage, rollups: [], nowMs: NOW_MS });
    const web = model.components.find((c) => c.id === 'web');
    // 1 h down out of 18 h with data: the silence counts for nothing beyond the 15 min the last run vouches for.
    expect(web?.uptime['24h'].durationsMs.down).toBe(HOUR_MS);
    expect((web?.uptime['24h'].durationsMs.up ?? 0) + HOUR_MS).toBe(18 * HOUR_MS);
    expect(web?.uptime['24h'].ratio).toBeCloseTo(1 - 1 / 18, 10);
  });
});

describe('buildStatuspageSummary', () => {
  it('maps statuses to Statuspage words, no data to degraded_performance, and leaves out disabled checks', () => {
    const model = deriveSiteModel({ config, snapshots: runs({ db: 'down' }), rollups: [], nowMs: NOW_MS });
    const summary = buildStatuspageSummary(model, 'https://status.example.org/');
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial outage' });
    expect(summary.components.map((c) => [c.id, c.status, c.group_id])).toEqual([
      ['group:core', 'operational', null],
      ['web', 'operational', 'group:core'],
      ['api', 'operational', 'group:core'],
      ['group:infra', 'major_outage', null],
      ['db', 'major_outage', 'group:infra'],
      ['cron', 'operational', null],
    ]);
    expect(summary.components[3]).toMatchObject({ group: true, components: ['db'] });
  });

  it('reports a page with no data as a minor problem described as "No data"', () => {
    const model = deriveSiteModel({ config, snapshots: [], rollups: [], nowMs: NOW_MS });
    const summary = buildStatuspageSummary(model, '/');
    expect(summary.status).toEqual({ indicator: 'minor', description: 'No data' });
    expect(new Set(summary.components.map((c) => c.status))).toEqual(new Set(['degraded_performance']));
    expect(summary.page.updated_at).toBe(new Date(NOW_MS).toISOString());
  });

  it("names the page's time zone: Etc/UTC by default, else site.timeZone", () => {
    const model = deriveSiteModel({ config, snapshots: [], rollups: [], nowMs: NOW_MS });
    expect(buildStatuspageSummary(model, '/').page.time_zone).toBe('Etc/UTC');
    const berlin = { ...model, site: { ...model.site, timeZone: 'Europe/Berlin' } };
    expect(buildStatuspageSummary(berlin, '/').page.time_zone).toBe('Europe/Berlin');
  });
});

describe('deriveSiteModel: the one staleness rule', () => {
  const staleConfig = ConfigSchema.parse({
    site: { title: 'Lab', interval: '5m' },
    groups: [
      { id: 'core', name: 'Core' },
      { id: 'retired', name: 'Retired' },
    ],
    checks: [
      { id: 'web', type: 'http', group: 'core', url: 'https://example.org/' },
      { id: 'slow', type: 'command', group: 'core', command: ['true'], staleAfter: '1h' },
      { id: 'gone', type: 'tcp', group: 'core', host: 'gone', port: 1, enabled: false },
      { id: 'ssh', type: 'tcp', group: 'retired', host: 'a', port: 22, enabled: false },
    ],
  });
  // The newest run is 30 minutes old: past site.staleAfter (15 min), within slow's own 1 h.
  const snapshots = generateSnapshotLines({
    source: 'main',
    checkIds: ['web', 'slow'],
    from: new Date(NOW_MS - 2 * HOUR_MS),
    to: new Date(NOW_MS - 30 * MINUTE_MS + 1),
    intervalMs: 5 * MINUTE_MS,
  });
  const model = deriveSiteModel({ config: staleConfig, snapshots, rollups: [], nowMs: NOW_MS });
  const byId = (id: string) => model.components.find((component) => component.id === id);

  it('judges each check by its own staleAfter, and embeds what the browser needs to judge it again', () => {
    expect(byId('web')).toMatchObject({ status: 'unknown', isStale: true, staleAfterMs: 15 * MINUTE_MS });
    expect(byId('slow')).toMatchObject({ status: 'up', isStale: false, staleAfterMs: HOUR_MS });
    expect(byId('web')?.freshness).toEqual({
      newestMs: NOW_MS - 30 * MINUTE_MS,
      staleAfterMs: 15 * MINUTE_MS,
      fresh: 'up',
      stale: 'unknown',
      counts: true,
    });
    // One fresh check keeps the group and the page current.
    expect(model.groups.find((group) => group.id === 'core')?.status).toBe('operational');
  });

  it('publishes the same judgement in the vigil object of summary.json, for live refresh', () => {
    const vigil = buildVigilSummaryExtension(model);
    expect(vigil.components.web).toMatchObject({
      status: 'no_data',
      updated_at: new Date(NOW_MS - 30 * MINUTE_MS).toISOString(),
      stale_after_ms: 15 * MINUTE_MS,
      fresh_status: 'up',
      stale_status: 'unknown',
      counts: true,
      uptime: { '24h': 1 },
      uptime_durations_ms: { '24h': { down: 0, degraded: 0 } },
    });
    expect(vigil.components.gone).toMatchObject({
      updated_at: null,
      counts: false,
      today: { status: 'no_data' },
    });
    expect(vigil.interval_ms).toBe(5 * MINUTE_MS);
  });

  it('lists disabled checks that never ran as not counted: they colour neither their group nor the page', () => {
    expect(byId('gone')).toMatchObject({ isDisabledWithoutData: true, freshness: { counts: false } });
    expect(model.groups.find((group) => group.id === 'retired')?.status).toBe('no_data');
    expect(model.overall).toBe('operational');
  });
});
