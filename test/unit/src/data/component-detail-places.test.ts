import { describe, expect, it } from 'vitest';
import type { SnapshotLine } from '../../../../core/model/index.ts';
import { ConfigSchema } from '../../../../core/model/index.ts';
import { deriveComponentDetail } from '../../../../src/data/component-detail.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

// The component page of a check seen from several places: one response-time chart per place, titled
// by the place; its own charts are the judged runs' (the median of the places); its latest results
// name the place that ran each. A single-place check's page is as before.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);
const PLACES = ['eu', 'us', 'campus'] as const;

const config = ConfigSchema.parse({
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
});

/** Three days of 5-minute runs from each place; us never ran a timed result (always down); campus runs db too. */
function generate(): SnapshotLine[] {
  return PLACES.flatMap((source, index) =>
    generateSnapshotLines({
      source,
      checkIds: source === 'campus' ? ['web', 'db'] : ['web'],
      from: new Date(NOW_MS - 3 * DAY_MS),
      to: new Date(NOW_MS + 1),
      intervalMs: 5 * MINUTE_MS,
      statusAt: (id) => (id === 'web' && source === 'us' ? 'down' : 'up'),
      seed: index + 1,
    }),
  ).sort((a, b) => a.t.localeCompare(b.t));
}

const model = deriveSiteModel({ config, snapshots: generate(), rollups: [], nowMs: NOW_MS });
const detailOf = (id: string) => {
  const component = model.components.find((candidate) => candidate.id === id);
  if (component === undefined) throw new Error(`no component ${id}`);
  return deriveComponentDetail(component, model);
};

describe('deriveComponentDetail of a multi-place check', () => {
  const detail = detailOf('web');

  it('gives each place its own response-time chart, keyed and titled by the place; none for a place with no timed run', () => {
    expect(
      detail.placeCharts.map(({ source, name, chart }) => [source, name, chart?.key, chart?.label]),
    ).toEqual([
      ['eu', 'Frankfurt', 'latencyMs@eu', 'Response time from Frankfurt'],
      ['us', 'Virginia', undefined, undefined],
      ['campus', 'Campus', 'latencyMs@campus', 'Response time from Campus'],
    ]);
    // Each place's own figures: the charts differ (different seeds), each over the place's runs.
    const [eu, , campus] = detail.placeCharts.map((place) => place.chart?.ranges[0]?.points);
    expect(eu?.length).toBeGreaterThan(0);
    expect(eu).not.toEqual(campus);
  });

  it("labels its own response-time chart as the places' median", () => {
    expect(detail.charts[0]?.label).toBe('Response time, median of the places');
  });

  it('names the place of each latest result, newest first', () => {
    expect(detail.recentResults.length).toBeGreaterThan(0);
    expect(new Set(detail.recentResults.map((sample) => sample.source))).toEqual(new Set(PLACES));
    const times = detail.recentResults.map((sample) => sample.t);
    expect(times).toEqual(times.toSorted((a, b) => b - a));
  });
});

describe('deriveComponentDetail of a single-place check', () => {
  it('has no place charts, its charts titled as before, results without a place', () => {
    const detail = detailOf('db');
    expect(detail.placeCharts).toEqual([]);
    expect(detail.charts[0]?.label).toBe('Response time');
    expect(detail.recentResults.every((sample) => sample.source === undefined)).toBe(true);
  });
});
