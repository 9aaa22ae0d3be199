// Publish's recovery with real git, after thinning: a rebase killed halfway leaves an older copy of a
// day file, to which the collector appended and which thinning then folded; aborting the rebase
// brings back the newest committed (raw) copy. The merge must count every run once.
import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../../../collectors/publish/git-runner.ts';
import {
  mergeKeptText,
  recoverInterruptedRun,
} from '../../../../collectors/publish/recover-interrupted-run.ts';
import { thinDayText } from '../../../../collectors/store/thin-day.ts';
import {
  forgetThinMarks,
  listThinnedChecks,
  thinSubMinuteRuns,
} from '../../../../collectors/store/thin-runs.ts';
import { groupSnapshotDayByCheck } from '../../../../core/history/fold-rollup.ts';
import { sumStatusDurations } from '../../../../core/history/uptime.ts';
import { ConfigSchema, type SnapshotLine, SnapshotLineSchema } from '../../../../core/model/index.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
const MIN = 60_000;
const DAY = '2026-11-30';
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00Z`);
const FILE = join('data', 'snapshots', 'web', `${DAY}.jsonl`);
const DOWN = { from: at('10:20'), to: at('10:23') };

const config = ConfigSchema.parse({
  site: { fullRateWindow: '10m' },
  sources: [{ id: 'web' }],
  checks: [
    { id: 'fast', type: 'tcp', host: '127.0.0.1', port: 9, interval: '5s', timeout: '2s' },
    { id: 'slow', type: 'http', url: 'http://127.0.0.1:9/' },
  ],
});

/** A 5 s check and a 5-minute one in the same lines, down for 3 minutes. */
function runs(from: number, to: number): SnapshotLine[] {
  const options = { source: 'web', from: new Date(from), to: new Date(to) };
  const statusAt = (_id: string, t: number) => (t >= DOWN.from && t < DOWN.to ? 'down' : 'up');
  const fast = generateSnapshotLines({ ...options, checkIds: ['fast'], intervalMs: 5000, statusAt });
  const slow = new Map(
    generateSnapshotLines({ ...options, checkIds: ['slow'], intervalMs: 5 * MIN, statusAt }).map((line) => [
      line.t,
      line.results,
    ]),
  );
  return fast.map((line) => ({ ...line, results: [...line.results, ...(slow.get(line.t) ?? [])] }));
}
const toText = (lines: SnapshotLine[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

let dir: string;
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-recover-thinned-'));
  forgetThinMarks();
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Collector');
  git('config', 'user.email', 'collector@vigil.test');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Runs a check's results stand for (a folded one for the runs it folds). */
const countRuns = (lines: SnapshotLine[], id: string) =>
  lines
    .flatMap((line) => line.results.filter((r) => r.id === id))
    .reduce((n, r) => n + (r.folded?.runs ?? 1), 0);

function readLines(text: string): SnapshotLine[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((row) => SnapshotLineSchema.parse(JSON.parse(row)));
}

describe('recoverInterruptedRun after thinning', () => {
  it('keeps every run once: the kept thinned copy, the committed raw lines it lacks, and the appended ones', async () => {
    // Two commits of raw runs: 10:00–11:00, then 11:00–11:30.
    const first = runs(at('10:00'), at('11:00'));
    const second = runs(at('11:00'), at('11:30'));
    const third = runs(at('11:30'), at('11:40'));
    await mkdir(join(dir, 'data', 'snapshots', 'web'), { recursive: true });
    await writeFile(join(dir, FILE), toText(first));
    git('add', 'data');
    git('commit', '--quiet', '-m', 'first');
    await appendFile(join(dir, FILE), toText(second));
    git('commit', '--quiet', '-am', 'second');
    // A rebase stopped halfway (here: at its first commit), as a killed publish leaves it: the
    // working tree holds the older copy.
    execFileSync('git', ['rebase', '--quiet', '-i', '--root'], {
      cwd: dir,
      env: { ...process.env, ...GIT_ENV, GIT_SEQUENCE_EDITOR: "sed -i '1s/^pick/edit/'" },
      stdio: 'ignore',
    });
    await stat(join(dir, '.git', 'rebase-merge'));
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(toText(first));
    // The next collect appends to that copy, and thinning folds it (everything before 11:30).
    await appendFile(join(dir, FILE), toText(third));
    const thinned = await thinSubMinuteRuns(join(dir, 'data'), 'web', { now: new Date(at('11:40')), config });
    expect(thinned.foldedResults).toBeGreaterThan(600);

    const repairs = await recoverInterruptedRun(createGit(dir), {
      previousRunDied: true,
      keepPaths: ['data'],
      mayAbortRebase: true,
    });
    expect(repairs.some((line) => line.startsWith('aborted a rebase'))).toBe(true);

    const merged = readLines(await readFile(join(dir, FILE), 'utf8'));
    const all = [...first, ...second, ...third];
    // Every run once: no result twice at one time, and the folded ones stand for the runs they fold.
    const keys = merged.flatMap((line) => line.results.map((result) => `${line.t} ${result.id}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect(countRuns(merged, 'fast')).toBe(countRuns(all, 'fast'));
    expect(countRuns(merged, 'slow')).toBe(countRuns(all, 'slow'));
    expect(merged.some((line) => line.results.some((r) => r.folded !== undefined))).toBe(true);
    // In time order, and the same time by status as the raw runs.
    const times = merged.map((line) => Date.parse(line.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const window = { from: at('10:00'), to: at('11:40'), maxGapMs: 15_000 };
    const samples = (lines: SnapshotLine[]) => groupSnapshotDayByCheck(lines).get('fast') ?? [];
    expect(sumStatusDurations(samples(merged), window)).toEqual(sumStatusDurations(samples(all), window));
  });

  it('drops raw kept runs a committed folded result already stands for (the copy committed after thinning)', () => {
    const raw = runs(at('10:00'), at('11:00'));
    const appended = runs(at('11:00'), at('11:10'));
    const folded = thinDayText(toText(raw), {
      checks: listThinnedChecks(config, 'web'),
      foldBeforeMs: at('10:50'),
    });
    expect(folded.foldedResults).toBeGreaterThan(400);
    const merged = readLines(mergeKeptText(join(dir, FILE), toText([...raw, ...appended]), folded.text));
    const all = [...raw, ...appended];
    const keys = merged.flatMap((line) => line.results.map((result) => `${line.t} ${result.id}`));
    expect(new Set(keys).size).toBe(keys.length);
    for (const id of ['fast', 'slow']) expect(countRuns(merged, id)).toBe(countRuns(all, id));
  });

  it('keeps the union as before when no copy holds a folded result', async () => {
    const first = runs(at('10:00'), at('10:30'));
    const second = runs(at('10:30'), at('10:40'));
    await mkdir(join(dir, 'data', 'snapshots', 'web'), { recursive: true });
    await writeFile(join(dir, FILE), toText(first));
    git('add', 'data');
    git('commit', '--quiet', '-m', 'first');
    await appendFile(join(dir, FILE), toText(second));
    git('commit', '--quiet', '-am', 'second');
    execFileSync('git', ['rebase', '--quiet', '-i', '--root'], {
      cwd: dir,
      env: { ...process.env, ...GIT_ENV, GIT_SEQUENCE_EDITOR: "sed -i '1s/^pick/edit/'" },
      stdio: 'ignore',
    });
    const appended = runs(at('10:40'), at('10:45'));
    await appendFile(join(dir, FILE), toText(appended));
    await recoverInterruptedRun(createGit(dir), {
      previousRunDied: true,
      keepPaths: ['data'],
      mayAbortRebase: true,
    });
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(toText([...first, ...second, ...appended]));
  });
});
