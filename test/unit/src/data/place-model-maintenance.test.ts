import { describe, expect, it } from 'vitest';
import { IncidentSchema } from '../../../../core/model/incident-schema.ts';
import type { CheckStatus, SnapshotLine } from '../../../../core/model/index.ts';
import { ConfigSchema } from '../../../../core/model/index.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { buildVigilSummaryExtension } from '../../../../src/data/vigil-summary-extension.ts';
import { formatPlaceLatency } from '../../../../src/lib/place-status.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);
const PLACES = ['eu', 'us', 'campus'] as const;

const config = ConfigSchema.parse({
  site: { interval: '5m' },
  sources: PLACES.map((id) => ({ id })),
  checks: [{ id: 'web', type: 'http', url: 'https://example.org/', sources: [...PLACES], quorum: 2 }],
});

/** A day of runs from each place; eu has seen web down for the last two hours. */
function generate(): SnapshotLine[] {
  return PLACES.flatMap((source, index) =>
    generateSnapshotLines({
      source,
      checkIds: ['web'],
      from: new Date(NOW_MS - 24 * HOUR_MS),
      to: new Date(NOW_MS + 1),
      intervalMs: 5 * MINUTE_MS,
      statusAt: (_id, t): CheckStatus => (source === 'eu' && t >= NOW_MS - 2 * HOUR_MS ? 'down' : 'up'),
      seed: index + 1,
    }),
  ).sort((a, b) => a.t.localeCompare(b.t));
}

const maintenance = IncidentSchema.parse({
  title: 'Web maintenance',
  kind: 'maintenance',
  status: 'in-progress',
  start: new Date(NOW_MS - HOUR_MS).toISOString(),
  end: new Date(NOW_MS + HOUR_MS).toISOString(),
  affected: ['web'],
});

describe('a place of a multi-place check under maintenance', () => {
  const snapshots = generate();

  it('its status is maintenance while its newest result is, and its vote stays what it stored', () => {
    const model = deriveSiteModel({
      config,
      snapshots,
      rollups: [],
      nowMs: NOW_MS,
      incidents: [maintenance],
    });
    const web = model.components.find((component) => component.id === 'web');
    const eu = web?.places?.find((place) => place.source === 'eu');
    expect(eu?.latest?.result.status).toBe('maintenance');
    expect(eu?.status).toBe('maintenance');
    // The quorum votes with the stored status: maintenance is decided for the component, after judging.
    expect(eu?.freshness.status).toBe('down');
    expect(web?.places?.map((place) => place.status)).toEqual(['maintenance', 'maintenance', 'maintenance']);
    // summary.json carries the votes, so live refresh judges as the build did (the rows say
    // Maintenance by the component's maintenance, in the browser).
    const summary = buildVigilSummaryExtension(model);
    expect(summary.components.web?.places?.map((place) => place.status)).toEqual(
      web?.places?.map((place) => place.freshness.status),
    );
    expect(summary.components.web?.places?.find((place) => place.source === 'eu')?.status).toBe('down');
  });

  it('without the maintenance the same place reads down, and its latency is the same at build and live', () => {
    const model = deriveSiteModel({ config, snapshots, rollups: [], nowMs: NOW_MS });
    const web = model.components.find((component) => component.id === 'web');
    const eu = web?.places?.find((place) => place.source === 'eu');
    expect(eu?.status).toBe('down');
    const summaryEu = buildVigilSummaryExtension(model).components.web?.places?.find(
      (place) => place.source === 'eu',
    );
    // PlacesTable and live-refresh.ts both format the latency by the place's own status.
    expect(formatPlaceLatency(eu?.status ?? 'unknown', eu?.latest?.result.ms)).toBe(
      formatPlaceLatency(summaryEu?.status ?? 'unknown', summaryEu?.ms),
    );
    expect(formatPlaceLatency(eu?.status ?? 'unknown', eu?.latest?.result.ms)).toBe('—');
  });
});
