import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceRetention } from '../../../../collectors/store/retention.ts';
import { uptimeForWindow } from '../../../../core/history/uptime.ts';
import { DAY_MS } from '../../../../core/history/utc-day.ts';
import type { CheckStatus } from '../../../../core/model/status.ts';
import type { DataWarning } from '../../../../core/store/data-warning.ts';
import { readRollups } from '../../../../core/store/read-rollups.ts';
import { readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const MAX_GAP_MS = 15 * MIN;
const NOW = new Date('2026-03-20T12:00:00Z');
const DB_OUTAGE = { from: Date.parse('2026-02-27T10:00:00Z'), to: Date.parse('2026-02-27T12:00:00Z') };
const WEB_SLOW = { from: Date.parse('2026-03-02T00:00:00Z'), to: Date.parse('2026-03-02T06:00:00Z') };

let dataDir: string;
let warnings: DataWarning[];
const options = () => ({
  now: NOW,
  retentionDays: 14,
  rollupRetentionDays: 400,
  maxGapMs: MAX_GAP_MS,
  onWarning: (warning: DataWarning) => warnings.push(warning),
});

function statusAt(id: string, t: number): CheckStatus {
  if (id === 'db' && t >= DB_OUTAGE.from && t < DB_OUTAGE.to) return 'down';
  if (id === 'web' && t >= WEB_SLOW.from && t < WEB_SLOW.to) return 'degraded';
  return 'up';
}

// 24 days of 5-minute runs of two checks, up to NOW: 2026-02-25 … 2026-03-20 (today, half a day).
const lines = generateSnapshotLines({
  source: 'web',
  checkIds: ['web', 'db'],
  from: new Date('2026-02-25T00:00:00Z'),
  to: NOW,
  intervalMs: 5 * MIN,
  statusAt,
});

async function listDir(relative: string): Promise<string[]> {
  return (await readdir(path.join(dataDir, relative))).sort();
}

async function readText(relative: string): Promise<string> {
  return readFile(path.join(dataDir, relative), 'utf8');
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-retention-'));
  warnings = [];
  await writeSnapshotFixtures(dataDir, lines);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('enforceRetention', () => {
  it('folds days wholly older than retentionDays into month rollups, then deletes them', async () => {
    const recentBefore = await readText('snapshots/web/2026-03-06.jsonl');
    const result = await enforceRetention(dataDir, 'web', options());

    // Cut-off is 2026-03-06 12:00: days ending by then are folded, 2026-03-06 itself is kept.
    const expectedDays = ['2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28'];
    expectedDays.push('2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05');
    expect(result.foldedDays).toEqual(expectedDays);
    expect(result.deletedFiles).toEqual(expectedDays.map((day) => `snapshots/web/${day}.jsonl`));
    expect(await listDir('snapshots/web')).toHaveLength(15);
    expect((await listDir('snapshots/web'))[0]).toBe('2026-03-06.jsonl');
    expect(await readText('snapshots/web/2026-03-06.jsonl')).toBe(recentBefore);
    expect(await listDir('rollups/web')).toEqual(['2026-02.jsonl', '2026-03.jsonl']);

    const rollups = await readRollups(dataDir, { onWarning: options().onWarning });
    expect(rollups).toHaveLength(18);
    expect(new Set(rollups.map((line) => line.day))).toEqual(new Set(expectedDays));
    const dbOutageDay = rollups.find((line) => line.id === 'db' && line.day === '2026-02-27');
    expect(dbOutageDay).toMatchObject({
      source: 'web',
      samples: { up: 264, degraded: 0, down: 24, maintenance: 0, unknown: 0 },
      durationsMs: { up: 22 * HOUR, degraded: 0, down: 2 * HOUR, maintenance: 0, unknown: 0 },
      uptime: 22 / 24,
      latencyMs: { max: 5000 },
    });
    const webSlowDay = rollups.find((line) => line.id === 'web' && line.day === '2026-03-02');
    expect(webSlowDay).toMatchObject({ samples: { up: 216, degraded: 72 }, uptime: 1 });
    const quietDay = rollups.find((line) => line.id === 'db' && line.day === '2026-03-01');
    expect(quietDay?.durationsMs.up).toBe(DAY_MS);
    expect(warnings).toEqual([]);
  });

  it('gives identical rollups when run twice', async () => {
    await enforceRetention(dataDir, 'web', options());
    const february = await readText('rollups/web/2026-02.jsonl');
    const march = await readText('rollups/web/2026-03.jsonl');
    expect(await enforceRetention(dataDir, 'web', options())).toEqual({ foldedDays: [], deletedFiles: [] });
    expect(await readText('rollups/web/2026-02.jsonl')).toBe(february);
    expect(await readText('rollups/web/2026-03.jsonl')).toBe(march);
  });

  it('does not double count when a run died after writing rollups but before deleting day files', async () => {
    const snapshotsBackup = path.join(dataDir, 'backup');
    await cp(path.join(dataDir, 'snapshots'), snapshotsBackup, { recursive: true });
    await enforceRetention(dataDir, 'web', options());
    const february = await readText('rollups/web/2026-02.jsonl');
    const march = await readText('rollups/web/2026-03.jsonl');

    // Put the folded day files back, as if the deletes never happened.
    await cp(snapshotsBackup, path.join(dataDir, 'snapshots'), { recursive: true });
    const rerun = await enforceRetention(dataDir, 'web', options());
    expect(rerun.foldedDays).toHaveLength(9);
    expect(await readText('rollups/web/2026-02.jsonl')).toBe(february);
    expect(await readText('rollups/web/2026-03.jsonl')).toBe(march);
    expect(await listDir('snapshots/web')).toHaveLength(15);
  });

  it('folds day by day as the clock moves, keeping earlier days of the month', async () => {
    await enforceRetention(dataDir, 'web', options());
    const later = await enforceRetention(dataDir, 'web', {
      ...options(),
      now: new Date('2026-03-22T00:00:00Z'),
    });
    expect(later.foldedDays).toEqual(['2026-03-06', '2026-03-07']);
    const march = await readRollups(dataDir, { since: new Date('2026-03-01T00:00:00Z') });
    expect(march.map((line) => line.day)).toEqual(
      ['01', '02', '03', '04', '05', '06', '07'].flatMap((day) => [`2026-03-${day}`, `2026-03-${day}`]),
    );
  });

  it('deletes rollup months whose every day is past rollupRetentionDays, and only its own source', async () => {
    const rollupLine = (day: string) =>
      `${JSON.stringify({ v: 1, day, id: 'web', samples: {}, durationsMs: {}, uptime: null, latencyMs: null })}\n`;
    for (const source of ['web', 'other']) {
      await mkdir(path.join(dataDir, `rollups/${source}`), { recursive: true });
      // 400 days before NOW is 2025-02-13: December 2024 is wholly older, February 2025 is not.
      await writeFile(path.join(dataDir, `rollups/${source}/2024-12.jsonl`), rollupLine('2024-12-31'));
      await writeFile(path.join(dataDir, `rollups/${source}/2025-02.jsonl`), rollupLine('2025-02-28'));
    }
    await writeSnapshotFixtures(
      dataDir,
      lines.filter((line) => line.t < '2026-02-26').map((line) => ({ ...line, source: 'other' })),
    );

    const result = await enforceRetention(dataDir, 'web', options());
    expect(result.deletedFiles.at(-1)).toBe('rollups/web/2024-12.jsonl');
    expect(await listDir('rollups/web')).toEqual(['2025-02.jsonl', '2026-02.jsonl', '2026-03.jsonl']);
    expect(await listDir('rollups/other')).toEqual(['2024-12.jsonl', '2025-02.jsonl']);
    expect(await listDir('snapshots/other')).toEqual(['2026-02-25.jsonl']);
  });

  it('keeps long uptime figures from rollups close to the figures from raw runs', async () => {
    const window = { from: Date.parse('2026-02-25T00:00:00Z'), to: NOW.getTime(), maxGapMs: MAX_GAP_MS };
    const toTimed = (snapshot: typeof lines) =>
      snapshot.flatMap((line) =>
        line.results.filter((r) => r.id === 'db').map((r) => ({ t: Date.parse(line.t), status: r.status })),
      );
    const fromRawOnly = uptimeForWindow({ samples: toTimed(lines), rollups: [], ...window });

    await enforceRetention(dataDir, 'web', options());
    const raw = toTimed(await readSnapshots(dataDir, { sources: ['web'] }));
    const rollups = (await readRollups(dataDir)).filter((line) => line.id === 'db');
    const mixed = uptimeForWindow({ samples: raw, rollups, ...window });

    expect(mixed.durationsMs.down).toBe(2 * HOUR);
    expect(mixed.ratio).toBeCloseTo(fromRawOnly.ratio ?? 0, 6);
  });

  it('refuses nonsense options with the name and the value', async () => {
    await expect(enforceRetention(dataDir, 'web', { ...options(), retentionDays: 0 })).rejects.toThrow(
      'enforceRetention: retentionDays must be a positive number, got 0',
    );
    await expect(enforceRetention(dataDir, 'Web Server', options())).rejects.toThrow('is not a URL-safe id');
  });
});
