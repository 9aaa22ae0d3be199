// readDayParts with keepInMemory (the data renderer): a day file that only grew is folded from where
// the last read stopped and joined to the part in memory, giving the very runs a fold of the whole
// file gives; a line still being written waits; a file replaced (new inode) or rewritten is folded whole.
import { appendFile, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { SnapshotLine } from '../../../../core/model/index.ts';
import type { DataWarning } from '../../../../core/store/data-warning.ts';
import { readDayParts, resolveCacheDir } from '../../../../src/data/day-cache.ts';
import { joinDayParts } from '../../../../src/data/day-parts.ts';
import { getDayFoldSettings } from '../../../../src/data/history.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';

const DAY_MS = 86_400_000;
const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const { config } = parseConfigText(
  'checks:\n  - { id: web, type: tcp, host: 127.0.0.1, port: 80 }\n  - { id: api, type: tcp, host: 127.0.0.1, port: 81 }\n',
  'c.yaml',
  {},
);
const WINDOW = { sinceMs: NOW_MS - 14 * DAY_MS, untilMs: NOW_MS + DAY_MS / 2 };

let root: string;
let dataDir: string;
let warnings: DataWarning[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'vigil-day-memory-'));
  dataDir = path.join(root, 'data');
  warnings = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

const todayFile = () => path.join(dataDir, 'snapshots', 'lab', '2026-12-01.jsonl');

function runs(fromMs: number, toMs: number): SnapshotLine[] {
  return generateSnapshotLines({
    source: 'lab',
    checkIds: ['web', 'api'],
    from: new Date(fromMs),
    to: new Date(toMs),
    intervalMs: 5 * 60_000,
    statusAt: (id, t) => (id === 'web' && Math.floor(t / 600_000) % 5 === 0 ? 'down' : 'up'),
  });
}

const read = (keepInMemory: boolean) =>
  readDayParts(dataDir, {
    settings: getDayFoldSettings(config),
    cacheDir: resolveCacheDir(dataDir, {}),
    ...WINDOW,
    onWarning: (warning) => warnings.push(warning),
    keepInMemory,
    // Every file counts as settled, so the stat stamps alone decide (the renderer's usual case).
    settledAfterMs: 0,
  });

/** The joined index, as comparable values (typed arrays as plain arrays). */
async function readIndex(keepInMemory: boolean) {
  const index = joinDayParts((await read(keepInMemory)).parts, WINDOW);
  return JSON.parse(
    JSON.stringify(index, (_key, value) =>
      value instanceof Map ? [...value] : ArrayBuffer.isView(value) ? [...(value as Float64Array)] : value,
    ),
  );
}

describe('day parts kept in memory', () => {
  it('folds only what was appended, and gives what a whole fold gives', async () => {
    await writeSnapshotFixtures(dataDir, runs(NOW_MS - 2 * DAY_MS, NOW_MS - 3_600_000));
    await readIndex(true);
    const more = runs(NOW_MS - 3_600_000 + 5 * 60_000, NOW_MS);
    for (const line of more.slice(0, 4)) await appendFile(todayFile(), `${JSON.stringify(line)}\n`);
    // A line cut short (a write in progress) is left for the next read.
    const next = JSON.stringify(more[4]);
    await appendFile(todayFile(), next.slice(0, 40));
    const partial = await readIndex(true);
    const written = runs(NOW_MS - 2 * DAY_MS, NOW_MS - 3_600_000).length;
    expect(partial.checks[0][1].series.length).toBe(written + 4);
    await appendFile(todayFile(), `${next.slice(40)}\n`);
    for (const line of more.slice(5)) await appendFile(todayFile(), `${JSON.stringify(line)}\n`);
    const piecewise = await readIndex(true);
    expect(piecewise).toEqual(await readIndex(false));
    expect(warnings).toEqual([]);
  });

  it('folds a replaced file whole', async () => {
    await writeSnapshotFixtures(dataDir, runs(NOW_MS - DAY_MS / 2, NOW_MS - 3_600_000));
    await readIndex(true);
    const replacement = runs(NOW_MS - DAY_MS / 4, NOW_MS);
    const temp = `${todayFile()}.tmp`;
    await writeFile(temp, replacement.map((line) => `${JSON.stringify(line)}\n`).join(''));
    await rename(temp, todayFile());
    expect(await readIndex(true)).toEqual(await readIndex(false));
  });

  it('folds a file rewritten in place (same inode) and grown past the old size whole', async () => {
    const first = runs(NOW_MS - DAY_MS / 2, NOW_MS - 3_600_000);
    await writeSnapshotFixtures(dataDir, first);
    await readIndex(true);
    const inode = (await stat(todayFile())).ino;
    // What thinning then publish's recovery can leave: the same inode, other lines before the old
    // end (here the first runs gone, a status changed), and more bytes than before.
    const rewritten = [...first.slice(3), ...runs(NOW_MS - 3_600_000 + 5 * 60_000, NOW_MS)].map((line, i) =>
      i === 10 ? { ...line, results: line.results.map((r) => ({ ...r, status: 'down' as const })) } : line,
    );
    await writeFile(todayFile(), rewritten.map((line) => `${JSON.stringify(line)}\n`).join(''));
    expect((await stat(todayFile())).ino).toBe(inode);
    expect(await readIndex(true)).toEqual(await readIndex(false));
  });

  it('folds a file whose last folded line changed (same start, same inode) whole', async () => {
    const first = runs(NOW_MS - DAY_MS / 2, NOW_MS - 3_600_000);
    await writeSnapshotFixtures(dataDir, first);
    await readIndex(true);
    const text = await readFile(todayFile(), 'utf8');
    // The start stays byte for byte; the last line is replaced by one of the same length, then runs appended.
    const rows = text.split('\n');
    const last = rows.at(-2) as string;
    const bump = (digit: string) => String((Number(digit) + 1) % 10);
    rows[rows.length - 2] = last
      .replace(/"ms":(\d)/, (_match, digit: string) => `"ms":${bump(digit)}`)
      .replace(/"latencyMs":(\d)/, (_match, digit: string) => `"latencyMs":${bump(digit)}`);
    expect(rows[rows.length - 2]).not.toBe(last);
    expect(rows[rows.length - 2]?.length).toBe(last.length);
    const more = runs(NOW_MS - 3_600_000 + 5 * 60_000, NOW_MS).map((line) => `${JSON.stringify(line)}\n`);
    await writeFile(todayFile(), `${rows.join('\n')}${more.join('')}`);
    expect(await readIndex(true)).toEqual(await readIndex(false));
  });
});
