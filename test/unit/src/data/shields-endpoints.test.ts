import { describe, expect, it } from 'vitest';
import { meanResponseTimeMs, sumResponseTimes } from '../../../../core/history/mean-response-time.ts';
import { toStatusCode } from '../../../../core/history/run-series.ts';
import { ConfigSchema, type RollupLine, type SnapshotLine } from '../../../../core/model/index.ts';
import {
  type BadgeFigures,
  buildShieldsEndpoint,
  getComponentFigures,
  getGroupFigures,
  SHIELDS_ENDPOINTS,
} from '../../../../src/data/shields-endpoints.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { formatUptime } from '../../../../src/lib/format.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 22, 12, 0);
const CONTEXT = { nowMs: NOW_MS, olderRollups: new Map() };

const figures = (overrides: Partial<BadgeFigures> = {}): BadgeFigures => ({
  status: 'operational',
  uptime: { '24h': 1, '7d': 0.9995, '30d': 0.93, '1y': 0.8, all: null },
  responseTimeMs: { '24h': 123.4, '7d': 456.6, '30d': 1000, '1y': null, all: 0.4 },
  ...overrides,
});

describe('shields endpoint JSON', () => {
  it.each([
    ['operational', 'operational', '#1a7f37'],
    ['degraded_performance', 'degraded performance', '#9a6700'],
    ['partial_outage', 'partial outage', '#bc4c00'],
    ['major_outage', 'major outage', '#cf222e'],
    ['under_maintenance', 'under maintenance', '#0969da'],
    ['no_data', 'no data', '#57606a'],
  ] as const)('status %s reads "%s" in the status badge colour', (status, message, color) => {
    expect(buildShieldsEndpoint('status', figures({ status }))).toEqual({
      schemaVersion: 1,
      label: 'status',
      message,
      color,
    });
  });

  it.each([
    ['uptime-day', 'uptime 24h', '100%', 'brightgreen'],
    ['uptime-week', 'uptime 7d', '99.95%', 'brightgreen'],
    ['uptime-month', 'uptime 30d', '93.00%', 'green'],
    ['uptime-year', 'uptime 1y', '80.00%', 'orange'],
    ['uptime', 'uptime', 'no data', 'lightgrey'],
    ['response-time-day', 'response time 24h', '123 ms', 'brightgreen'],
    ['response-time-week', 'response time 7d', '457 ms', 'yellowgreen'],
    ['response-time-month', 'response time 30d', '1000 ms', 'red'],
    ['response-time-year', 'response time 1y', 'no data', 'lightgrey'],
    ['response-time', 'response time', '0 ms', 'brightgreen'],
  ] as const)('%s: label "%s", message "%s", %s', (name, label, message, color) => {
    expect(buildShieldsEndpoint(name, figures())).toEqual({ schemaVersion: 1, label, message, color });
  });

  it.each([
    [0.951, 'brightgreen'],
    [0.95, 'green'],
    [0.901, 'green'],
    [0.9, 'yellowgreen'],
    [0.85, 'yellow'],
    [0.8, 'orange'],
    [0.75, 'red'],
    [0, 'red'],
  ])('uptime %s is %s (Upptime scale)', (ratio, color) => {
    const endpoint = buildShieldsEndpoint(
      'uptime-day',
      figures({ uptime: { ...figures().uptime, '24h': ratio } }),
    );
    expect(endpoint.color).toBe(color);
  });

  it.each([
    [199, 'brightgreen'],
    [200, 'green'],
    [399, 'green'],
    [400, 'yellowgreen'],
    [600, 'yellow'],
    [800, 'orange'],
    [999, 'orange'],
    [1000, 'red'],
  ])('response time %s ms is %s (Upptime scale)', (ms, color) => {
    const endpoint = buildShieldsEndpoint(
      'response-time-day',
      figures({ responseTimeMs: { ...figures().responseTimeMs, '24h': ms } }),
    );
    expect(endpoint.color).toBe(color);
  });

  it('lists Upptime’s ten files and status, each with its own label', () => {
    expect(SHIELDS_ENDPOINTS.map((endpoint) => endpoint.name)).toEqual([
      'status',
      'uptime',
      'uptime-day',
      'uptime-week',
      'uptime-month',
      'uptime-year',
      'response-time',
      'response-time-day',
      'response-time-week',
      'response-time-month',
      'response-time-year',
    ]);
    expect(new Set(SHIELDS_ENDPOINTS.map((endpoint) => endpoint.label)).size).toBe(SHIELDS_ENDPOINTS.length);
  });
});

