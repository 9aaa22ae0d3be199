// `vigil watch` as systemd runs it: the real CLI as a long-running child process, probing real
// loopback HTTP and TCP targets and a real redis-server on per-check intervals, stopped by SIGTERM
// (and killed by SIGKILL). Assertions are about order and counts, never about speed.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_WINDOW_MS } from '../../collectors/watch/watch-schedule.ts';
import { type SnapshotLine, SnapshotLineSchema, StateFileSchema } from '../../core/model/index.ts';
import { type LoopbackServer, listenOnLoopback, listenTcpOnLoopback } from '../helpers/loopback-server.ts';
import { runVigil, VIGIL_BIN } from '../helpers/run-vigil.ts';
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';

/** How long the slow target takes to answer: longer than its check's 1 s interval. */
const SLOW_MS = 2_500;

interface Target {
  port: number;
  /** Stops listening (connections refused) until `start` again on the same port. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

/** Called when the next /slow request arrives. */
const slowWaiters: (() => void)[] = [];
function nextSlowRequest(): Promise<void> {
  return new Promise((resolve) => slowWaiters.push(resolve));
}

/** A loopback HTTP target: /ok at once, /slow after SLOW_MS. */
async function startHttpTarget(): Promise<Target> {
  const handler: RequestListener = (request, response) => {
    if (request.url === '/slow') {
      for (const waiter of slowWaiters.splice(0)) waiter();
      setTimeout(() => response.end('slow but fine'), SLOW_MS);
    } else response.end('ok');
  };
  let server: Server = createServer(handler);
  let loopback: LoopbackServer = await listenOnLoopback(server);
  const port = loopback.port;
  return {
    port,
    stop: () => loopback.close(),
    start: async () => {
      server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      loopback = {
        port,
        close: () =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
  };
}

interface WatchProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout holds `count` run lines. */
  waitForRuns: (count: number, timeoutMs?: number) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWatchProcess(dir: string, args: string[] = []): WatchProcess {
  const child = spawn(
    process.execPath,
    [VIGIL_BIN, 'watch', '--config', 'status.config.yaml', '--data', 'data', '--collect-only', ...args],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of waiters) waiter();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForRuns: (count, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fewer than ${count} runs in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (countRunLines(stdout) < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        void exited.then(() => {
          if (waiters.has(check)) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`vigil watch exited early:\n${stdout}\n${stderr}`));
          }
        });
        check();
      }),
  };
}

const RUN_LINE = /^vigil watch: local: \d{4}-\d\d-\d\dT[\d:.]+Z: \d+ checks?: /;

function countRunLines(stdout: string): number {
  return stdout.split('\n').filter((line) => RUN_LINE.test(line)).length;
}

