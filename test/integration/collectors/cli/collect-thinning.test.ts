import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupSnapshotDayByCheck } from '../../../../core/history/fold-rollup.ts';
import { sumStatusDurations } from '../../../../core/history/uptime.ts';
import { type SnapshotLine, SnapshotLineSchema } from '../../../../core/model/index.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';
import { type LoopbackServer, listenOnLoopback } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

// The real `vigil collect`, against a loopback server, folds a 5 s check's runs that left
// site.fullRateWindow after it wrote its own line, and leaves the rest.
let dir: string;
let server: LoopbackServer;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-collect-thin-'));
  server = await listenOnLoopback(createServer((_req, res) => res.end('ok')));
  url = `http://127.0.0.1:${server.port}/`;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function readLines(dataDir: string): Promise<SnapshotLine[]> {
  const folder = join(dataDir, 'snapshots', 'local');
  const lines: SnapshotLine[] = [];
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const row of (await readFile(join(folder, name), 'utf8')).split('\n'))
      if (row.trim() !== '') lines.push(SnapshotLineSchema.parse(JSON.parse(row)));
  }
  return lines;
}

describe('vigil collect: sub-minute thinning', () => {
  it('folds runs older than fullRateWindow after writing its line, and keeps uptime', async () => {
    const configPath = join(dir, 'status.config.yaml');
    const dataDir = join(dir, 'data');
    await mkdir(dir, { recursive: true });
    await writeFile(
      configPath,
      `site: { fullRateWindow: 30m }\nchecks:\n  - { id: fast, type: http, url: "${url}", interval: 5s, timeout: 1s, retries: 0 }\n`,
    );
    // 5 s runs from 2 h ago to 40 min ago, down for 3 minutes in the middle.
    const nowMs = Date.now();
    const from = Math.floor((nowMs - 2 * 3_600_000) / 60_000) * 60_000;
    const downFrom = from + 30 * 60_000;
    const seeded = generateSnapshotLines({
      source: 'local',
      checkIds: ['fast'],
      from: new Date(from),
      to: new Date(nowMs - 40 * 60_000),
      intervalMs: 5000,
      statusAt: (_id, t) => (t >= downFrom && t < downFrom + 3 * 60_000 ? 'down' : 'up'),
    });
    await writeSnapshotFixtures(dataDir, seeded);
    const samplesOf = (lines: SnapshotLine[]) => groupSnapshotDayByCheck(lines).get('fast') ?? [];
    const window = { from, to: nowMs - 40 * 60_000, maxGapMs: 15_000 };
    const before = sumStatusDurations(samplesOf(seeded), window);

    const run = await runVigil(['collect', '--config', configPath, '--data', dataDir]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    const lines = await readLines(dataDir);
    // Every seeded run is beyond the 30 min window: one result a minute (80), the two status changes, the new run.
    expect(seeded.length).toBeGreaterThan(950);
    expect(lines.length).toBeGreaterThanOrEqual(81);
    expect(lines.length).toBeLessThanOrEqual(84);
    expect(lines.some((line) => line.results[0]?.folded !== undefined)).toBe(true);
    // The run's own line is there, and the folded history vouches for the same time by status.
    expect(Date.parse((lines.at(-1) as SnapshotLine).t)).toBeGreaterThanOrEqual(nowMs);
    expect(sumStatusDurations(samplesOf(lines), window)).toEqual(before);
    expect(before.down).toBe(3 * 60_000);
    await stat(join(dataDir, 'state', '.local.thinned.json'));
  });
});
