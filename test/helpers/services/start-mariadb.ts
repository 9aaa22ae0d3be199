// Starts a real MariaDB (Debian's mariadb-server) in a temp dir on 127.0.0.1 and a free port, with
// real authentication: `root` reaches it through the Unix socket, tests create users with passwords.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { $ } from 'zx';
import { findClosedPort } from '../loopback-server.ts';

const START_WAIT_MS = 60_000;
const STOP_WAIT_MS = 30_000;
const BINARIES = [
  '/usr/sbin/mariadbd',
  '/usr/bin/mariadb-install-db',
  '/usr/bin/mariadb',
  '/usr/bin/mariadb-admin',
];

export interface MariadbServer {
  port: number;
  socketPath: string;
  /** `mysql://user:password@127.0.0.1:port/database` (the password part only when given). */
  url: (user: string, password: string | undefined, database: string) => string;
  /** Runs SQL as root through the socket; throws with the client's message when it fails. */
  sql: (statements: string) => Promise<string>;
  stop: () => Promise<void>;
}

export async function startMariadb(): Promise<MariadbServer> {
  const missing = BINARIES.find((binary) => !existsSync(binary));
  if (missing !== undefined)
    throw new Error(`${missing} is missing: install the Debian package mariadb-server`);
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-mariadb-'));
  const dataDir = path.join(dir, 'data');
  const socketPath = path.join(dir, 'mysqld.sock');
  const logFile = path.join(dir, 'error.log');
  const port = await findClosedPort();
  const sh = $({ quiet: true, nothrow: true, env: { ...process.env, LC_ALL: 'C' }, timeout: '60s' });
  // mariadbd refuses to run as root unless told to.
  const asUser = userInfo().uid === 0 ? ['--user=root'] : [];
  const installed =
    await sh`mariadb-install-db --no-defaults --datadir=${dataDir} --auth-root-authentication-method=normal --skip-test-db ${asUser}`;
  if (installed.exitCode !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${installed.stderr.trim() || installed.stdout.trim()}`);
  }
  const log = openSync(logFile, 'a');
  const daemon = spawn(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      ...asUser,
      `--datadir=${dataDir}`,
      `--socket=${socketPath}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
      `--log-error=${logFile}`,
      `--tmpdir=${dir}`,
      '--innodb-buffer-pool-size=16M',
      '--innodb-log-file-size=8M',
      '--performance-schema=OFF',
      '--skip-name-resolve',
    ],
    { stdio: ['ignore', log, log] },
  );
  const client = (statements: string) =>
    sh`mariadb --no-defaults --socket=${socketPath} --user=root --batch --skip-column-names -e ${statements}`;
  const server: MariadbServer = {
    port,
    socketPath,
    url: (user, password, database) => {
      const secret = password === undefined ? '' : `:${encodeURIComponent(password)}`;
      return `mysql://${user}${secret}@127.0.0.1:${port}/${database}`;
    },
    sql: async (statements) => {
      const result = await client(statements);
      if (result.exitCode !== 0) throw new Error(`mariadb failed: ${result.stderr.trim()}`);
      return result.stdout.trim();
    },
    stop: async () => {
      await stopDaemon(daemon);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  try {
    await waitUntilReady(daemon, socketPath, logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilReady(daemon: ChildProcess, socketPath: string, logFile: string): Promise<void> {
  const sh = $({ quiet: true, nothrow: true, timeout: '10s' });
  for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
    if (daemon.exitCode !== null) break;
    if ((await sh`mariadb-admin --no-defaults --socket=${socketPath} --user=root ping`).exitCode === 0)
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const tail = (await sh`tail -n 20 ${logFile}`).stdout;
  throw new Error(`mariadbd did not start (exit ${daemon.exitCode ?? 'none yet'}); its log ends:\n${tail}`);
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_WAIT_MS);
  await exited;
  clearTimeout(timer);
}
