// Services (`services:`) in the site model: the card's status rolled up from its facets, its uptime and
// bar from their runs judged as one (the worst facet at each instant), the ok / fail / total counts of
// /api/vigil/status.json, and the Statuspage summary listing a service as one component.
import { describe, expect, it } from 'vitest';
import { type CheckStatus, type ConfigInput, ConfigSchema } from '../../../../core/model/index.ts';
import { buildServiceStatusDocument, toVigilServices } from '../../../../src/data/service-api.ts';
import { countFacets } from '../../../../src/data/service-model.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { buildStatuspageSummary } from '../../../../src/data/statuspage-summary.ts';
import { buildVigilSummaryExtension } from '../../../../src/data/vigil-summary-extension.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const NOW_MS = Date.UTC(2026, 10, 22, 12, 0);

const CHECKS = [
  { id: 'web-http', name: 'Web health', type: 'http', url: 'http://127.0.0.1:5000/health', group: 'apps' },
  { id: 'web-port', type: 'tcp', host: '127.0.0.1', port: 5000, group: 'apps' },
  { id: 'web-unit', type: 'systemd', unit: 'web.service', group: 'apps' },
  { id: 'web-process', type: 'process', commandLine: 'gunicorn', group: 'apps' },
  { id: 'api-http', type: 'http', url: 'http://127.0.0.1:8001/health', group: 'apps' },
  { id: 'api-port', type: 'tcp', host: '127.0.0.1', port: 8001, group: 'apps' },
  { id: 'docs', type: 'http', url: 'http://127.0.0.1:8080/', group: 'apps' },
];

function makeConfig(services: ConfigInput['services']) {
  return ConfigSchema.parse({
    site: { title: 'Services', interval: '5m' },
    groups: [
      { id: 'apps', name: 'Applications' },
      { id: 'edge', name: 'Edge' },
    ],
    checks: CHECKS,
    services,
  });
}

const SERVICES: ConfigInput['services'] = [
  { id: 'web', name: 'Web app', group: 'edge', checks: ['web-http', 'web-port', 'web-unit', 'web-process'] },
  { id: 'api', name: 'API', group: 'apps', checks: ['api-http', 'api-port'] },
];

/** Two days of 5-minute runs, each check's status at each run given by statusAt. */
function makeLines(statusAt: (id: string, t: number) => CheckStatus) {
  return generateSnapshotLines({
    source: 'local',
    checkIds: CHECKS.map((check) => check.id),
    from: new Date(NOW_MS - 2 * DAY_MS + INTERVAL_MS),
    to: new Date(NOW_MS + 1),
    intervalMs: INTERVAL_MS,
    statusAt,
  });
}

const YESTERDAY_OUTAGE = { fromMs: NOW_MS - DAY_MS - 3 * HOUR_MS, toMs: NOW_MS - DAY_MS - HOUR_MS };
const lines = makeLines((id, t) => {
  if (id === 'web-unit' && t > NOW_MS - 40 * MINUTE_MS) return 'down';
  if (id === 'api-port' && t >= YESTERDAY_OUTAGE.fromMs && t < YESTERDAY_OUTAGE.toMs) return 'down';
  if (id === 'api-http' && t >= YESTERDAY_OUTAGE.fromMs && t < YESTERDAY_OUTAGE.fromMs + HOUR_MS)
    return 'down';
  return 'up';
});

