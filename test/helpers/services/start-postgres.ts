// Starts a real PostgreSQL (Debian's postgresql package) in a temp dir on 127.0.0.1 and a free
// port, its Unix socket in the same dir. PostgreSQL refuses to run as root, so when the tests run
// as root the cluster belongs to the `postgres` user and every server command goes through runuser.
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { $ } from 'zx';
import { findClosedPort } from '../loopback-server.ts';

const PG_ROOT = '/usr/lib/postgresql';
const START_WAIT_S = 60;
const SUPERUSER = 'postgres';

export interface PostgresServer {
  port: number;
  /** Holds the Unix socket `.s.PGSQL.<port>`. */
  socketDir: string;
  /** `postgres://user:password@127.0.0.1:port/database` (the password part only when given). */
  url: (user: string, password: string | undefined, database: string) => string;
  /** Runs SQL as the superuser through the socket; throws with psql's message when it fails. */
  psql: (database: string, sql: string) => Promise<string>;
  isRunning: () => boolean;
  stop: () => Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-postgres-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const port = await findClosedPort();
  const asServerUser = await makeServerUserPrefix(dir);
  const sh = $({ quiet: true, cwd: dir, env: { ...process.env, LC_ALL: 'C' }, timeout: `${START_WAIT_S}s` });
  let running = false;
  const pgCtl = (...args: string[]) =>
    sh`${asServerUser} ${path.join(bin, 'pg_ctl')} -D ${dataDir} -l ${logFile} ${args}`.nothrow();
  const server: PostgresServer = {
    port,
    socketDir: dir,
    url: (user, password, database) => {
      const secret = password === undefined ? '' : `:${encodeURIComponent(password)}`;
      return `postgres://${user}${secret}@127.0.0.1:${port}/${database}`;
    },
    psql: async (database, sql) => {
      const result =
        await sh`${path.join(bin, 'psql')} -X -q -t -A -v ON_ERROR_STOP=1 -h ${dir} -p ${port} -U ${SUPERUSER} -d ${database} -c ${sql}`.nothrow();
      if (result.exitCode !== 0) throw new Error(`psql failed: ${result.stderr.trim()}`);
      return result.stdout.trim();
    },
    isRunning: () => running,
    stop: async () => {
      if (running) await pgCtl('stop', '-m', 'fast', '-w', '-t', '30');
      running = false;
    },
  };
  try {
    await sh`${asServerUser} ${path.join(bin, 'initdb')} -D ${dataDir} -U ${SUPERUSER} --auth-local=trust --auth-host=scram-sha-256 --no-sync --encoding=UTF8`;
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=16MB -c max_connections=20 -c fsync=off`;
    const started = await pgCtl('start', '-w', '-t', String(START_WAIT_S), '-o', options);
    if (started.exitCode !== 0) {
      const log = (await sh`tail -n 20 ${logFile}`.nothrow()).stdout;
      throw new Error(`PostgreSQL did not start: ${started.stderr.trim()}\n${log}`);
    }
    running = true;
  } catch (error) {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const stop = server.stop;
  server.stop = async () => {
    await stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  return server;
}

/** The newest installed major version's bin directory. */
function findPostgresBin(): string {
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((name) => /^\d+$/.test(name)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  const bin = newest === undefined ? undefined : path.join(PG_ROOT, newest, 'bin');
  if (bin === undefined || !existsSync(path.join(bin, 'initdb'))) {
    throw new Error(
      `PostgreSQL server binaries not found under ${PG_ROOT}/*/bin: install the Debian package postgresql`,
    );
  }
  return bin;
}

/** `runuser -u postgres --` when running as root (PostgreSQL refuses root), else nothing. */
async function makeServerUserPrefix(dir: string): Promise<string[]> {
  if (userInfo().uid !== 0) return [];
  const ids = await $({ quiet: true, nothrow: true })`id -u ${SUPERUSER}`;
  const groups = await $({ quiet: true, nothrow: true })`id -g ${SUPERUSER}`;
  if (ids.exitCode !== 0)
    throw new Error('running as root needs the "postgres" user: install the Debian package postgresql');
  await chown(dir, Number(ids.stdout.trim()), Number(groups.stdout.trim()));
  await chmod(dir, 0o700);
  return ['runuser', '-u', SUPERUSER, '--'];
}