/** Runs every 5 minutes over the last `days` days: web up at 100 ms, api down in its last hour, slow otherwise. */
function buildModel(days: number, rollups: RollupLine[] = []) {
  const config = ConfigSchema.parse({
    site: { interval: '5m' },
    groups: [{ id: 'core', name: 'Core' }],
    checks: [
      { id: 'web', name: 'Website', type: 'http', url: 'https://example.org/', group: 'core' },
      { id: 'api', name: 'API', type: 'http', url: 'https://api.example.org/', group: 'core' },
    ],
  });
  const snapshots: SnapshotLine[] = [];
  for (let t = NOW_MS - days * DAY_MS; t < NOW_MS; t += 5 * MINUTE_MS) {
    const apiDown = t >= NOW_MS - 60 * MINUTE_MS;
    snapshots.push({
      v: 1,
      t: new Date(t).toISOString(),
      source: 'local',
      agent: { version: '0.1.0', host: 'local', ip: '192.0.2.1' },
      results: [
        { id: 'web', status: 'up', ms: 110, message: 'HTTP 200', metrics: { latencyMs: 100 }, detail: {} },
        apiDown
          ? { id: 'api', status: 'down', ms: 10_000, message: 'timed out', metrics: {}, detail: {} }
          : {
              id: 'api',
              status: 'up',
              ms: 310,
              message: 'HTTP 200',
              metrics: { latencyMs: 300 },
              detail: {},
            },
      ],
    } as SnapshotLine);
  }
  return deriveSiteModel({ config, snapshots, rollups, nowMs: NOW_MS });
}

