import { describe, expect, it } from 'vitest';
import { ConfigSchema, type SnapshotLine } from '../../../../core/model/index.ts';
import { buildComponentDocument, HISTORY_BYTE_BUDGET } from '../../../../src/data/component-api.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const NOW_MS = Date.UTC(2026, 10, 22, 12, 0);

function modelOf(intervalMs: number, metricsPerRun: number) {
  const config = ConfigSchema.parse({
    site: { retentionDays: 14 },
    checks: [{ id: 'web', type: 'tcp', host: 'a', port: 1 }],
  });
  const snapshots = generateSnapshotLines({
    source: 'local',
    checkIds: ['web'],
    from: new Date(NOW_MS - 14 * DAY_MS),
    to: new Date(NOW_MS),
    intervalMs,
    statusAt: (_id, t) => (t % (7 * HOUR_MS) < 600_000 ? 'down' : 'up'),
  }).map(
    (line): SnapshotLine => ({
      ...line,
      results: line.results.map((result) => ({
        ...result,
        metrics: {
          ...result.metrics,
          ...Object.fromEntries(Array.from({ length: metricsPerRun }, (_, i) => [`gpu:${i}:utilPercent`, i])),
        },
      })),
    }),
  );
  return {
    model: deriveSiteModel({ config, snapshots, rollups: [], nowMs: NOW_MS }),
    runs: snapshots.length,
  };
}

describe('/api/vigil/components/<id>.json', () => {
  it('lists every run of the last 24 h, the older retained runs by the hour and the 90 days of the bar', () => {
    const { model, runs } = modelOf(300_000, 0);
    const component = model.components[0];
    if (component === undefined) throw new Error('no component');
    const document = buildComponentDocument(component, NOW_MS);
    expect(document.historySince).toBe(new Date(NOW_MS - DAY_MS).toISOString());
    expect(document.history).toHaveLength(288);
    expect(document.history[0]?.t).toBe(new Date(NOW_MS - DAY_MS).toISOString());
    expect(document.hourly).toHaveLength(13 * 24);
    expect(document.hourly[0]).toMatchObject({ t: new Date(NOW_MS - 14 * DAY_MS).toISOString() });
    // Every retained run is in exactly one of the two.
    const hourlyRuns = document.hourly.reduce(
      (sum, hour) => sum + Object.values(hour.runs).reduce((a, b) => a + b, 0),
      0,
    );
    expect(hourlyRuns + document.history.length).toBe(runs);
    expect(document.hourly.find((hour) => hour.runs.down > 0)?.runs).toMatchObject({ down: 2, up: 10 });
    expect(document.daily).toHaveLength(90);
    expect(document.daily.at(-2)).toMatchObject({ status: 'major_outage' });
    expect(document.daily[0]).toMatchObject({ uptime: null, status: 'no_data' });
    expect(JSON.stringify(document).length).toBeLessThan(150_000);
  });

  it('keeps to its byte budget when a check runs every minute with many metrics, saying where runs start', () => {
    const { model } = modelOf(60_000, 16);
    const component = model.components[0];
    if (component === undefined) throw new Error('no component');
    const document = buildComponentDocument(component, NOW_MS);
    expect(JSON.stringify(document.history).length).toBeLessThanOrEqual(HISTORY_BYTE_BUDGET);
    expect(Date.parse(document.historySince)).toBeGreaterThan(NOW_MS - DAY_MS);
    expect(Date.parse(document.history[0]?.t ?? '')).toBeGreaterThanOrEqual(
      Date.parse(document.historySince),
    );
    expect(Date.parse(document.hourly.at(-1)?.t ?? '')).toBeLessThan(Date.parse(document.historySince));
    expect(document.history.at(-1)?.metrics['gpu:15:utilPercent']).toBe(15);
  });
});