async function readLines(dataDir: string): Promise<{ lines: SnapshotLine[]; invalid: number }> {
  const folder = path.join(dataDir, 'snapshots', 'local');
  const lines: SnapshotLine[] = [];
  let invalid = 0;
  const { readdir } = await import('node:fs/promises');
  for (const file of (await readdir(folder).catch(() => [])).sort()) {
    for (const text of (await readFile(path.join(folder, file), 'utf8')).split('\n')) {
      if (text === '') continue;
      const parsed = SnapshotLineSchema.safeParse(safeJson(text));
      if (parsed.success) lines.push(parsed.data);
      else invalid += 1;
    }
  }
  return { lines, invalid };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Each check's runs, oldest first: when it ran (ms), how long, and its status. */
function runsOf(lines: SnapshotLine[], id: string) {
  return lines
    .flatMap((line) => {
      const result = line.results.find((candidate) => candidate.id === id);
      return result === undefined
        ? []
        : [{ t: Date.parse(line.t), ms: result.ms, status: result.status, message: result.message }];
    })
    .sort((a, b) => a.t - b.t);
}

describe('vigil watch (real CLI, loopback targets, real redis-server)', () => {
  let dir: string;
  let http: Target;
  let tcp: LoopbackServer;
  let redis: RedisServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-watch-'));
    http = await startHttpTarget();
    tcp = await listenTcpOnLoopback(createTcpServer((socket) => socket.end()));
    redis = await startRedis();
    await writeFile(
      path.join(dir, 'status.config.yaml'),
      `site: { title: Watch test, interval: 5m }
collect: { deadline: 30s }
checks:
  - { id: web, type: http, url: "http://127.0.0.1:${http.port}/ok", interval: 1s, timeout: 900ms, retries: 0 }
  - { id: slow, type: http, url: "http://127.0.0.1:${http.port}/slow", interval: 1s, timeout: 10s, retries: 0 }
  - { id: port, type: tcp, host: 127.0.0.1, port: ${tcp.port}, interval: 3s, timeout: 2s, retries: 0 }
  - { id: cache, type: redis, url: "${redis.url}", interval: 3s, timeout: 2s, retries: 0, queues: [] }
`,
    );
  }, 60_000);

  afterAll(async () => {
    await http?.stop().catch(() => {});
    await tcp?.close();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs each check at its own interval, never overlaps a slow one, logs one line per run, and stops cleanly on SIGTERM mid-probe', async () => {
    const dataDir = path.join(dir, 'data');
    const watch = startWatchProcess(dir);
    try {
      await watch.waitForRuns(8);
      // Stopped while the slow check's request is at the target, unanswered.
      await nextSlowRequest();
      const signalledAtMs = Date.now();
      const runsBefore = countRunLines(watch.stdout());
      watch.child.kill('SIGTERM');
      const { code } = await watch.exited;
      expect(code, watch.stderr()).toBe(0);
      const stdout = watch.stdout();
      expect(stdout).toContain('vigil watch: SIGTERM: stopping after the runs in flight');
      expect(stdout.trim().split('\n').at(-1)).toBe('vigil watch: stopped');
      // The run in flight at the signal was finished and written before the exit.
      const afterSignal = stdout.slice(stdout.indexOf('SIGTERM: stopping'));
      expect(countRunLines(afterSignal)).toBeGreaterThanOrEqual(1);
      expect(countRunLines(stdout)).toBeGreaterThan(runsBefore);

      const { lines, invalid } = await readLines(dataDir);
      expect(invalid).toBe(0);
      // One log line per run, and one stored line per run.
      expect(lines).toHaveLength(countRunLines(stdout));
      const web = runsOf(lines, 'web');
      const slow = runsOf(lines, 'slow');
      const port = runsOf(lines, 'port');
      const cache = runsOf(lines, 'cache');
      expect(web.every((run) => run.status === 'up')).toBe(true);
      expect(port.every((run) => run.status === 'up')).toBe(true);
      expect(cache.every((run) => run.status === 'up')).toBe(true);
      expect(slow.every((run) => run.status === 'up')).toBe(true);
      // The slow run in flight at the signal finished (up: the answer came after it) and is stored.
      const inFlight = slow.at(-1) as { t: number; ms: number };
      expect(inFlight.t).toBeLessThanOrEqual(signalledAtMs);
      expect(inFlight.t + inFlight.ms).toBeGreaterThan(signalledAtMs);
      // Each check comes at its own interval, and the 1 s check more often. Runs keep to a fixed grid
      // that starts with the first run (every check is due at the start): a batch may start up to
      // BATCH_WINDOW_MS early and a timer late, so two runs can be closer than the interval after a
      // late one, but the k-th run never comes before k intervals after the first (missed slots
      // only push it later). The first run's own timer may have fired late too (a loaded machine):
      // FIRST_RUN_LATENESS_MS allows for it, far less than any interval here.
      const FIRST_RUN_LATENESS_MS = 250;
      for (const [runs, intervalMs] of [
        [web, 1_000],
        [port, 3_000],
        [cache, 3_000],
        [slow, 1_000],
      ] as const) {
        const firstMs = runs[0]?.t ?? 0;
        for (let index = 1; index < runs.length; index += 1)
          expect((runs[index]?.t ?? 0) - firstMs).toBeGreaterThanOrEqual(
            index * intervalMs - BATCH_WINDOW_MS - FIRST_RUN_LATENESS_MS,
          );
      }
      expect(web.length).toBeGreaterThan(port.length);
      expect(port.length).toBeGreaterThanOrEqual(2);
      // The slow check never ran twice at once: each run starts after the previous one ended, and
      // the slots it overran were logged as missed.
      expect(slow.length).toBeGreaterThanOrEqual(2);
      for (let index = 1; index < slow.length; index += 1) {
        const previous = slow[index - 1] as { t: number; ms: number };
        expect(slow[index]?.t).toBeGreaterThanOrEqual(previous.t + previous.ms);
      }
      expect(stdout).toMatch(/missed \d+ of slow/);
      // The slow check runs apart from the quick ones, so the 1 s check keeps its pace.
      expect(web.length).toBeGreaterThan(slow.length);
      // The lock is released and the state knows when each check ran.
      expect(existsSync(path.join(dataDir, 'state', '.local.collect.lock'))).toBe(false);
      const state = StateFileSchema.parse(
        JSON.parse(await readFile(path.join(dataDir, 'state', 'local.json'), 'utf8')),
      );
      expect(Object.keys(state.checks).sort()).toEqual(['cache', 'port', 'slow', 'web']);
    } finally {
      watch.child.kill('SIGKILL');
      await watch.exited;
    }
  }, 120_000);

  it('holds the source lock for its whole life: cron collect is refused while it runs, and it refuses to start beside one', async () => {
    const watch = startWatchProcess(dir);
    try {
      await watch.waitForRuns(1);
      const collect = await runVigil(
        ['collect', '--config', 'status.config.yaml', '--data', 'data', '--all'],
        {
          cwd: dir,
        },
      );
      expect(collect.exitCode).toBe(2);
      expect(collect.stderr).toMatch(/another collect run of source "local" is still running \(pid \d+/);
      const second = await runVigil(
        ['watch', '--config', 'status.config.yaml', '--data', 'data', '--collect-only'],
        {
          cwd: dir,
        },
      );
      expect(second.exitCode).toBe(2);
      expect(second.stderr).toMatch(/vigil watch: another collect run of source "local" is still running/);
    } finally {
      watch.child.kill('SIGTERM');
      expect((await watch.exited).code).toBe(0);
    }
  }, 120_000);

  it('turns a target that goes away down, and up again when it comes back, without stopping', async () => {
    const dataDir = path.join(dir, 'data');
    const watch = startWatchProcess(dir);
    try {
      await watch.waitForRuns(3);
      const stoppedAtMs = Date.now();
      await http.stop();
      // failuresBeforeDown is 2: the second failed run of the 1 s check turns it down.
      await waitFor(async () => {
        const web = runsOf((await readLines(dataDir)).lines, 'web').filter((run) => run.t > stoppedAtMs);
        return web.some((run) => run.status === 'down');
      });
      const cameBackAtMs = Date.now();
      await http.start();
      await waitFor(async () => {
        const web = runsOf((await readLines(dataDir)).lines, 'web').filter((run) => run.t > cameBackAtMs);
        return web.some((run) => run.status === 'up');
      });
      expect(watch.child.exitCode).toBeNull();
    } finally {
      watch.child.kill('SIGTERM');
      expect((await watch.exited).code).toBe(0);
    }
  }, 120_000);

  it('loses nothing already written when SIGKILLed mid-run, and starts again over the stale lock', async () => {
    const dataDir = path.join(dir, 'data');
    const first = startWatchProcess(dir);
    await first.waitForRuns(4);
    first.child.kill('SIGKILL');
    await first.exited;
    const killed = await readLines(dataDir);
    // A kill can cut only the line being appended; every whole line is intact.
    expect(killed.invalid).toBeLessThanOrEqual(1);
    StateFileSchema.parse(JSON.parse(await readFile(path.join(dataDir, 'state', 'local.json'), 'utf8')));

    const second = startWatchProcess(dir);
    try {
      await second.waitForRuns(2);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
      const after = await readLines(dataDir);
      expect(after.lines.length).toBeGreaterThanOrEqual(killed.lines.length + 2);
      // What was there before the kill is still there, line for line.
      const before = new Set(killed.lines.map((line) => JSON.stringify(line)));
      expect(after.lines.filter((line) => before.has(JSON.stringify(line)))).toHaveLength(
        killed.lines.length,
      );
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  }, 120_000);
});

describe('vigil watch with a target that never answers', () => {
  it('cuts the run at collect.deadline, writes what it has, and carries on', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-watch-deadline-'));
    const hanging = createServer(() => {}); // accepts, never answers
    const target = await listenOnLoopback(hanging);
    await writeFile(
      path.join(dir, 'status.config.yaml'),
      `collect: { deadline: 1500ms }
checks:
  - { id: quick, type: command, command: ["true"], interval: 1s, timeout: 2s, retries: 0 }
  - { id: hang, type: http, url: "http://127.0.0.1:${target.port}/", interval: 1s, timeout: 30s, retries: 0 }
`,
    );
    const watch = startWatchProcess(dir);
    try {
      await waitFor(async () => {
        const { lines } = await readLines(path.join(dir, 'data'));
        return runsOf(lines, 'hang').length >= 3;
      });
      watch.child.kill('SIGTERM');
      expect((await watch.exited).code).toBe(0);
      const { lines, invalid } = await readLines(path.join(dir, 'data'));
      expect(invalid).toBe(0);
      const hang = lines.flatMap((line) => line.results.filter((result) => result.id === 'hang'));
      // No answer by the deadline is no data about the target: unknown, said so, never a hang.
      expect(hang.every((result) => result.status === 'unknown')).toBe(true);
      expect(hang[0]?.message).toMatch(/^no answer before the run deadline \(1\.5 s\)$/);
      // The quick check ran on beside it, at its own pace: after the first run (which they shared,
      // HTTP first, so the deadline came before the command ran), in runs of its own. (Its 2 s
      // timeout leaves a loaded CI machine time to start `true`: the hang is what is under test.)
      const quick = runsOf(lines, 'quick');
      expect(quick.length).toBeGreaterThan(hang.length);
      // After the first, the two never share a line again, so the hang's deadline never holds the
      // quick check: its runs are in lines of their own. (On a CI machine running other suites at
      // once a `true` may still miss its own timeout, or a fresh runner start its 1.5 s, now and
      // then, which is not what is tested: most of its runs are up.)
      const firstT = Math.min(...lines.map((line) => Date.parse(line.t)));
      const shared = lines.filter(
        (line) =>
          Date.parse(line.t) > firstT &&
          line.results.some((result) => result.id === 'quick') &&
          line.results.some((result) => result.id === 'hang'),
      );
      expect(shared).toEqual([]);
      const own = quick.slice(1);
      expect(own.filter((run) => run.status === 'up').length).toBeGreaterThanOrEqual(
        Math.ceil(own.length * 0.8),
      );
    } finally {
      watch.child.kill('SIGKILL');
      await watch.exited;
      await target.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}
