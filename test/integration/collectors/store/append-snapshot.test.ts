import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendSnapshot } from '../../../../collectors/store/append-snapshot.ts';
import type { SnapshotLine } from '../../../../core/model/snapshot.ts';
import { type DataWarning, formatDataWarning } from '../../../../core/store/data-warning.ts';
import { readRollups } from '../../../../core/store/read-rollups.ts';
import { listSnapshotSources, readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { readStateFile, writeFileAtomic, writeStateFile } from '../../../../core/store/state-file.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const HOUR = 3_600_000;
let dataDir: string;
let warnings: DataWarning[];
const collectWarning = (warning: DataWarning) => warnings.push(warning);

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-store-'));
  warnings = [];
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Four hourly runs of two checks from 2026-11-21 22:00 UTC: two on each side of midnight. */
function makeLines(source = 'web'): SnapshotLine[] {
  return generateSnapshotLines({
    source,
    checkIds: ['api', 'db'],
    from: new Date('2026-11-21T22:00:00Z'),
    to: new Date('2026-11-22T02:00:00Z'),
    intervalMs: HOUR,
  });
}

describe('appendSnapshot and readSnapshots', () => {
  it('writes each run into its UTC day file and reads every run back in time order', async () => {
    const lines = makeLines();
    const paths = [];
    for (const line of [...lines].reverse()) paths.push(await appendSnapshot(dataDir, line));

    expect(paths[0]).toBe(path.join(dataDir, 'snapshots/web/2026-11-22.jsonl'));
    expect(paths[3]).toBe(path.join(dataDir, 'snapshots/web/2026-11-21.jsonl'));
    const dayText = await readFile(path.join(dataDir, 'snapshots/web/2026-11-21.jsonl'), 'utf8');
    expect(dayText.split('\n')).toHaveLength(3);
    expect(await readSnapshots(dataDir, { onWarning: collectWarning })).toEqual(lines);
    expect(warnings).toEqual([]);
  });

  it('refuses a source that is not URL-safe and a line that breaks the schema', async () => {
    const [line] = makeLines();
    if (!line) throw new Error('no line generated');
    await expect(appendSnapshot(dataDir, { ...line, source: '../etc' })).rejects.toThrow(
      'appendSnapshot: source "../etc" is not a URL-safe id',
    );
    await expect(appendSnapshot(dataDir, { ...line, t: 'yesterday' })).rejects.toThrow(
      /refusing to write an invalid snapshot line for source "web" \(t: /,
    );
    expect(await listSnapshotSources(dataDir)).toEqual([]);
  });

  it('keeps a good line that follows a torn one and reports the torn line with file and number', async () => {
    const [first, second, third] = makeLines();
    if (!first || !second || !third) throw new Error('too few lines generated');
    const file = path.join(dataDir, 'snapshots/web/2026-11-21.jsonl');
    await appendSnapshot(dataDir, first);
    const secondText = JSON.stringify(second);
    await appendFile(file, secondText.slice(0, secondText.length / 2));
    await appendSnapshot(dataDir, { ...third, t: '2026-11-21T23:30:00.000Z' });

    const read = await readSnapshots(dataDir, { onWarning: collectWarning });
    expect(read.map((line) => line.t)).toEqual([first.t, '2026-11-21T23:30:00.000Z']);
    expect(warnings).toEqual([
      {
        file: 'snapshots/web/2026-11-21.jsonl',
        line: 2,
        message: expect.stringMatching(/^invalid JSON \(.+\); line skipped$/),
      },
    ]);
  });

  it('skips invalid JSON and schema-invalid lines in the middle and keeps every other line', async () => {
    const lines = makeLines().slice(0, 2);
    const broken = { v: 1, t: '2026-11-21T22:30:00Z', source: 'web', results: [] };
    const rows = [lines[0], '{"v":1,"t":', lines[1], broken].map((row) =>
      typeof row === 'string' ? row : JSON.stringify(row),
    );
    await mkdir(path.join(dataDir, 'snapshots/web'), { recursive: true });
    await writeFile(path.join(dataDir, 'snapshots/web/2026-11-21.jsonl'), `${rows.join('\n')}\n\n`);

    expect(await readSnapshots(dataDir, { onWarning: collectWarning })).toEqual(lines);
    expect(warnings).toEqual([
      { file: 'snapshots/web/2026-11-21.jsonl', line: 2, message: expect.stringContaining('invalid JSON (') },
      {
        file: 'snapshots/web/2026-11-21.jsonl',
        line: 4,
        message: expect.stringMatching(/^not a valid snapshot line \(agent: .+\); line skipped$/),
      },
    ]);
  });

  it('warns on the console by default, naming the file where the user finds it', async () => {
    await mkdir(path.join(dataDir, 'snapshots/web'), { recursive: true });
    await writeFile(path.join(dataDir, 'snapshots/web/2026-11-21.jsonl'), 'not json\n');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(await readSnapshots(dataDir)).toEqual([]);
      expect(warn).toHaveBeenCalledExactlyOnceWith(
        expect.stringMatching(/^warning: .+2026-11-21\.jsonl:1: invalid JSON \(.+\); line skipped$/),
      );
    } finally {
      warn.mockRestore();
    }
    const warning = {
      file: 'snapshots/x/2026-11-22.jsonl',
      line: 17,
      message: 'invalid JSON (oops); line skipped',
    };
    expect(formatDataWarning(warning, 'data')).toBe(
      'warning: data/snapshots/x/2026-11-22.jsonl:17: invalid JSON (oops); line skipped',
    );
    expect(formatDataWarning({ file: 'state/x.json', message: 'bad' })).toBe('warning: state/x.json: bad');
  });

  it('filters by since, until and sources, reading only the day files that can match', async () => {
    for (const line of [...makeLines('web'), ...makeLines('hpc')]) await appendSnapshot(dataDir, line);
    await writeFile(path.join(dataDir, 'snapshots/web/2026-11-20.jsonl'), 'torn');

    const since = new Date('2026-11-21T23:00:00Z');
    const until = new Date('2026-11-22T00:00:00Z');
    const read = await readSnapshots(dataDir, { since, until, onWarning: collectWarning });
    expect(read.map((line) => `${line.source}@${line.t}`)).toEqual([
      'hpc@2026-11-21T23:00:00.000Z',
      'web@2026-11-21T23:00:00.000Z',
      'hpc@2026-11-22T00:00:00.000Z',
      'web@2026-11-22T00:00:00.000Z',
    ]);
    const onlyHpc = await readSnapshots(dataDir, { sources: ['hpc'], since, onWarning: collectWarning });
    expect(onlyHpc.map((line) => line.source)).toEqual(['hpc', 'hpc', 'hpc']);
    expect(warnings).toEqual([]);
    expect(await listSnapshotSources(dataDir)).toEqual(['hpc', 'web']);
  });

  it('treats a missing data dir as no data', async () => {
    const missing = path.join(dataDir, 'nothing-here');
    expect(await readSnapshots(missing, { onWarning: collectWarning })).toEqual([]);
    expect(await listSnapshotSources(missing)).toEqual([]);
    expect(await readRollups(missing, { onWarning: collectWarning })).toEqual([]);
  });

  it('keeps every line when many runs append to one file at once', async () => {
    const lines = generateSnapshotLines({
      source: 'web',
      checkIds: ['api', 'db', 'cache'],
      from: new Date('2026-11-21T00:00:00Z'),
      to: new Date('2026-11-21T08:20:00Z'),
      intervalMs: 60_000,
    });
    await Promise.all(lines.map((line) => appendSnapshot(dataDir, line)));
    expect(await readSnapshots(dataDir, { onWarning: collectWarning })).toEqual(lines);
    expect(warnings).toEqual([]);
  });
});

describe('readRollups', () => {
  it('reads month files with their source, skipping bad lines, filtered by day', async () => {
    const rollup = (day: string, id: string) => ({
      v: 1,
      day,
      id,
      samples: { up: 288 },
      durationsMs: { up: 86_400_000 },
      uptime: 1,
      latencyMs: { p50: 40, p95: 80, max: 120 },
      metrics: { latencyMs: { mean: 45, max: 120 } },
    });
    const rows = [rollup('2026-10-30', 'api'), rollup('2026-10-31', 'db'), rollup('2026-10-31', 'api')];
    await mkdir(path.join(dataDir, 'rollups/web'), { recursive: true });
    await writeFile(
      path.join(dataDir, 'rollups/web/2026-10.jsonl'),
      `${rows.map((row) => JSON.stringify(row)).join('\n')}\n{"v":1,"day":"31 Oct"}\n`,
    );

    const read = await readRollups(dataDir, {
      since: new Date('2026-10-31T12:00:00Z'),
      onWarning: collectWarning,
    });
    expect(read.map((line) => `${line.source}/${line.id}@${line.day}`)).toEqual([
      'web/api@2026-10-31',
      'web/db@2026-10-31',
    ]);
    expect(read[0]?.samples).toEqual({ up: 288, degraded: 0, down: 0, maintenance: 0, unknown: 0 });
    expect(warnings).toEqual([
      {
        file: 'rollups/web/2026-10.jsonl',
        line: 4,
        message: expect.stringMatching(/^not a valid rollup line \(day: .+; and \d+ more\); line skipped$/),
      },
    ]);
  });
});

describe('state file', () => {
  it('starts empty, writes atomically and reads back what was written', async () => {
    expect(await readStateFile(dataDir, 'web', collectWarning)).toEqual({ v: 1, checks: {} });
    const state = {
      v: 1 as const,
      updatedAt: '2026-11-22T10:00:00.000Z',
      checks: { api: { consecutiveFailures: 1, lastStatus: 'up' as const, probe: { rxBytes: 123 } } },
    };
    await writeStateFile(dataDir, 'web', state);
    await writeStateFile(dataDir, 'web', state);
    expect(await readStateFile(dataDir, 'web', collectWarning)).toEqual(state);
    expect(await readdir(path.join(dataDir, 'state'))).toEqual(['web.json']);
    expect(warnings).toEqual([]);
  });

  it('turns a corrupt or schema-invalid state file into an empty state with a warning', async () => {
    await mkdir(path.join(dataDir, 'state'));
    await writeFile(path.join(dataDir, 'state/web.json'), '{"v":1,"checks":{"api":');
    await writeFile(path.join(dataDir, 'state/hpc.json'), '{"v":2}');
    expect(await readStateFile(dataDir, 'web', collectWarning)).toEqual({ v: 1, checks: {} });
    expect(await readStateFile(dataDir, 'hpc', collectWarning)).toEqual({ v: 1, checks: {} });
    expect(warnings).toEqual([
      {
        file: 'state/web.json',
        message: expect.stringMatching(/^invalid JSON \(.+\); starting from an empty state/),
      },
      {
        file: 'state/hpc.json',
        message: expect.stringMatching(/^not a valid state file \(v: .+\); starting from/),
      },
    ]);
  });

  it('writeFileAtomic creates folders, replaces the file whole and leaves no temp file', async () => {
    const file = path.join(dataDir, 'a/b/c.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(path.dirname(file))).toEqual(['c.json']);
  });
});
