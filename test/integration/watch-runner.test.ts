// `vigil watch` with a probe runner whose event loop is blocked: a real SQLite metric query that
// counts for minutes runs synchronously in the runner (node:sqlite's DatabaseSync). The check times
// out, and the runner set is replaced, so the other checks of that runner answer again at once
// instead of timing out (and turning down) until the query ends.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SnapshotLine, SnapshotLineSchema } from '../../core/model/index.ts';
import { VIGIL_BIN } from '../helpers/run-vigil.ts';

/** Minutes of synchronous counting in the runner that probes it. */
const SPIN_SQL =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) SELECT count(*) FROM c';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-watch-runner-'));
  const database = new DatabaseSync(path.join(dir, 'jobs.sqlite3'));
  database.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY)');
  database.close();
  await writeFile(
    path.join(dir, 'status.config.yaml'),
    `checks:
  - { id: heavy, type: sqlite, path: jobs.sqlite3, queries: { spin: "${SPIN_SQL}" }, interval: 1h, timeout: 1s, retries: 0 }
  - { id: quick, type: sqlite, path: jobs.sqlite3, interval: 1s, timeout: 1s, retries: 0 }
`,
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function readLines(): Promise<SnapshotLine[]> {
  const folder = path.join(dir, 'data', 'snapshots', 'local');
  const names = await readdir(folder).catch(() => [] as string[]);
  const lines: SnapshotLine[] = [];
  for (const name of names.sort()) {
    for (const text of (await readFile(path.join(folder, name), 'utf8')).split('\n')) {
      if (text.trim() === '') continue;
      const parsed = SnapshotLineSchema.safeParse(JSON.parse(text));
      if (parsed.success) lines.push(parsed.data);
    }
  }
  return lines;
}

function resultsOf(lines: SnapshotLine[], id: string) {
  return lines.flatMap((line) => line.results.filter((result) => result.id === id));
}

describe('vigil watch with a blocked probe runner', () => {
  it('replaces the runners after a probe left unanswered, so the other checks of that runner answer again', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [VIGIL_BIN, 'watch', '--config', 'status.config.yaml', '--data', 'data', '--collect-only'],
      // A group of its own: a failing test ends the runners too, not only the watch.
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      // Until three runs of quick after heavy's have answered (the same runner, blocked for minutes,
      // would have timed every one of them out), or 90 s.
      const givingUpAtMs = Date.now() + 90_000;
      let lines: SnapshotLine[] = [];
      const isDone = () => {
        const heavyAt = lines.findIndex((line) => line.results.some((result) => result.id === 'heavy'));
        return (
          heavyAt >= 0 &&
          resultsOf(lines.slice(heavyAt + 1), 'quick').filter((r) => r.status === 'up').length >= 3
        );
      };
      while (Date.now() < givingUpAtMs && child.exitCode === null) {
        lines = await readLines();
        if (isDone()) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const heavy = resultsOf(lines, 'heavy');
      expect(heavy, output).toHaveLength(1);
      expect(heavy[0]?.message).toMatch(/timed out/);
      expect(isDone(), output).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (isGroupAlive(child.pid as number)) process.kill(-(child.pid as number), 'SIGKILL');
    }
  }, 120_000);
});

/** The pids of `pid`'s child processes (Linux /proc). */
async function listChildren(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(' ').filter(Boolean).map(Number);
}

/** CPU time (user + system, in clock ticks) a process has used; 0 once it is gone. */
async function readCpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('vigil collect (cron) with a blocked probe runner', () => {
  it('SIGTERM to its process group ends the runner too, blocked loop and all', async () => {
    // The query's probe has time enough to be in flight when the signal comes.
    await writeFile(
      path.join(dir, 'cron.config.yaml'),
      `checks:\n  - { id: heavy, type: sqlite, path: jobs.sqlite3, queries: { spin: "${SPIN_SQL}" }, timeout: 90s, retries: 0 }\n`,
    );
    const child = spawn(
      process.execPath,
      [VIGIL_BIN, 'collect', '--config', 'cron.config.yaml', '--data', 'cron-data'],
      { cwd: dir, stdio: 'ignore', detached: true },
    );
    const pgid = child.pid as number;
    try {
      // Until a runner is busy in the query (it has used a second of CPU), or 60 s.
      const givingUpAtMs = Date.now() + 60_000;
      let isSpinning = false;
      while (!isSpinning && Date.now() < givingUpAtMs && child.exitCode === null) {
        for (const pid of await listChildren(pgid)) if ((await readCpuTicks(pid)) >= 100) isSpinning = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(isSpinning).toBe(true);
      process.kill(-pgid, 'SIGTERM');
      // Every process of the group ends (a runner ignoring the signal would spin on for minutes).
      const waitUntilMs = Date.now() + 30_000;
      while (isGroupAlive(pgid) && Date.now() < waitUntilMs)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(isGroupAlive(pgid)).toBe(false);
    } finally {
      if (isGroupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  }, 120_000);
});
