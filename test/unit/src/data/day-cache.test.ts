import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { SnapshotLine } from '../../../../core/model/index.ts';
import type { DataWarning } from '../../../../core/store/data-warning.ts';
import { readDayParts, resolveCacheDir } from '../../../../src/data/day-cache.ts';
import { getDayCacheWarmUp, startDayCacheWarmUp } from '../../../../src/data/day-cache-warm.ts';
import { indexSnapshotLines, joinDayParts } from '../../../../src/data/day-parts.ts';
import { getDayFoldSettings } from '../../../../src/data/history.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';

const DAY_MS = 86_400_000;
const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const { config } = parseConfigText(
  'checks:\n  - { id: web, type: tcp, host: 127.0.0.1, port: 80 }\n  - { id: api, type: tcp, host: 127.0.0.1, port: 81 }\n',
  'c.yaml',
  {},
);
const WINDOW = { sinceMs: NOW_MS - 14 * DAY_MS, untilMs: NOW_MS + 5 * 60_000 };

let root: string;
let dataDir: string;
let cacheDir: string;
let warnings: DataWarning[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'vigil-day-cache-'));
  dataDir = path.join(root, 'data');
  cacheDir = resolveCacheDir(dataDir, {}) as string;
  warnings = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Three days of 5-minute runs on two sources, as collectors store them. */
function threeDays(): SnapshotLine[] {
  return ['lab', 'dmz'].flatMap((source) =>
    generateSnapshotLines({
      source,
      checkIds: source === 'lab' ? ['web'] : ['api'],
      from: new Date(NOW_MS - 3 * DAY_MS),
      to: new Date(NOW_MS),
      intervalMs: 5 * 60_000,
      statusAt: (_id, t) => (Math.floor(t / 3_600_000) % 7 === 0 ? 'down' : 'up'),
    }),
  );
}

const read = (settledAfterMs?: number) =>
  readDayParts(dataDir, {
    settings: getDayFoldSettings(config),
    cacheDir,
    ...WINDOW,
    onWarning: (warning) => warnings.push(warning),
    ...(settledAfterMs === undefined ? {} : { settledAfterMs }),
  });

/** The cache folder of this data directory and settings (one under days/). */
async function storeDir(): Promise<string> {
  const stores = await readdir(path.join(cacheDir, 'days'));
  expect(stores).toHaveLength(1);
  return path.join(cacheDir, 'days', stores[0] as string);
}
const cacheFiles = async (source: string) => (await readdir(path.join(await storeDir(), source))).sort();

