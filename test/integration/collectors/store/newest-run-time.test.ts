// findNewestRunTime answers what core's findNewestSnapshot answers (the clock check of every run)
// while parsing one line instead of the day file, over real day files in a temp data directory.
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findNewestRunTime } from '../../../../collectors/store/newest-run-time.ts';
import { findNewestSnapshot } from '../../../../core/store/read-snapshots.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-newest-'));
  await mkdir(path.join(dataDir, 'snapshots/lab'), { recursive: true });
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const line = (t: string, results = 1) =>
  `${JSON.stringify({
    v: 1,
    t,
    source: 'lab',
    agent: { version: '0.1.0', host: 'lab-1' },
    results: Array.from({ length: results }, (_, i) => ({
      id: `c${i}`,
      status: 'up',
      ms: 3,
      message: 'HTTP 200 in 3 ms',
      metrics: {},
      detail: {},
    })),
  })}\n`;

async function writeDay(day: string, text: string): Promise<void> {
  await writeFile(path.join(dataDir, 'snapshots/lab', `${day}.jsonl`), text);
}

async function expectSameAsCore(): Promise<void> {
  const core = await findNewestSnapshot(dataDir, 'lab', () => {});
  expect(await findNewestRunTime(dataDir, 'lab')).toEqual(core);
}

describe('findNewestRunTime', () => {
  it('gives the newest run of the newest day, as the core reader does', async () => {
    await writeDay('2026-11-30', line('2026-11-30T23:55:00.000Z'));
    await writeDay(
      '2026-12-01',
      line('2026-12-01T00:00:00.000Z', 50) +
        line('2026-12-01T00:05:00.000Z', 50) +
        line('2026-12-01T00:10:00.000Z'),
    );
    expect(await findNewestRunTime(dataDir, 'lab')).toEqual({
      t: Date.parse('2026-12-01T00:10:00.000Z'),
      file: 'snapshots/lab/2026-12-01.jsonl',
    });
    await expectSameAsCore();
  });

  it('a line whose clock ran ahead counts, wherever it is in the file', async () => {
    await writeDay(
      '2026-12-01',
      line('2026-12-01T00:00:00.000Z') + line('2026-12-01T09:00:00.000Z') + line('2026-12-01T00:10:00.000Z'),
    );
    expect((await findNewestRunTime(dataDir, 'lab'))?.t).toBe(Date.parse('2026-12-01T09:00:00.000Z'));
    await expectSameAsCore();
  });

  it('reads a line written by other hands (spaces after colons, t not first) the slow way', async () => {
    const pretty = JSON.stringify(JSON.parse(line('2026-12-01T00:15:00.000Z')), null, 0)
      .replace('"v":1,', '"source":"lab","v":1,')
      .replaceAll('":', '": ');
    await writeDay('2026-12-01', `${line('2026-12-01T00:05:00.000Z')}${pretty}\n`);
    expect((await findNewestRunTime(dataDir, 'lab'))?.t).toBe(Date.parse('2026-12-01T00:15:00.000Z'));
    await expectSameAsCore();
  });

  it('skips a torn last line and an invalid one, as readers do', async () => {
    const torn = line('2026-12-01T00:20:00.000Z', 5).slice(0, 120);
    const invalid = `${JSON.stringify({ v: 1, t: '2026-12-01T00:15:00.000Z', source: 'lab' })}\n`;
    await writeDay('2026-12-01', line('2026-12-01T00:05:00.000Z') + invalid + torn);
    expect((await findNewestRunTime(dataDir, 'lab'))?.t).toBe(Date.parse('2026-12-01T00:05:00.000Z'));
    await expectSameAsCore();
  });

  it('falls back to the day before when the newest day holds no readable run, and says nothing for none', async () => {
    expect(await findNewestRunTime(dataDir, 'lab')).toBeUndefined();
    await writeDay('2026-11-30', line('2026-11-30T23:55:00.000Z'));
    await writeDay('2026-12-01', '{"v":1,"t":"2026-12-01T00:00:00.000Z"\n');
    expect(await findNewestRunTime(dataDir, 'lab')).toEqual({
      t: Date.parse('2026-11-30T23:55:00.000Z'),
      file: 'snapshots/lab/2026-11-30.jsonl',
    });
    await expectSameAsCore();
  });

  it('reads a day of large runs (288 lines of 200 results) the same as the core reader', async () => {
    const file = path.join(dataDir, 'snapshots/lab/2026-12-01.jsonl');
    for (let run = 0; run < 288; run += 1) {
      const at = new Date(Date.parse('2026-12-01T00:00:00.000Z') + run * 300_000).toISOString();
      await appendFile(file, line(at, 200));
    }
    expect((await findNewestRunTime(dataDir, 'lab'))?.t).toBe(Date.parse('2026-12-01T23:55:00.000Z'));
    await expectSameAsCore();
  });
});
