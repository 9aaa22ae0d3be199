import { describe, expect, it } from 'vitest';
import { judgeCheckStatus, judgePlacesAt } from '../../../../core/history/freshness.ts';
import { describePlaceVerdict } from '../../../../core/history/place-judge.ts';
import type { CheckStatus, SnapshotLine } from '../../../../core/model/index.ts';
import { ConfigSchema } from '../../../../core/model/index.ts';
import { buildComponentDocument } from '../../../../src/data/component-api.ts';
import { getDayFoldSettings, indexSnapshotLines, listPlacedIds } from '../../../../src/data/day-parts.ts';
import { deriveHosts } from '../../../../src/data/hosts.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { buildStatuspageSummary } from '../../../../src/data/statuspage-summary.ts';
import { buildVigilSummaryExtension } from '../../../../src/data/vigil-summary-extension.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);
const PLACES = ['eu', 'us', 'campus'] as const;

const RAW_CONFIG = {
  site: { interval: '5m' },
  sources: [
    { id: 'eu', name: 'Frankfurt' },
    { id: 'us', name: 'Virginia' },
    { id: 'campus', name: 'Campus' },
  ],
  checks: [
    { id: 'web', type: 'http', url: 'https://example.org/', sources: [...PLACES], quorum: 2 },
    { id: 'db', type: 'tcp', host: 'db', port: 5432, source: 'campus' },
  ],
};
const config = ConfigSchema.parse(RAW_CONFIG);

interface Scenario {
  /** What each place sees of web at t; default up. */
  web?: Partial<Record<(typeof PLACES)[number], (t: number) => CheckStatus>>;
  /** A place that stopped running at this time. */
  silentSince?: Partial<Record<(typeof PLACES)[number], number>>;
}

/** Three days of runs at 5-minute cadence from each place; campus also runs db. */
function generate({ web = {}, silentSince = {} }: Scenario): SnapshotLine[] {
  return PLACES.flatMap((source, index) =>
    generateSnapshotLines({
      source,
      checkIds: source === 'campus' ? ['web', 'db'] : ['web'],
      from: new Date(NOW_MS - 3 * DAY_MS),
      to: new Date(Math.min(NOW_MS + 1, silentSince[source] ?? NOW_MS + 1)),
      intervalMs: 5 * MINUTE_MS,
      statusAt: (id, t) => (id === 'web' ? (web[source]?.(t) ?? 'up') : 'up'),
      seed: index + 1,
    }),
  ).sort((a, b) => a.t.localeCompare(b.t));
}

function derive(scenario: Scenario) {
  return deriveSiteModel({ config, snapshots: generate(scenario), rollups: [], nowMs: NOW_MS });
}

/** Down for the last two hours. */
const downLately = (t: number): CheckStatus => (t >= NOW_MS - 2 * HOUR_MS ? 'down' : 'up');