describe('the build cache of day files', () => {
  it('lives beside data/, never inside it, and can be moved or turned off', () => {
    expect(resolveCacheDir('/srv/site/data', {})).toBe('/srv/site/.vigil-cache');
    expect(resolveCacheDir('/srv/site/data', { VIGIL_CACHE: '/var/cache/vigil' })).toBe('/var/cache/vigil');
    expect(resolveCacheDir('/srv/site/data', { VIGIL_CACHE: 'off' })).toBeUndefined();
  });

  it('gives the same runs, cold or cached, as folding every line in memory', async () => {
    const lines = threeDays();
    await writeSnapshotFixtures(dataDir, lines);
    const cold = joinDayParts((await read()).parts, WINDOW);
    expect((await cacheFiles('lab')).length).toBe(4);
    const cached = joinDayParts((await read()).parts, WINDOW);
    const inMemory = indexSnapshotLines(lines, getDayFoldSettings(config), WINDOW);
    expect(cached).toEqual(cold);
    expect(cached).toEqual(inMemory);
    expect(cached.checks.get('web')?.series.length).toBe(3 * 288);
    expect(cached.checks.get('web')?.recent).toHaveLength(20);
    expect([...cached.newestBySource.keys()].sort()).toEqual(['dmz', 'lab']);
  });

  it('reads a past day from the cache without parsing it again', async () => {
    await writeSnapshotFixtures(dataDir, threeDays());
    const first = await read();
    const dayName = (await cacheFiles('lab'))[0] as string;
    // Put a different part under the cached name: a read that parsed the day file would not see it.
    const marked = first.parts.find((part) => part.source === 'lab');
    const entryPath = path.join(await storeDir(), 'lab', dayName);
    await writeFile(
      entryPath,
      serialize({ v: 1, part: { ...marked, newestT: -1, heads: [] }, warnings: [] }),
    );
    const second = await read();
    expect(second.parts.find((part) => part.source === 'lab')?.heads).toEqual([]);
  });

  it('folds a day file again when its bytes change, and drops the entry of its old contents', async () => {
    const lines = threeDays();
    await writeSnapshotFixtures(dataDir, lines);
    await read();
    const before = await cacheFiles('lab');
    const today = path.join(dataDir, 'snapshots', 'lab', '2026-12-01.jsonl');
    const extra = { ...(lines.at(-1) as SnapshotLine), source: 'lab', t: '2026-12-01T12:00:00.000Z' };
    await writeFile(
      today,
      `${await readFile(today, 'utf8')}${JSON.stringify({ ...extra, results: [{ ...extra.results[0], id: 'web', status: 'down' }] })}\n`,
    );
    const runs = joinDayParts((await read()).parts, WINDOW);
    expect(runs.checks.get('web')?.recent.at(-1)?.result.status).toBe('down');
    const after = await cacheFiles('lab');
    expect(after).toHaveLength(before.length);
    expect(after.filter((name) => !before.includes(name))).toHaveLength(1);
  });

  it('knows an unchanged file by its size and times, and a rewrite of the same size with its old mtime by its change time', async () => {
    const lines = threeDays();
    await writeSnapshotFixtures(dataDir, lines);
    const cold = joinDayParts((await read(0)).parts, WINDOW);
    const index = JSON.parse(await readFile(path.join(await storeDir(), 'stat-index.json'), 'utf8'));
    expect(Object.keys(index.files)).toHaveLength(8);
    expect(joinDayParts((await read(0)).parts, WINDOW)).toEqual(cold);
    // One run's status mangled in place: the file keeps its size, and its modification time is put back.
    const yesterday = path.join(dataDir, 'snapshots', 'lab', '2026-11-30.jsonl');
    const before = await stat(yesterday);
    const text = await readFile(yesterday, 'utf8');
    const mangled = text.replace('"status":"up"', '"status":"xx"');
    expect(mangled.length).toBe(text.length);
    await writeFile(yesterday, mangled);
    await utimes(yesterday, before.atime, before.mtime);
    const runs = joinDayParts((await read(0)).parts, WINDOW);
    expect(runs.checks.get('web')?.series.length).toBe((cold.checks.get('web')?.series.length ?? 0) - 1);
    expect(warnings.at(-1)?.file).toBe('snapshots/lab/2026-11-30.jsonl');
  });

  it('says the warnings of a bad line again on every build, and a cut-short cache file is folded again', async () => {
    await writeSnapshotFixtures(dataDir, threeDays());
    const today = path.join(dataDir, 'snapshots', 'lab', '2026-12-01.jsonl');
    await writeFile(today, `${await readFile(today, 'utf8')}{"v":1,"t":"2026-12-01T11:5`);
    const cold = joinDayParts((await read()).parts, WINDOW);
    expect(warnings.map((w) => w.file)).toEqual(['snapshots/lab/2026-12-01.jsonl']);
    warnings = [];
    for (const name of await cacheFiles('lab')) {
      const entry = path.join(await storeDir(), 'lab', name);
      await writeFile(entry, (await readFile(entry)).subarray(0, 100));
    }
    const again = joinDayParts((await read()).parts, WINDOW);
    expect(again).toEqual(cold);
    expect(warnings.map((w) => `${w.file}:${w.line}`)).toEqual([
      expect.stringMatching(/^snapshots\/lab\/2026-12-01\.jsonl:\d+$/),
    ]);
  });

  it('removes entries of days trimmed from data/ and of sources gone', async () => {
    await writeSnapshotFixtures(dataDir, threeDays());
    await read();
    const oldest = (await cacheFiles('lab'))[0] as string;
    await rm(path.join(dataDir, 'snapshots', 'lab', `${oldest.slice(0, 10)}.jsonl`));
    await rm(path.join(dataDir, 'snapshots', 'dmz'), { recursive: true });
    await read();
    expect((await cacheFiles('lab')).some((name) => name.startsWith(oldest.slice(0, 10)))).toBe(false);
    expect((await readdir(await storeDir())).filter((name) => !name.endsWith('.json'))).toEqual(['lab']);
  });

  it('is filled by worker threads while the build bundles its pages, the pages then reading it all from the cache', async () => {
    const lines = threeDays();
    await writeSnapshotFixtures(dataDir, lines);
    const saved = process.env.VIGIL_CACHE;
    process.env.VIGIL_CACHE = cacheDir;
    try {
      startDayCacheWarmUp({ config, dataDir, nowMs: NOW_MS, workers: 2 });
      await getDayCacheWarmUp();
    } finally {
      if (saved === undefined) delete process.env.VIGIL_CACHE;
      else process.env.VIGIL_CACHE = saved;
    }
    // Every day file of both sources was folded by the workers, none of them tidied the cache.
    expect(await cacheFiles('lab')).toHaveLength(4);
    expect(await cacheFiles('dmz')).toHaveLength(4);
    await expect(readFile(path.join(await storeDir(), 'stat-index.json'))).rejects.toThrow();
    const runs = joinDayParts((await read()).parts, WINDOW);
    expect(runs).toEqual(indexSnapshotLines(lines, getDayFoldSettings(config), WINDOW));
  });

  it('folds every day again for other code (an upgrade, an edit): entries of the old code are never read', async () => {
    await writeSnapshotFixtures(dataDir, threeDays());
    const saved = process.env.VIGIL_CODE_FINGERPRINT;
    try {
      process.env.VIGIL_CODE_FINGERPRINT = 'old-code';
      const first = await read();
      // What the old code kept of one day, marked: the new code must not serve it.
      const marked = first.parts.find((part) => part.source === 'lab');
      const oldStore = await storeDir();
      const dayName = (await cacheFiles('lab'))[0] as string;
      await writeFile(
        path.join(oldStore, 'lab', dayName),
        serialize({ v: 1, part: { ...marked, newestT: -1, heads: [] }, warnings: [] }),
      );
      process.env.VIGIL_CODE_FINGERPRINT = 'new-code';
      const second = await read();
      expect(second.parts.find((part) => part.source === 'lab')?.heads.length).toBeGreaterThan(0);
      expect(await readdir(path.join(cacheDir, 'days'))).toHaveLength(2);
    } finally {
      if (saved === undefined) delete process.env.VIGIL_CODE_FINGERPRINT;
      else process.env.VIGIL_CODE_FINGERPRINT = saved;
    }
  });

  it('keeps two data directories beside each other apart: neither prunes the other', async () => {
    const otherData = path.join(root, 'other-data');
    await writeSnapshotFixtures(dataDir, threeDays());
    await writeSnapshotFixtures(
      otherData,
      threeDays().filter((line) => line.source === 'dmz'),
    );
    await read();
    const readOther = () =>
      readDayParts(otherData, {
        settings: getDayFoldSettings(config),
        cacheDir,
        ...WINDOW,
        onWarning: () => {},
      });
    await readOther();
    await read();
    const stores = await readdir(path.join(cacheDir, 'days'));
    expect(stores).toHaveLength(2);
    for (const store of stores)
      expect((await readdir(path.join(cacheDir, 'days', store, 'dmz'))).length).toBe(4);
  });

  it('keeps working without a cache directory it can write', async () => {
    await writeSnapshotFixtures(dataDir, threeDays());
    await writeFile(path.join(root, '.vigil-cache'), 'a file where the folder would be');
    const runs = joinDayParts((await read()).parts, WINDOW);
    expect(runs.checks.get('web')?.series.length).toBe(3 * 288);
  });
});