describe('a service in the site model', () => {
  const model = deriveSiteModel({
    config: makeConfig(SERVICES),
    snapshots: lines,
    rollups: [],
    nowMs: NOW_MS,
  });
  const web = model.services.find((service) => service.id === 'web');
  const api = model.services.find((service) => service.id === 'api');

  it('rolls its facets up with the usual words, each facet keeping its own status', () => {
    expect(web?.facets.map((facet) => facet.id)).toEqual(['web-http', 'web-port', 'web-unit', 'web-process']);
    expect(web?.facetStatuses).toEqual(['up', 'up', 'down', 'up']);
    expect(web?.componentStatus).toBe('partial_outage');
    expect(web?.statusLabel).toBe('Partial outage');
    expect(web?.counts).toEqual({ ok: 3, fail: 1, maintenance: 0, noData: 0, total: 4 });
    expect(api?.componentStatus).toBe('operational');
  });

  it('counts the time any facet was down as its downtime, from the judged runs', () => {
    // The web unit down from 35 minutes ago (its runs after 40 minutes ago): the service is down exactly then.
    expect(web?.uptime['24h'].durationsMs.down).toBe(35 * MINUTE_MS);
    // The API: its port down 2 h yesterday, its HTTP down for the first of those hours: 2 h, not 3.
    expect(api?.uptime['7d'].durationsMs.down).toBe(2 * HOUR_MS);
    expect(api?.uptime['24h'].durationsMs.down).toBe(0);
    const yesterday = api?.dailyCells.at(-2);
    expect(yesterday?.downMs).toBe(2 * HOUR_MS);
    expect(yesterday?.status).toBe('major_outage');
    expect(api?.dailyCells.at(-1)?.status).toBe('operational');
  });

  it('moves its facets into its group, where they count toward the group status', () => {
    const edge = model.groups.find((group) => group.id === 'edge');
    const apps = model.groups.find((group) => group.id === 'apps');
    expect(edge?.services.map((service) => service.id)).toEqual(['web']);
    expect(edge?.components.map((component) => component.id)).toEqual([
      'web-http',
      'web-port',
      'web-unit',
      'web-process',
    ]);
    expect(edge?.status).toBe('partial_outage');
    expect(apps?.components.map((component) => component.serviceId ?? component.id)).toEqual([
      'api',
      'api',
      'docs',
    ]);
    expect(apps?.status).toBe('operational');
  });

  it('writes /api/vigil/status.json with ok / fail / total for each service and overall', () => {
    const document = buildServiceStatusDocument(model);
    expect(document).toMatchObject({ ok_count: 1, fail_count: 1, total: 2 });
    const [webDocument] = document.services;
    expect(webDocument).toMatchObject({
      id: 'web',
      name: 'Web app',
      group: 'edge',
      status: 'partial_outage',
      status_label: 'Partial outage',
      ok: false,
      ok_count: 3,
      fail_count: 1,
      maintenance_count: 0,
      no_data_count: 0,
      total: 4,
      path: 'components/web/',
      last_checked: new Date(NOW_MS).toISOString(),
    });
    expect(webDocument?.facets.map(({ id, type, status, ok }) => ({ id, type, status, ok }))).toEqual([
      { id: 'web-http', type: 'http', status: 'up', ok: true },
      { id: 'web-port', type: 'tcp', status: 'up', ok: true },
      { id: 'web-unit', type: 'systemd', status: 'down', ok: false },
      { id: 'web-process', type: 'process', status: 'up', ok: true },
    ]);
    expect(webDocument?.facets[2]?.status_label).toBe('Major outage');
    expect(webDocument?.facets[2]?.message).toMatch(/timed out/);
  });

  it('is one component of the Statuspage summary, its facets not listed on their own', () => {
    const summary = buildStatuspageSummary(model, '/');
    const ids = summary.components.map((component) => component.id);
    expect(ids).toEqual(['group:apps', 'api', 'docs', 'group:edge', 'web']);
    const edge = summary.components.find((component) => component.id === 'group:edge');
    expect(edge?.components).toEqual(['web']);
    const webComponent = summary.components.find((component) => component.id === 'web');
    expect(webComponent).toMatchObject({ status: 'partial_outage', group_id: 'group:edge', position: 1 });
    const extension = buildVigilSummaryExtension(model);
    // Live refresh still judges every facet by its own freshness…
    expect(Object.keys(extension.components)).toContain('web-unit');
    // …and reads each service's uptime, today and facet results: each message with when it was taken.
    expect(extension.services?.web?.uptime['24h']).toBeCloseTo(1 - 35 / 1440, 6);
    const newestAt = new Date(NOW_MS).toISOString();
    expect(toVigilServices(model.services).web?.facets).toEqual([
      { id: 'web-http', message: expect.stringMatching(/^HTTP 200 in/), updated_at: newestAt },
      { id: 'web-port', message: expect.stringMatching(/^HTTP 200 in/), updated_at: newestAt },
      { id: 'web-unit', message: 'timed out after 5 s', updated_at: newestAt },
      { id: 'web-process', message: expect.stringMatching(/^HTTP 200 in/), updated_at: newestAt },
    ]);
  });

  it('says No data once every facet is stale, and counts them without data', () => {
    const later = deriveSiteModel({
      config: makeConfig(SERVICES),
      snapshots: lines,
      rollups: [],
      nowMs: NOW_MS + 2 * HOUR_MS,
    });
    const stale = later.services[0];
    expect(stale?.componentStatus).toBe('no_data');
    expect(stale?.statusLabel).toBe('No data for 2 h');
    expect(stale?.counts).toEqual({ ok: 0, fail: 0, maintenance: 0, noData: 4, total: 4 });
    expect(buildServiceStatusDocument(later)).toMatchObject({ ok_count: 0, fail_count: 0, total: 2 });
  });
});