describe('deriveSiteModel: a check seen from three places, judged by quorum 2', () => {
  it('one place down: Operational, "down from 1 of 3 places", that place down in its own row', () => {
    const model = derive({ web: { eu: downLately } });
    const web = model.components.find((component) => component.id === 'web');
    expect(web?.status).toBe('up');
    expect(web?.componentStatus).toBe('operational');
    expect(web?.verdict && describePlaceVerdict(web.verdict)).toBe('down from 1 of 3 places');
    expect(web?.places?.map((place) => [place.source, place.name, place.status])).toEqual([
      ['eu', 'Frankfurt', 'down'],
      ['us', 'Virginia', 'up'],
      ['campus', 'Campus', 'up'],
    ]);
    // The judged history: up throughout, so uptime and today's bar stay whole; eu's own does not.
    expect(web?.uptime['24h'].ratio).toBe(1);
    expect(web?.dailyCells.at(-1)?.downMs).toBe(0);
    expect(web?.places?.[0]?.uptime['24h'].ratio).toBeLessThan(0.95);
    expect(model.overall).toBe('operational');
  });

  it('two places down: Major outage, and the judged uptime and bar count the outage', () => {
    const model = derive({ web: { eu: downLately, us: downLately } });
    const web = model.components.find((component) => component.id === 'web');
    expect(web?.status).toBe('down');
    expect(web?.componentStatus).toBe('major_outage');
    expect(web?.verdict).toMatchObject({ status: 'down', required: 2, total: 3, fresh: 3, down: 2, up: 1 });
    const day = web?.uptime['24h'];
    expect(day?.durationsMs.down).toBeGreaterThanOrEqual(2 * HOUR_MS - 5 * MINUTE_MS);
    expect(day?.durationsMs.down).toBeLessThanOrEqual(2 * HOUR_MS + 5 * MINUTE_MS);
    expect(web?.dailyCells.at(-1)?.downMs).toBeGreaterThan(0);
    const summary = buildStatuspageSummary(model, 'https://status.example.org/');
    expect(summary.components.find((component) => component.id === 'web')?.status).toBe('major_outage');
  });

  it('a silent place stops voting: with one place down and one silent, 1 of 2 fresh is not the quorum', () => {
    const model = derive({ web: { eu: downLately }, silentSince: { us: NOW_MS - HOUR_MS } });
    const web = model.components.find((component) => component.id === 'web');
    expect(web?.places?.map((place) => place.status)).toEqual(['down', 'unknown', 'up']);
    expect(web?.status).toBe('up');
    expect(web?.verdict && describePlaceVerdict(web.verdict)).toBe(
      'down from 1 of 3 places, no data from 1 of 3 places',
    );
  });

  it('too few fresh places is No data, never green', () => {
    const model = derive({ silentSince: { us: NOW_MS - HOUR_MS, campus: NOW_MS - HOUR_MS } });
    const web = model.components.find((component) => component.id === 'web');
    expect(web?.status).toBe('unknown');
    expect(web?.componentStatus).toBe('no_data');
    // The judged history turns to unknown once a second place fell silent (staleAfter 15 min later).
    const last = web?.runs.status.at(-1);
    expect(last).toBe(4);
  });

  it("the browser's clock judges again: the freshness carries every place and each place's stale point", () => {
    const model = derive({ web: { eu: downLately } });
    const web = model.components.find((component) => component.id === 'web');
    const freshness = web?.freshness;
    expect(freshness?.quorum).toBe(2);
    expect(freshness?.places?.map((place) => [place.source, place.status])).toEqual([
      ['eu', 'down'],
      ['us', 'up'],
      ['campus', 'up'],
    ]);
    if (freshness === undefined) throw new Error('no freshness');
    expect(judgeCheckStatus(freshness, NOW_MS)).toBe('up');
    // An hour later every place is silent: No data.
    expect(judgeCheckStatus(freshness, NOW_MS + HOUR_MS)).toBe('unknown');
    expect(judgePlacesAt(freshness, NOW_MS)?.down).toBe(1);
  });

  it('recent results merge the places by time, each naming its place; latest is the newest of any place', () => {
    const model = derive({ web: { eu: downLately } });
    const web = model.components.find((component) => component.id === 'web');
    const recent = web?.recent ?? [];
    expect(recent).toHaveLength(20);
    expect(new Set(recent.map((sample) => sample.source))).toEqual(new Set(PLACES));
    expect(recent.every((sample, index) => index === 0 || sample.t >= (recent[index - 1]?.t ?? 0))).toBe(
      true,
    );
    expect(web?.latest?.t).toBe(Math.max(...recent.map((sample) => sample.t)));
    // Each place's own runs, for its chart.
    expect(web?.places?.map((place) => place.runs.length)).toEqual([865, 865, 865]);
  });

  it('summary.json and the component document carry the quorum and each place', () => {
    const model = derive({ web: { eu: downLately }, silentSince: { campus: NOW_MS - HOUR_MS } });
    const web = model.components.find((component) => component.id === 'web');
    if (web === undefined) throw new Error('no web');
    const vigil = buildVigilSummaryExtension(model).components.web;
    expect(vigil?.quorum).toEqual({ required: 2, total: 3 });
    expect(vigil?.places?.map((place) => [place.source, place.name, place.status])).toEqual([
      ['eu', 'Frankfurt', 'down'],
      ['us', 'Virginia', 'up'],
      ['campus', 'Campus', 'unknown'],
    ]);
    expect(vigil?.places?.[2]?.updated_at).toBe(new Date(NOW_MS - HOUR_MS - 5 * MINUTE_MS).toISOString());
    expect(typeof vigil?.places?.[1]?.ms).toBe('number');
    const document = buildComponentDocument(web, NOW_MS);
    expect(document.quorum).toEqual({ required: 2, total: 3 });
    expect(document.places?.map((place) => [place.source, place.status, place.isStale])).toEqual([
      ['eu', 'down', false],
      ['us', 'up', false],
      ['campus', 'unknown', true],
    ]);
    expect(document.places?.[0]?.latest?.status).toBe('down');
    expect(document.places?.[1]?.uptime['24h']).toBe(1);
  });

  it("each place's host page lists the check with that place's own status", () => {
    const snapshots = generate({ web: { eu: downLately } });
    const model = deriveSiteModel({ config, snapshots, rollups: [], nowMs: NOW_MS });
    const index = indexSnapshotLines(snapshots, getDayFoldSettings(config), undefined, listPlacedIds(config));
    const hosts = deriveHosts(config, index.newestBySource, model);
    expect(
      hosts.map((host) => [
        host.source,
        host.components.map((component) => `${component.id}:${component.status}`),
      ]),
    ).toEqual([
      ['eu', ['web:down']],
      ['us', ['web:up']],
      ['campus', ['web:up', 'db:up']],
    ]);
    expect(hosts.map((host) => [...host.placedIds])).toEqual([['web'], ['web'], ['web']]);
    // eu's page shows eu's own runs and uptime for it, not the judged ones.
    expect(hosts[0]?.components[0]?.uptime['24h'].ratio).toBeLessThan(0.95);
  });

  it('leaves a one-place check beside it exactly as it is without any multi-place check', () => {
    const snapshots = generate({ web: { eu: downLately } });
    const alone = ConfigSchema.parse({ ...RAW_CONFIG, checks: [RAW_CONFIG.checks[1]] });
    const withPlaces = deriveSiteModel({ config, snapshots, rollups: [], nowMs: NOW_MS });
    const without = deriveSiteModel({ config: alone, snapshots, rollups: [], nowMs: NOW_MS });
    const db = withPlaces.components.find((component) => component.id === 'db');
    expect(db).toEqual(without.components.find((component) => component.id === 'db'));
    expect(db && 'places' in db).toBe(false);
    expect(buildVigilSummaryExtension(withPlaces).components.db).toEqual(
      buildVigilSummaryExtension(without).components.db,
    );
  });
});

describe('deriveSiteModel: a placed check left with one enabled place', () => {
  it("keeps that place's own history: the runs a disabled place stored under the id stay out", () => {
    const retired = ConfigSchema.parse({
      ...RAW_CONFIG,
      sources: [
        { id: 'eu', name: 'Frankfurt' },
        { id: 'us', name: 'Virginia', enabled: false },
        { id: 'campus', name: 'Campus', enabled: false },
      ],
    });
    // us and campus (retired now) saw web down for the last two hours; eu, the place left, saw it up.
    const snapshots = generate({ web: { us: downLately, campus: downLately } });
    const model = deriveSiteModel({ config: retired, snapshots, rollups: [], nowMs: NOW_MS });
    const web = model.components.find((component) => component.id === 'web');
    expect(web?.places?.map((place) => place.source)).toEqual(['eu']);
    expect(web?.status).toBe('up');
    expect(web?.uptime['24h'].ratio).toBe(1);
    // eu's runs only: three days at 5-minute cadence.
    expect(web?.runs.length).toBe(3 * 24 * 12 + 1);
  });
});
