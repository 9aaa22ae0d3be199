// Data evolves: every line an earlier Vigil wrote is read unchanged by today's readers.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DataWarning } from '../../../../core/store/data-warning.ts';
import { readRollups } from '../../../../core/store/read-rollups.ts';
import { findClockProblems, readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { readStateFile } from '../../../../core/store/state-file.ts';

const STORED_V1 = fileURLToPath(new URL('../../../fixtures/stored/v1/data/', import.meta.url));

const readJsonLines = async (file: string) =>
  (await readFile(`${STORED_V1}${file}`, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);

describe('lines written by Vigil at cf824c2 (snapshot format v1)', () => {
  it('snapshot lines read back exactly as stored, with no warning', async () => {
    const warnings: unknown[] = [];
    const lines = await readSnapshots(STORED_V1, { onWarning: (warning) => warnings.push(warning) });
    expect(warnings).toEqual([]);
    expect(lines).toEqual(await readJsonLines('snapshots/local/2026-12-01.jsonl'));
  });

  it('rollup lines read back exactly as stored', async () => {
    const warnings: unknown[] = [];
    const rollups = await readRollups(STORED_V1, { onWarning: (warning) => warnings.push(warning) });
    expect(warnings).toEqual([]);
    const stored = await readJsonLines('rollups/local/2026-12.jsonl');
    expect(rollups).toEqual(stored.map((line) => ({ ...(line as object), source: 'local' })));
  });

  it('the state file reads back as stored', async () => {
    const warnings: unknown[] = [];
    const state = await readStateFile(STORED_V1, 'local', (warning) => warnings.push(warning));
    expect(warnings).toEqual([]);
    expect(state).toEqual(JSON.parse(await readFile(`${STORED_V1}state/local.json`, 'utf8')));
  });
});

describe('a line from a newer Vigil', () => {
  it('is skipped with a warning that says so and names the file and line; the others are read', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-stored-'));
    try {
      const stored = await readFile(`${STORED_V1}snapshots/local/2026-12-01.jsonl`, 'utf8');
      const [first] = stored.trim().split('\n');
      const newer = JSON.stringify({ ...JSON.parse(first as string), v: 2 });
      await mkdir(path.join(dir, 'snapshots/local'), { recursive: true });
      await writeFile(path.join(dir, 'snapshots/local/2026-12-01.jsonl'), `${first}\n${newer}\n`);
      const warnings: DataWarning[] = [];
      const lines = await readSnapshots(dir, { onWarning: (warning) => warnings.push(warning) });
      expect(lines).toHaveLength(1);
      expect(warnings).toEqual([
        {
          file: 'snapshots/local/2026-12-01.jsonl',
          line: 2,
          message:
            'not a valid snapshot line (v: written by a newer Vigil (format v2; this one reads up to v1); upgrade Vigil to read it); line skipped',
        },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('lines whose clock is wrong', () => {
  it('validate finds runs from the future and runs stored in another day’s file, by file and line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-clock-lines-'));
    try {
      const [first] = (await readFile(`${STORED_V1}snapshots/local/2026-12-01.jsonl`, 'utf8'))
        .trim()
        .split('\n');
      const run = JSON.parse(first as string) as { t: string };
      const future = JSON.stringify({ ...run, t: '2028-02-08T10:00:00.000Z' });
      const misfiled = JSON.stringify({ ...run, t: '2026-11-30T23:59:00.000Z' });
      await mkdir(path.join(dir, 'snapshots/local'), { recursive: true });
      await writeFile(
        path.join(dir, 'snapshots/local/2026-12-01.jsonl'),
        `${first}\n${future}\n${misfiled}\n`,
      );
      const problems = await findClockProblems(dir, Date.parse('2026-12-01T12:00:00.000Z'));
      expect(problems.map(({ file, line }) => `${file}:${line}`)).toEqual([
        'snapshots/local/2026-12-01.jsonl:2',
        'snapshots/local/2026-12-01.jsonl:3',
      ]);
      expect(problems[0]?.message).toMatch(/^run from the future \(2028-02-08T10:00:00.000Z/);
      expect(problems[1]?.message).toMatch(/is stored in the file of 2026-12-01, not of its own UTC day/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
