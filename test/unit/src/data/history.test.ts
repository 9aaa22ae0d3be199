import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { SnapshotLine } from '../../../../core/model/index.ts';
import { FUTURE_TOLERANCE_MS } from '../../../../core/store/read-snapshots.ts';
import { readDayParts } from '../../../../src/data/day-cache.ts';
import { joinDayParts } from '../../../../src/data/day-parts.ts';
import { getDayFoldSettings, warnOfFutureRuns } from '../../../../src/data/history.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';

const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const { config } = parseConfigText(
  'checks: [{ id: web, type: tcp, host: 127.0.0.1, port: 80 }]\n',
  'c.yaml',
  {},
);

afterEach(() => vi.restoreAllMocks());

describe('a run from the future', () => {
  const lines = generateSnapshotLines({
    source: 'lab',
    checkIds: ['web'],
    from: new Date(NOW_MS - 3_600_000),
    to: new Date(NOW_MS - 60_000),
    intervalMs: 5 * 60_000,
  });
  const runAt = (t: string, status: 'up' | 'down'): SnapshotLine => ({
    ...(lines[0] as SnapshotLine),
    t,
    results: [{ ...(lines[0] as SnapshotLine).results[0], status } as SnapshotLine['results'][number]],
  });
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-history-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Reads the lines as a build does: from day files, through the day cache (read twice: cold, then cached). */
  async function readAsBuild(dataDir: string, extra: SnapshotLine[]) {
    await writeSnapshotFixtures(dataDir, [...lines, ...extra]);
    const window = { sinceMs: NOW_MS - 14 * 86_400_000, untilMs: NOW_MS + FUTURE_TOLERANCE_MS };
    const options = {
      settings: getDayFoldSettings(config),
      cacheDir: path.join(path.dirname(dataDir), '.vigil-cache'),
      ...window,
      onWarning: () => {},
    };
    const cold = await readDayParts(dataDir, options);
    const cached = await readDayParts(dataDir, options);
    expect(cached).toEqual(cold);
    return { read: cached, runs: joinDayParts(cached.parts, window) };
  }

  it('is left out of the build, with a warning, so it cannot pin a check to its status', async () => {
    // Stamped for today, a little over the tolerance ahead: the day file also holds every real run.
    const ahead = runAt(new Date(NOW_MS + FUTURE_TOLERANCE_MS + 60_000).toISOString(), 'down');
    const { read, runs } = await readAsBuild(path.join(dir, 'ahead', 'data'), [
      runAt('2028-01-01T00:00:00.000Z', 'down'),
      ahead,
    ]);
    expect(read.futureRuns.map((head) => head.stamp)).toEqual([ahead.t, '2028-01-01T00:00:00.000Z']);
    expect(runs.checks.get('web')?.series.length).toBe(lines.length);
    expect(runs.checks.get('web')?.recent.at(-1)?.t).toBe(Date.parse((lines.at(-1) as SnapshotLine).t));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    warnOfFutureRuns(read.futureRuns, NOW_MS);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^vigil build: warning: 2 runs from the future ignored \(source lab, first at 2026-12-01T12:06:00/,
      ),
    );
    const model = deriveSiteModel({ config, runs, rollups: [], nowMs: NOW_MS });
    expect(model.components[0]?.status).toBe('up');
  });

  it('a little ahead (a collector clock a minute fast) is kept', async () => {
    const soon = runAt(new Date(NOW_MS + 60_000).toISOString(), 'up');
    const { read, runs } = await readAsBuild(path.join(dir, 'soon', 'data'), [soon]);
    expect(read.futureRuns).toEqual([]);
    expect(runs.checks.get('web')?.series.length).toBe(lines.length + 1);
  });
});
