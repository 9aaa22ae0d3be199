// Runs Debian's Caddy (/usr/bin/caddy) on a free loopback port with a given Caddyfile, its admin API
// off and its home, data and config dirs in a temp dir; and `caddy validate` of a Caddyfile.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { $ } from 'zx';
import { findClosedPort } from '../loopback-server.ts';

const CADDY = '/usr/bin/caddy';
const START_WAIT_MS = 20_000;
// First in a Caddyfile: no admin endpoint (tests run at once would share :2019), no certificates.
const TEST_GLOBALS = '{\n\tadmin off\n\tauto_https off\n}\n\n';

export interface CaddyServer {
  /** "http://127.0.0.1:PORT" with no trailing slash. */
  origin: string;
  stop: () => Promise<void>;
}

function requireCaddy(): void {
  if (!existsSync(CADDY)) throw new Error(`${CADDY} is missing: install the Debian package caddy`);
}

async function prepareDir(caddyfile: string): Promise<{ dir: string; file: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-caddy-'));
  const file = path.join(dir, 'Caddyfile');
  await writeFile(file, `${TEST_GLOBALS}${caddyfile}`);
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
  return { dir, file, env };
}

/** `caddy validate` of the Caddyfile (with the test globals first), with `env` for its {$VARS}. */
export async function validateCaddyfile(caddyfile: string, env: Record<string, string> = {}) {
  requireCaddy();
  const prepared = await prepareDir(caddyfile);
  try {
    return await $({
      quiet: true,
      nothrow: true,
      timeout: '30s',
      env: { ...prepared.env, ...env },
    })`${CADDY} validate --config ${prepared.file} --adapter caddyfile`;
  } finally {
    await rm(prepared.dir, { recursive: true, force: true });
  }
}

/**
 * Serves the Caddyfile; `env(origin)` gives the environment its {$VARS} read (the address to listen
 * on is the origin, "http://127.0.0.1:PORT").
 */
export async function startCaddy(
  caddyfile: string,
  env: (origin: string) => Record<string, string> = () => ({}),
): Promise<CaddyServer> {
  requireCaddy();
  const port = await findClosedPort();
  const origin = `http://127.0.0.1:${port}`;
  const prepared = await prepareDir(caddyfile);
  const daemon = spawn(CADDY, ['run', '--config', prepared.file, '--adapter', 'caddyfile'], {
    env: { ...prepared.env, ...env(origin) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = `${output}${chunk.toString('utf8')}`.slice(-4000);
  };
  daemon.stdout?.on('data', keep);
  daemon.stderr?.on('data', keep);
  const stop = async () => {
    await stopDaemon(daemon);
    await rm(prepared.dir, { recursive: true, force: true, maxRetries: 3 });
  };
  for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
    if (daemon.exitCode !== null) break;
    const answered = await fetch(origin, { redirect: 'manual' }).then(
      () => true,
      () => false,
    );
    if (answered) return { origin, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`caddy did not start (exit ${daemon.exitCode ?? 'none yet'}); it said:\n${output}`);
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