describe('a service with a facet that never ran, and one that is disabled', () => {
  const config = ConfigSchema.parse({
    site: { title: 'Services', interval: '5m' },
    groups: [{ id: 'apps', name: 'Applications' }],
    checks: [
      ...CHECKS,
      { id: 'web-worker', type: 'process', commandLine: 'celery', group: 'apps' },
      { id: 'web-old', type: 'tcp', host: '127.0.0.1', port: 5001, group: 'apps', enabled: false },
    ],
    services: [{ id: 'web', group: 'apps', checks: ['web-http', 'web-worker', 'web-old'] }],
  });
  const upLines = makeLines(() => 'up');
  const model = deriveSiteModel({ config, snapshots: upLines, rollups: [], nowMs: NOW_MS });
  const [web] = model.services;

  it('rolls up what has data, and says how many facets have none', () => {
    expect(web?.facetStatuses).toEqual(['up', 'unknown', 'unknown']);
    expect(web?.componentStatus).toBe('operational');
    // The disabled facet that never ran does not count; the one that never ran does, without data.
    expect(web?.statusLabel).toBe('Operational · 1 without data');
    expect(web?.counts).toEqual({ ok: 1, fail: 0, maintenance: 0, noData: 2, total: 3 });
    expect(buildServiceStatusDocument(model).services[0]?.facets.map((facet) => facet.message)).toEqual([
      expect.stringMatching(/^HTTP 200/),
      null,
      null,
    ]);
  });

  it('keeps the judged uptime of the facets that ran', () => {
    expect(web?.uptime['24h'].ratio).toBe(1);
    expect(web?.dailyCells.at(-1)?.status).toBe('operational');
  });
});

describe('a site without services', () => {
  const model = deriveSiteModel({
    config: makeConfig(undefined),
    snapshots: lines,
    rollups: [],
    nowMs: NOW_MS,
  });

  it('has none, and its summary carries no services key', () => {
    expect(model.services).toEqual([]);
    expect(model.groups.map((group) => group.id)).toEqual(['apps']);
    expect(model.components.every((component) => component.serviceId === undefined)).toBe(true);
    expect('services' in buildVigilSummaryExtension(model)).toBe(false);
    expect(buildStatuspageSummary(model, '/').components.map((component) => component.id)).toEqual([
      'group:apps',
      ...CHECKS.map((check) => check.id),
    ]);
  });
});

describe('countFacets', () => {
  it('counts up and degraded as ok, down as failing, and the rest apart', () => {
    expect(countFacets(['up', 'degraded', 'down', 'maintenance', 'unknown', 'down'])).toEqual({
      ok: 2,
      fail: 2,
      maintenance: 1,
      noData: 1,
      total: 6,
    });
  });
});
