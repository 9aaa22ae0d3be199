// Starts a real redis-server (Debian's redis-server package) on 127.0.0.1 and a free port, with no
// persistence and its working dir in a temp dir; optionally with `requirepass`.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { $, type ProcessOutput } from 'zx';
import { findClosedPort } from '../loopback-server.ts';

const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 10_000;

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:port` (no credentials). */
  url: string;
  /** Runs redis-cli against this server (authenticated when it has a password); never throws. */
  cli: (...args: string[]) => Promise<ProcessOutput>;
  stop: () => Promise<void>;
}

export interface RedisOptions {
  /** Sets `requirepass`. */
  password?: string;
  /** More redis-server options, e.g. `['--replicaof', '127.0.0.1', '6379']` for a read-only replica. */
  args?: string[];
}

export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  for (const binary of ['/usr/bin/redis-server', '/usr/bin/redis-cli']) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: install the Debian package redis-server`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-redis-'));
  const port = await findClosedPort();
  const auth = options.password === undefined ? [] : ['--requirepass', options.password];
  const daemon = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      ...auth,
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = `${output}${chunk.toString('utf8')}`.slice(-4000);
  };
  daemon.stdout?.on('data', keep);
  daemon.stderr?.on('data', keep);
  const cliEnv = {
    ...process.env,
    ...(options.password === undefined ? {} : { REDISCLI_AUTH: options.password }),
  };
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    cli: (...args) =>
      $({
        quiet: true,
        nothrow: true,
        timeout: '10s',
        env: cliEnv,
      })`redis-cli -h 127.0.0.1 -p ${port} ${args}`,
    stop: async () => {
      await stopDaemon(daemon);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilReady(daemon, server, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilReady(
  daemon: ChildProcess,
  server: RedisServer,
  output: () => string,
): Promise<void> {
  for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
    if (daemon.exitCode !== null) break;
    if ((await server.cli('ping')).stdout.trim() === 'PONG') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `redis-server did not start (exit ${daemon.exitCode ?? 'none yet'}); it said:\n${output()}`,
  );
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_WAIT_MS);
  await exited;
  clearTimeout(timer);
}
