import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { RollupLine } from '../../../../core/model/index.ts';
import { readRollups } from '../../../../core/store/read-rollups.ts';
import { getRollupFile } from '../../../../core/store/store-paths.ts';
import { readDayParts } from '../../../../src/data/day-cache.ts';
import { getDayFoldSettings, joinDayParts, listPlacedIds } from '../../../../src/data/day-parts.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const SOURCES = 'sources: [{ id: eu }, { id: us }, { id: campus }]\n';
const placed = parseConfigText(
  `${SOURCES}checks:\n  - { id: web, type: tcp, host: 127.0.0.1, port: 80, sources: [eu, us, campus] }\n  - { id: db, type: tcp, host: 127.0.0.1, port: 5432, source: campus }\n`,
  'c.yaml',
  {},
).config;
const single = parseConfigText(
  `${SOURCES}checks:\n  - { id: web, type: tcp, host: 127.0.0.1, port: 80, source: eu }\n  - { id: db, type: tcp, host: 127.0.0.1, port: 5432, source: campus }\n`,
  'c.yaml',
  {},
).config;

/** One day of the 90-day bar of one place: down for `downHours`. */
function rollupOf(day: string, downHours: number): RollupLine {
  const downMs = downHours * 3_600_000;
  return {
    v: 1,
    day,
    id: 'web',
    samples: {
      up: (DAY_MS - downMs) / 300_000,
      degraded: 0,
      down: downMs / 300_000,
      maintenance: 0,
      unknown: 0,
    },
    durationsMs: { up: DAY_MS - downMs, degraded: 0, down: downMs, maintenance: 0, unknown: 0 },
    uptime: (DAY_MS - downMs) / DAY_MS,
    latencyMs: { p50: 20, p95: 30, max: 40 },
    metrics: {},
  };
}

describe('a multi-place check read as a build reads it: day files, the day cache, rollups', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-places-'));
    const lines = ['eu', 'us', 'campus'].flatMap((source, index) =>
      generateSnapshotLines({
        source,
        checkIds: source === 'campus' ? ['web', 'db'] : ['web'],
        from: new Date(NOW_MS - 2 * DAY_MS),
        to: new Date(NOW_MS),
        intervalMs: 5 * MINUTE_MS,
        statusAt: (id, t) => (id === 'web' && source === 'eu' && t > NOW_MS - 3_600_000 ? 'down' : 'up'),
        seed: index + 1,
      }),
    );
    await writeSnapshotFixtures(path.join(dir, 'data'), lines);
    // 2026-10-01: eu down all day, us for 2 h, campus fine; the judged day (quorum 2) is down ~2 h.
    for (const [source, hours] of [
      ['eu', 24],
      ['us', 2],
      ['campus', 0],
    ] as const) {
      const file = path.join(dir, 'data', getRollupFile(source, '2026-10'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(rollupOf('2026-10-01', hours))}\n`);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps each place's runs apart, with the same day cache as a config without places", async () => {
    expect(getDayFoldSettings(placed)).toEqual(getDayFoldSettings(single));
    const window = { sinceMs: NOW_MS - 14 * DAY_MS, untilMs: NOW_MS + 5 * MINUTE_MS };
    const read = await readDayParts(path.join(dir, 'data'), {
      settings: getDayFoldSettings(placed),
      cacheDir: path.join(dir, '.vigil-cache'),
      ...window,
      onWarning: () => {},
    });
    const runs = joinDayParts(read.parts, window, listPlacedIds(placed));
    expect(runs.checks.has('web')).toBe(false);
    expect([...(runs.places.get('web')?.keys() ?? [])].sort()).toEqual(['campus', 'eu', 'us']);
    expect(runs.places.get('web')?.get('eu')?.series.length).toBe(576);
    expect(runs.checks.get('db')?.series.length).toBe(576);
    // Without places the same parts join as one history, as before.
    expect(joinDayParts(read.parts, window).checks.get('web')?.series.length).toBe(3 * 576);

    const rollups = await readRollups(path.join(dir, 'data'), { onWarning: () => {} });
    const model = deriveSiteModel({ config: placed, runs, rollups, nowMs: NOW_MS });
    const web = model.components.find((component) => component.id === 'web');
    expect(web?.places?.map((place) => place.rollups.length)).toEqual([1, 1, 1]);
    expect(web?.rollups).toHaveLength(1);
    expect(web?.rollups[0]?.durationsMs.down).toBe(2 * 3_600_000);
    expect(web?.status).toBe('up');
    expect(web?.verdict?.down).toBe(1);
  });
});