describe('figures of components and groups', () => {
  const model = buildModel(3);
  const web = model.components.find((c) => c.id === 'web');
  const api = model.components.find((c) => c.id === 'api');
  const core = model.groups.find((g) => g.id === 'core');
  if (web === undefined || api === undefined || core === undefined) throw new Error('model lacks a check');

  it('takes the page’s own 24 h / 7 d / 30 d uptime, word for word', () => {
    const apiFigures = getComponentFigures(api, CONTEXT);
    for (const window of ['24h', '7d', '30d'] as const) {
      expect(apiFigures.uptime[window]).toBe(api.uptime[window].ratio);
    }
    const endpoint = buildShieldsEndpoint('uptime-day', apiFigures);
    expect(endpoint.message).toBe(formatUptime(api.uptime['24h'].ratio as number));
    expect(endpoint.message).toBe('95.83%');
  });

  it('counts a year and everything kept over the data there is (3 days here)', () => {
    const apiFigures = getComponentFigures(api, CONTEXT);
    expect(apiFigures.uptime['1y']).toBeCloseTo(apiFigures.uptime['30d'] as number, 10);
    expect(apiFigures.uptime.all).toBeCloseTo(apiFigures.uptime['30d'] as number, 10);
  });

  it('means the response-time metric over timed runs, leaving the down runs’ timeouts out', () => {
    expect(getComponentFigures(web, CONTEXT).responseTimeMs['24h']).toBe(100);
    expect(getComponentFigures(api, CONTEXT).responseTimeMs['7d']).toBe(300);
  });

  it('rolls a group up as the front page does, its uptime over its checks’ time together', () => {
    const group = getGroupFigures(core, CONTEXT);
    expect(group.status).toBe(core.status);
    expect(buildShieldsEndpoint('status', group).message).toBe('partial outage');
    const webDay = web.uptime['24h'].durationsMs;
    const apiDay = api.uptime['24h'].durationsMs;
    const good = webDay.up + apiDay.up;
    expect(group.uptime['24h']).toBeCloseTo(good / (good + webDay.down + apiDay.down), 12);
    // 288 web runs at 100 ms and 276 timed api runs at 300 ms in the last 24 h.
    expect(group.responseTimeMs['24h']).toBeCloseTo((288 * 100 + 276 * 300) / (288 + 276), 6);
  });

  it('counts rollup days before the raw runs for the long windows', () => {
    const day = new Date(NOW_MS - 10 * DAY_MS).toISOString().slice(0, 10);
    const rollup: RollupLine = {
      v: 1,
      day,
      id: 'web',
      samples: { up: 288, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
      durationsMs: { up: DAY_MS / 2, degraded: 0, down: DAY_MS / 2, maintenance: 0, unknown: 0 },
      uptime: 0.5,
      latencyMs: { p50: 210, p95: 400, max: 500 },
      metrics: { latencyMs: { mean: 200, max: 400 } },
    };
    const withRollup = buildModel(3, [rollup]);
    const webFigures = getComponentFigures(withRollup.components[0] as never, CONTEXT);
    const raw = withRollup.components[0]?.uptime['30d'].durationsMs;
    expect(webFigures.uptime['1y']).toBe(webFigures.uptime['30d']);
    expect(raw?.down).toBe(DAY_MS / 2);
    // 3 days of runs at 100 ms and one day of 288 runs whose mean was 200 ms.
    expect(webFigures.responseTimeMs['30d']).toBeCloseTo((3 * 288 * 100 + 288 * 200) / (4 * 288), 6);
    expect(webFigures.responseTimeMs['7d']).toBe(100);
    expect(webFigures.responseTimeMs['24h']).toBe(100);
  });
});

describe('the year and everything kept', () => {
  const older = (daysBack: number, upShare: number): RollupLine => ({
    v: 1,
    day: new Date(NOW_MS - daysBack * DAY_MS).toISOString().slice(0, 10),
    id: 'web',
    samples: { up: 288, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
    durationsMs: {
      up: DAY_MS * upShare,
      degraded: 0,
      down: DAY_MS * (1 - upShare),
      maintenance: 0,
      unknown: 0,
    },
    uptime: upShare,
    latencyMs: { p50: 50, p95: 80, max: 90 },
    metrics: { latencyMs: { mean: 60, max: 90 } },
  });

  it('add the rollups older than the bar: a day 200 days back to both, one 380 days back to everything kept', () => {
    const web = buildModel(3).components[0];
    if (web === undefined) throw new Error('no web');
    const olderRollups = new Map([['web', [older(380, 0), older(200, 0.5)]]]);
    const figures = getComponentFigures(web, { nowMs: NOW_MS, olderRollups });
    expect(figures.uptime['30d']).toBe(1);
    expect(figures.uptime['1y']).toBeCloseTo(3.5 / 4, 6);
    expect(figures.uptime.all).toBeCloseTo(3.5 / 5, 6);
    expect(buildShieldsEndpoint('uptime-year', figures).message).toBe('87.50%');
    expect(figures.responseTimeMs['1y']).toBeCloseTo((3 * 288 * 100 + 288 * 60) / (4 * 288), 6);
  });
});

describe('sumResponseTimes', () => {
  const up = toStatusCode('up');
  const down = toStatusCode('down');
  const runs = {
    length: 4,
    t: new Float64Array([0, 10, 20, 30]),
    status: new Uint8Array([up, down, up, up]),
  };

  it('sums the timed runs inside [from, to) and skips missing values', () => {
    const sum = sumResponseTimes({
      runs,
      valuesMs: [100, 9000, Number.NaN, 300],
      rollups: [],
      readRollupMs: () => undefined,
      from: 0,
      to: 30,
    });
    expect(sum).toEqual({ totalMs: 100, runs: 1 });
    expect(meanResponseTimeMs([sum, { totalMs: 500, runs: 1 }])).toBe(300);
    expect(meanResponseTimeMs([])).toBeNull();
  });
});
