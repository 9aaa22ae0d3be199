// A collector whose clock jumps never erases history: real collectOnce runs on a temp data dir,
// with the clock passed in, over 5-minute runs generated for the retention window.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectOnce } from '../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { SnapshotLine } from '../../../../core/model/index.ts';
import { readRollups } from '../../../../core/store/read-rollups.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const DAY_MS = 86_400_000;
const FIVE_MINUTES_MS = 5 * 60_000;
const CONFIG = `sources: [{ id: lab }]
site: { retentionDays: 3 }
checks:
  - { id: ok, type: command, command: ["true"] }
`;
const TODAY = new Date('2026-11-30T12:00:00.000Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-clock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Writes 5-minute runs of `ok` (and whatever else) from `days` days before TODAY up to it. */
async function seedHistory(days: number): Promise<void> {
  const lines = generateSnapshotLines({
    source: 'lab',
    checkIds: ['ok'],
    from: new Date(TODAY.getTime() - days * DAY_MS),
    to: new Date(TODAY.getTime() - FIVE_MINUTES_MS),
    intervalMs: FIVE_MINUTES_MS,
  });
  const byDay = new Map<string, SnapshotLine[]>();
  for (const line of lines) byDay.set(line.t.slice(0, 10), [...(byDay.get(line.t.slice(0, 10)) ?? []), line]);
  await mkdir(path.join(dir, 'snapshots/lab'), { recursive: true });
  for (const [day, dayLines] of byDay) {
    await writeFile(
      path.join(dir, `snapshots/lab/${day}.jsonl`),
      dayLines.map((l) => `${JSON.stringify(l)}\n`).join(''),
    );
  }
}

async function collectAt(now: Date, log: string[] = []) {
  const { config } = parseConfigText(CONFIG, 'status.config.yaml', {});
  return collectOnce({ config, dataDir: dir, source: 'lab', now: () => now, log: (line) => log.push(line) });
}

const dayFiles = async () => (await readdir(path.join(dir, 'snapshots/lab'))).sort();

describe('clock safety', () => {
  it('a run 800 days ahead writes its line, warns, and deletes nothing', async () => {
    await seedHistory(3);
    const before = await dayFiles();
    const log: string[] = [];
    const ahead = new Date(TODAY.getTime() + 800 * DAY_MS);
    const outcome = await collectAt(ahead, log);
    expect(outcome.status).toBe('written');
    expect(await dayFiles()).toEqual([...before, `${ahead.toISOString().slice(0, 10)}.jsonl`]);
    expect(await readRollups(dir, { onWarning: () => {} })).toEqual([]);
    expect(log.join('\n')).toMatch(
      /clock .* is 800 d ahead of the newest stored run .* more than collect\.clockSkewLimit \(24 h\)/,
    );
  });

  it('a run behind the newest stored line writes its line, warns, and trims nothing', async () => {
    await seedHistory(6);
    const before = await dayFiles();
    const log: string[] = [];
    await collectAt(new Date(TODAY.getTime() - 57 * DAY_MS), log);
    expect(await dayFiles()).toEqual(['2026-10-04.jsonl', ...before]);
    expect(log.join('\n')).toMatch(/is 57 d behind the newest stored run/);
  });

  it('late runs of a day already folded are merged into its rollup, never replace it', async () => {
    await seedHistory(6);
    // A normal run folds the days older than retentionDays (3).
    await collectAt(TODAY);
    const folded = await readRollups(dir, { onWarning: () => {} });
    // The first seeded day starts at noon; the second is a whole day of 5-minute runs.
    const whole = folded.find((line) => line.samples.up === 288);
    const day = whole?.day as string;
    const upBefore = 288;
    expect(day).toBeDefined();
    // A collector with a clock 5 days behind appends one run to that day, later folded by a normal run.
    await collectAt(new Date(`${day}T23:57:00.000Z`));
    await collectAt(new Date(TODAY.getTime() + FIVE_MINUTES_MS));
    const after = await readRollups(dir, { onWarning: () => {} });
    expect(after.find((line) => line.day === day)?.samples.up).toBe(upBefore + 1);
    expect(after).toHaveLength(folded.length);
  });
});
