// listenersDiscoverer on this machine, against real servers started on loopback ports: redis-server
// (with and without requirepass), PostgreSQL, MariaDB, nginx (http on 127.0.0.1 and ::1, and https
// with a self-signed certificate), a node HTTP server, and a node server that accepts and never
// answers. Each written check loads through the config (with ${VAR}s from a test environment for
// the full checks) and runs through the real probe.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { listenersDiscoverer } from '../../collectors/init/discover-listeners.ts';
import type { DiscoverContext, Discovery, Finding } from '../../collectors/init/finding.ts';
import type { Observation } from '../../collectors/probes/probe-types.ts';
import { loadProbe } from '../../collectors/probes/registry.ts';
import { runCommand } from '../../collectors/transport/run-command.ts';
import { parseConfigText } from '../../core/config/load-config.ts';
import { type LoopbackServer, listenOnLoopback, listenTcpOnLoopback } from '../helpers/loopback-server.ts';
import { makeProbeContext } from '../helpers/probe-context.ts';
import { type MariadbServer, startMariadb } from '../helpers/services/start-mariadb.ts';
import { NGINX_GREETING, type NginxServer, startNginx } from '../helpers/services/start-nginx.ts';
import { type PostgresServer, startPostgres } from '../helpers/services/start-postgres.ts';
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';

const REDIS_SECRET = 'init-listeners-redis-secret';
const MONITOR_SECRET = 'init-listeners-monitor-secret';

let redis: RedisServer;
let lockedRedis: RedisServer;
let postgres: PostgresServer;
let mariadb: MariadbServer;
let nginx: NginxServer;
let nginxTls: NginxServer;
let app: LoopbackServer;
let silent: LoopbackServer;
let fakeSshd: FakeServer;
let fakeHub: FakeServer;
let fakeProxy: FakeServer;
let discovery: Discovery;
let discoveryMs: number;

interface FakeServer {
  port: number;
  process: ChildProcess;
}

// sshd and JupyterHub are not installed here: node processes named so (argv[0] "sshd"; a command
// line naming jupyterhub or configurable-http-proxy) replay what the real ones answer.
const REPLAY_SSH = `require('net').createServer((s) => s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n'))`;
const REPLAY_HUB = `require('http').createServer((q, r) => { if (q.url === '/hub/api') { r.setHeader('content-type', 'application/json'); r.end('{"version": "5.2.1"}'); } else { r.statusCode = 404; r.end(); } })`;

async function startFake(server: string, argv0: string, args: readonly string[]): Promise<FakeServer> {
  const script = `const server = ${server}; server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script, '--', ...args], {
    argv0,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listening = once(child.stdout, 'data').then(([chunk]) => chunk as Buffer);
  const chunk = await Promise.race([listening, once(child, 'exit').then(() => undefined)]);
  if (chunk === undefined) throw new Error(`the fake ${argv0} ${args.join(' ')} exited before it listened`);
  return { port: Number(chunk.toString().trim()), process: child };
}

function makeContext(signal: AbortSignal): DiscoverContext {
  return {
    signal,
    env: process.env,
    procRoot: '/proc',
    run: (argv, timeoutMs) =>
      runCommand({ argv, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) }),
  };
}

beforeAll(async () => {
  [redis, lockedRedis, postgres, mariadb, nginx, nginxTls] = await Promise.all([
    startRedis(),
    startRedis({ password: REDIS_SECRET }),
    startPostgres(),
    startMariadb(),
    startNginx({ addresses: ['127.0.0.1', '::1'] }),
    startNginx({ tls: true }),
  ]);
  app = await listenOnLoopback(createHttpServer((_request, response) => response.end('app\n')));
  silent = await listenTcpOnLoopback(createTcpServer(() => {}));
  [fakeSshd, fakeHub, fakeProxy] = await Promise.all([
    startFake(REPLAY_SSH, 'sshd', ['-D']),
    startFake(REPLAY_HUB, 'python3', [
      '/usr/local/bin/jupyterhub',
      '-f',
      '/etc/jupyterhub/jupyterhub_config.py',
    ]),
    startFake(REPLAY_HUB, 'node', ['/usr/local/bin/configurable-http-proxy', '--ip', '127.0.0.1']),
  ]);
  // The full checks log in as "monitor", as the comments beside them ask.
  await postgres.psql(
    'postgres',
    `CREATE ROLE monitor LOGIN PASSWORD '${MONITOR_SECRET}' IN ROLE pg_monitor`,
  );
  await mariadb.sql(`CREATE USER 'monitor'@'127.0.0.1' IDENTIFIED BY '${MONITOR_SECRET}'`);
  const startedAt = performance.now();
  discovery = await listenersDiscoverer.discover(makeContext(AbortSignal.timeout(10_000)));
  discoveryMs = performance.now() - startedAt;
}, 180_000);

afterAll(async () => {
  await Promise.all([
    redis?.stop(),
    lockedRedis?.stop(),
    postgres?.stop(),
    mariadb?.stop(),
    nginx?.stop(),
    nginxTls?.stop(),
    app?.close(),
    silent?.close(),
  ]);
  await Promise.all(
    [fakeSshd, fakeHub, fakeProxy].map(async (fake) => {
      if (fake === undefined || fake.process.exitCode !== null) return;
      const exited = once(fake.process, 'exit');
      fake.process.kill();
      await exited;
    }),
  );
});

function findingOn(port: number): Finding {
  const found = discovery.findings.filter((finding) => finding.key.endsWith(`:${port}`));
  expect(found, `findings on port ${port}: ${JSON.stringify(discovery, null, 1)}`).toHaveLength(1);
  return found[0] as Finding;
}

/** A check as `vigil init` writes it, loaded through the config (YAML, ${VAR}s, schema), then probed. */
async function loadAndProbe(
  check: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<Observation> {
  const text = stringify({ groups: [{ id: 'g', name: 'G' }], checks: [{ ...check, group: 'g' }] });
  const loaded = parseConfigText(text, 'status.config.yaml', env).config.checks[0];
  if (loaded === undefined) throw new Error('the config lost its check');
  const { probe } = await loadProbe(loaded.type);
  return probe(loaded as never, makeProbeContext({ timeoutMs: 10_000 }));
}

describe('listenersDiscoverer', () => {
  it('finds redis-server as a tcp check with the redis handshake, the full redis check beside it', async () => {
    const finding = findingOn(redis.port);
    expect(finding).toMatchObject({
      key: `listen:127.0.0.1:${redis.port}`,
      group: 'databases',
      label: `Redis on 127.0.0.1:${redis.port} (redis-server)`,
      check: {
        id: `redis-${redis.port}`,
        type: 'tcp',
        host: '127.0.0.1',
        port: redis.port,
        handshake: 'redis',
      },
      fullCheck: { type: 'redis', url: `redis://127.0.0.1:${redis.port}` },
    });
    expect(finding.fullCheck).not.toHaveProperty('password'); // It asked for none.
    expect(await loadAndProbe(finding.check)).toMatchObject({ status: 'up', detail: { reply: '+PONG' } });
    expect((await loadAndProbe(finding.fullCheck ?? {})).status).toBe('up');
  });

  it('finds a redis-server with requirepass: up without the password, the full check with ${REDIS_PASSWORD}', async () => {
    const finding = findingOn(lockedRedis.port);
    expect(finding.fullCheck).toMatchObject({ type: 'redis', password: '${REDIS_PASSWORD}' });
    expect(finding.comment?.join('\n')).toContain('a password is required');
    expect(JSON.stringify(finding)).not.toContain(REDIS_SECRET);
    expect(await loadAndProbe(finding.check)).toMatchObject({ status: 'up', detail: { authRequired: true } });
    const full = await loadAndProbe(finding.fullCheck ?? {}, { REDIS_PASSWORD: REDIS_SECRET });
    expect(full.status, full.message).toBe('up');
  });

  it('finds PostgreSQL by its process, with the postgres handshake and a full check for a login role', async () => {
    const finding = findingOn(postgres.port);
    expect(finding).toMatchObject({
      group: 'databases',
      label: `PostgreSQL on 127.0.0.1:${postgres.port} (postgres)`,
      check: { id: `postgres-${postgres.port}`, type: 'tcp', port: postgres.port, handshake: 'postgres' },
      fullCheck: {
        type: 'postgres',
        url: `postgres://monitor@127.0.0.1:${postgres.port}/postgres`,
        password: '${POSTGRES_PASSWORD}',
      },
    });
    expect(await loadAndProbe(finding.check)).toMatchObject({
      status: 'up',
      detail: { reply: expect.stringMatching(/^[GN]$/) },
    });
    const full = await loadAndProbe(finding.fullCheck ?? {}, { POSTGRES_PASSWORD: MONITOR_SECRET });
    expect(full.status, full.message).toBe('up');
  });

  it('finds MariaDB by its process, named by the version it announced', async () => {
    const finding = findingOn(mariadb.port);
    expect(finding).toMatchObject({
      group: 'databases',
      label: `MariaDB on 127.0.0.1:${mariadb.port} (mariadbd)`,
      check: { id: `mariadb-${mariadb.port}`, name: `MariaDB (port ${mariadb.port})`, handshake: 'mysql' },
      fullCheck: {
        type: 'mysql',
        url: `mysql://monitor@127.0.0.1:${mariadb.port}`,
        password: '${MYSQL_PASSWORD}',
      },
    });
    expect(await loadAndProbe(finding.check)).toMatchObject({
      status: 'up',
      detail: { serverVersion: expect.stringContaining('MariaDB') },
    });
    const full = await loadAndProbe(finding.fullCheck ?? {}, { MYSQL_PASSWORD: MONITOR_SECRET });
    expect(full.status, full.message).toBe('up');
  });

  it('finds nginx on 127.0.0.1 and ::1 once, as an http check on the URL that answered', async () => {
    const finding = findingOn(nginx.port);
    expect(finding).toMatchObject({
      key: `listen:127.0.0.1:${nginx.port}`,
      group: 'web',
      label: `nginx (http://127.0.0.1:${nginx.port}/)`,
      check: { id: `nginx-${nginx.port}`, type: 'http', url: `http://127.0.0.1:${nginx.port}/` },
    });
    expect(finding.comment?.[0]).toMatch(
      new RegExp(`^nginx \\(pid ${nginx.pid}\\) listens on 127\\.0\\.0\\.1, ::1 port`),
    );
    const observation = await loadAndProbe(finding.check);
    expect(observation.status, observation.message).toBe('up');
    expect(NGINX_GREETING).toBe('vigil test nginx\n');
  });

  it('finds https on nginx with a self-signed certificate, and accepts that certificate', async () => {
    const finding = findingOn(nginxTls.port);
    expect(finding.check).toEqual({
      id: `nginx-${nginxTls.port}`,
      name: `nginx (port ${nginxTls.port})`,
      type: 'http',
      url: `https://127.0.0.1:${nginxTls.port}/`,
      insecure: true,
    });
    const observation = await loadAndProbe(finding.check);
    expect(observation.status, observation.message).toBe('up');
  });

  it('finds a node app server that answers HTTP', async () => {
    const finding = findingOn(app.port);
    expect(finding).toMatchObject({
      group: 'web',
      check: { type: 'http', url: `http://127.0.0.1:${app.port}/` },
    });
    expect((await loadAndProbe(finding.check)).status).toBe('up');
  });

  it('finds sshd (a fake replaying OpenSSH’s banner) as a tcp check on the SSH- banner', async () => {
    const finding = findingOn(fakeSshd.port);
    expect(finding).toMatchObject({
      group: 'services',
      label: `SSH on 127.0.0.1:${fakeSshd.port} (sshd)`,
      check: {
        id: `ssh-${fakeSshd.port}`,
        type: 'tcp',
        host: '127.0.0.1',
        port: fakeSshd.port,
        banner: 'SSH-',
      },
    });
    expect(finding.fullCheck).toBeUndefined();
    expect(await loadAndProbe(finding.check)).toMatchObject({
      status: 'up',
      detail: { banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' },
    });
  });

  it('finds one JupyterHub (fakes replaying /hub/api), on the proxy’s port, the hub’s own left out', async () => {
    const finding = findingOn(fakeProxy.port);
    const url = `http://127.0.0.1:${fakeProxy.port}`;
    expect(finding).toMatchObject({
      group: 'hpc',
      label: `JupyterHub (${url}/hub/api)`,
      check: { id: 'jupyterhub', type: 'http', url: `${url}/hub/api` },
      fullCheck: { id: 'jupyterhub', type: 'jupyterhub', url, token: '${JUPYTERHUB_API_TOKEN}' },
    });
    expect((await loadAndProbe(finding.check)).status).toBe('up');
    expect(discovery.findings.some((found) => found.key.endsWith(`:${fakeHub.port}`))).toBe(false);
    expect(discovery.leftOut).toContainEqual({
      label: `JupyterHub (http://127.0.0.1:${fakeHub.port}/hub/api)`,
      reason: `the same JupyterHub as JupyterHub (${url}/hub/api)`,
    });
  });

  it('leaves out a listener that accepts and never answers, within its probe timeout', () => {
    expect(discovery.findings.some((finding) => finding.key.endsWith(`:${silent.port}`))).toBe(false);
    expect(discovery.leftOut).toContainEqual({
      label: expect.stringMatching(new RegExp(`^port ${silent.port} \\(node`)),
      reason: 'does not answer HTTP within 1.5 s',
    });
    // Every listener of this machine was probed, several at once, each for 1.5 s at most.
    expect(discoveryMs).toBeLessThan(8000);
  });

  it('writes only checks the config accepts, the full ones once their variables are set, each under its own key', () => {
    const variables = {
      REDIS_PASSWORD: 'x',
      POSTGRES_PASSWORD: 'x',
      MYSQL_PASSWORD: 'x',
      JUPYTERHUB_API_TOKEN: 'x',
    };
    for (const finding of discovery.findings) {
      for (const [check, env] of [
        [finding.check, {}],
        ...(finding.fullCheck === undefined ? [] : [[finding.fullCheck, variables] as const]),
      ] as const) {
        const text = stringify({ checks: [check] });
        expect(parseConfigText(text, 'status.config.yaml', env).config.checks, text).toHaveLength(1);
      }
    }
    const keys = discovery.findings.map((finding) => finding.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('stops at the signal with what it has, the silent listener left out for want of time', async () => {
    // Cut after the /proc scan (which a loaded machine may stretch) and before the silent port's own
    // 1.5 s probe timeout: its probe is what the cut stops.
    const cut = await listenersDiscoverer.discover(makeContext(AbortSignal.timeout(1000)));
    expect(cut.leftOut).toContainEqual({
      label: expect.stringMatching(new RegExp(`^port ${silent.port} \\((node|unknown process)`)),
      reason: 'not probed: the time for listening ports ran out',
    });
  });
});
