import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerProbe } from '../../../../collectors/probes/docker/probe-docker.ts';
import { hostProbe } from '../../../../collectors/probes/host/probe-host.ts';
import { httpProbe } from '../../../../collectors/probes/http/probe-http.ts';
import { jupyterhubProbe } from '../../../../collectors/probes/jupyterhub/probe-jupyterhub.ts';
import type { Observation } from '../../../../collectors/probes/probe-types.ts';
import { queueMetricName } from '../../../../collectors/probes/redis/probe-redis.ts';
import { parseRedisInfo, summarizeRedisInfo } from '../../../../collectors/probes/redis/redis-info.ts';
import { describeSqlAnswer } from '../../../../collectors/probes/sql/sql-metrics.ts';
import { sqliteProbe } from '../../../../collectors/probes/sqlite/probe-sqlite.ts';
import { tcpProbe } from '../../../../collectors/probes/tcp/probe-tcp.ts';
import {
  type CheckType,
  DockerCheckSchema,
  HostCheckSchema,
  HttpCheckSchema,
  JupyterhubCheckSchema,
  SqliteCheckSchema,
  TcpCheckSchema,
} from '../../../../core/model/index.ts';
import { startHttpTestServer } from '../../../helpers/http-test-server.ts';
import { findClosedPort, listenOnLoopback, listenTcpOnLoopback } from '../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../helpers/probe-context.ts';
import { expectReadable, readFixture } from './expect-readable.ts';

// Each probe that talks to a service, against a loopback stand-in fed with captured answers (the
// Docker Engine API, JupyterHub's REST API), the machine itself (host, sqlite), or, where a real
// server is needed (Redis, PostgreSQL, MySQL), the pure functions its observation is built from.

let dir: string;
const closers: (() => Promise<void>)[] = [];
let httpBase: string;
let bannerPort: number;
let closedPort: number;
let hubBase: string;
let dockerSocket: string;
let sqlitePath: string;

const DOCKER_NAMES = ['web', 'db', 'queue', 'migrate', 'worker'];
const HUB_USER = JSON.parse(readFixture('jupyterhub/user-model.json')) as Record<string, unknown>;

/** The Engine API's two calls the probe makes, answered with the captured `docker inspect` output. */
function serveDockerEngine(): Server {
  const inspected = new Map(
    DOCKER_NAMES.map((name) => {
      const container = JSON.parse(readFixture(`docker/inspect-${name}.json`));
      // As `docker compose up` labels them: project "shop", one service per container.
      const labels = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': name };
      return [name, { ...container, Config: { ...container.Config, Labels: labels } }];
    }),
  );
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://docker');
    const one = /\/containers\/([^/]+)\/json$/.exec(url.pathname)?.[1];
    const send = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname.endsWith('/containers/json')) {
      send(
        [...inspected].map(([name, container]) => ({
          Id: name,
          Names: [`/${name}`],
          Labels: container.Config.Labels,
        })),
      );
    } else if (one !== undefined && inspected.has(one)) send(inspected.get(one));
    else res.writeHead(404).end('{"message": "no such container"}');
  });
}

function serveJupyterhub(): Server {
  const users = [
    { ...HUB_USER, name: 'ada', last_activity: new Date().toISOString() },
    { ...HUB_USER, name: 'bob', servers: {}, server: null, last_activity: '2020-01-01T00:00:00Z' },
  ];
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/hub/health') res.writeHead(200).end();
    else if (url.pathname === '/hub/api/') json({ version: '5.2.1' });
    else if (url.pathname === '/hub/api/users') json({ items: users, _pagination: { total: 2, next: null } });
    else res.writeHead(404).end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-results-'));
  const http = await startHttpTestServer();
  httpBase = http.baseUrl;
  const banner = await listenTcpOnLoopback(
    createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n')),
  );
  bannerPort = banner.port;
  closedPort = await findClosedPort();
  const hub = await listenOnLoopback(serveJupyterhub());
  hubBase = `http://127.0.0.1:${hub.port}`;
  dockerSocket = path.join(dir, 'docker.sock');
  const engine = serveDockerEngine();
  await new Promise<void>((resolve) => engine.listen(dockerSocket, resolve));
  sqlitePath = path.join(dir, 'jobs.db');
  const database = new DatabaseSync(sqlitePath);
  database.exec("CREATE TABLE jobs (state TEXT); INSERT INTO jobs VALUES ('queued'), ('queued'), ('done');");
  database.close();
  closers.push(
    http.close,
    banner.close,
    hub.close,
    () => new Promise((resolve) => engine.close(() => resolve())),
  );
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await rm(dir, { recursive: true, force: true });
});

interface ProbeCase {
  name: string;
  type: CheckType;
  observe: () => Promise<Observation>;
  hasDetail: boolean;
}

function http(fields: Record<string, unknown>, timeoutMs = 5000): () => Promise<Observation> {
  return () => {
    const url = String(fields.url).replace('BASE', httpBase);
    const check = HttpCheckSchema.parse({ id: 'web', type: 'http', ...fields, url });
    return httpProbe.probe(check, makeProbeContext({ timeoutMs }));
  };
}

function tcp(fields: () => Record<string, unknown>): () => Promise<Observation> {
  return () =>
    tcpProbe.probe(
      TcpCheckSchema.parse({ id: 'ssh', type: 'tcp', host: '127.0.0.1', ...fields() }),
      makeProbeContext(),
    );
}

function docker(fields: Record<string, unknown>): () => Promise<Observation> {
  return () =>
    dockerProbe.probe(
      DockerCheckSchema.parse({ id: 'shop', type: 'docker', socketPath: dockerSocket, ...fields }),
      makeProbeContext(),
    );
}

const CASES: ProbeCase[] = [
  {
    name: 'http: JSON body with a metric',
    type: 'http',
    // A fresh connection each: a reused one adds `reusedConnection` to the detail (its own tests).
    observe: http({
      url: 'BASE/json',
      json: [{ path: '$.queue.depth', metric: 'queueDepth' }],
      reuseConnection: false,
    }),
    hasDetail: false,
  },
  { name: 'http: a redirect followed', type: 'http', observe: http({ url: 'BASE/old' }), hasDetail: true },
  {
    name: 'http: 503',
    type: 'http',
    observe: http({ url: 'BASE/unavailable', reuseConnection: false }),
    hasDetail: false,
  },
  {
    name: 'http: a server that never answers',
    type: 'http',
    observe: http({ url: 'BASE/hang' }, 300),
    hasDetail: true,
  },
  {
    name: 'tcp: an SSH banner',
    type: 'tcp',
    observe: tcp(() => ({ port: bannerPort, banner: 'SSH-2.0' })),
    hasDetail: true,
  },
  { name: 'tcp: refused', type: 'tcp', observe: tcp(() => ({ port: closedPort })), hasDetail: false },
  {
    name: 'docker: containers by name, one missing',
    type: 'docker',
    observe: docker({ containers: [...DOCKER_NAMES, 'gone'] }),
    hasDetail: true,
  },
  {
    name: 'docker: a Compose project with an expected service missing',
    type: 'docker',
    observe: docker({ composeProject: 'shop', services: ['web', 'cache'] }),
    hasDetail: true,
  },
  {
    name: 'docker: no Engine at the socket',
    type: 'docker',
    observe: () =>
      dockerProbe.probe(
        DockerCheckSchema.parse({
          id: 'd',
          type: 'docker',
          containers: ['web'],
          socketPath: path.join(dir, 'none.sock'),
        }),
        makeProbeContext(),
      ),
    hasDetail: false,
  },
  {
    name: 'jupyterhub: health, version and users',
    type: 'jupyterhub',
    observe: () =>
      jupyterhubProbe.probe(
        JupyterhubCheckSchema.parse({ id: 'hub', type: 'jupyterhub', url: hubBase, token: 'secret' }),
        makeProbeContext(),
      ),
    hasDetail: true,
  },
  {
    name: 'sqlite: a metric query and a failing one',
    type: 'sqlite',
    observe: () =>
      sqliteProbe.probe(
        SqliteCheckSchema.parse({
          id: 'jobs',
          type: 'sqlite',
          path: sqlitePath,
          queries: {
            queued: "SELECT count(*) FROM jobs WHERE state = 'queued'",
            broken: 'SELECT nope FROM jobs',
          },
        }),
        makeProbeContext(),
      ),
    hasDetail: true,
  },
  {
    name: 'sqlite: tables, one read (cut to maxRows) and one failing',
    type: 'sqlite',
    observe: () =>
      sqliteProbe.probe(
        SqliteCheckSchema.parse({
          id: 'jobs',
          type: 'sqlite',
          path: sqlitePath,
          tables: {
            queued: { query: "SELECT rowid, state FROM jobs WHERE state = 'queued'", maxRows: 1 },
            broken: { query: 'SELECT nope FROM jobs', title: 'Broken' },
          },
        }),
        makeProbeContext(),
      ),
    hasDetail: true,
  },
  {
    name: 'redis: INFO of Redis 7.0.15, a queue length',
    type: 'redis',
    observe: async () => {
      const info = summarizeRedisInfo(parseRedisInfo(readFixture('redis/info-7.0.15.txt')));
      return {
        status: 'up',
        message: 'Redis 7.0.15: PONG in 0.4 ms',
        metrics: { pingMs: 0.4, ...info.metrics, [queueMetricName('celery')]: 3 },
        detail: info.detail,
      };
    },
    hasDetail: true,
  },
  ...(['postgres', 'mysql'] as const).map((type) => ({
    name: `${type}: SELECT 1, size, one query failing`,
    type,
    observe: async () =>
      describeSqlAnswer({
        server: type === 'postgres' ? 'PostgreSQL 16.4' : 'MariaDB 10.11.6',
        version: type === 'postgres' ? '16.4 (Debian 16.4-1.pgdg120+1)' : '10.11.6-MariaDB-0+deb12u1',
        connectMs: 2.1,
        queryMs: 0.8,
        sizeBytes: 7_553_024,
        outcome: { metrics: { activeSessions: 4 }, failures: ['query "stale" returned NULL'] },
        queryCount: 2,
      }),
    hasDetail: true,
  })),
];

describe('what probes that talk to services store reads with their result schemas', () => {
  it.each(CASES)('$name', async ({ type, observe, hasDetail }) => {
    const observation = await observe();
    expect(expectReadable(type, observation)).toEqual({ hasDetail });
  });

  it('host: this machine, on a first run (no rates yet) and the next (rates from kept counters)', async () => {
    const check = HostCheckSchema.parse({ id: 'local', type: 'host' });
    const first = await hostProbe.probe(check, makeProbeContext({ timeoutMs: 20_000 }));
    expect(expectReadable('host', first)).toEqual({ hasDetail: true });
    const later = new Date(Date.now() + 5000);
    const second = await hostProbe.probe(
      check,
      makeProbeContext({ timeoutMs: 20_000, previousState: first.state, now: () => later }),
    );
    expect(expectReadable('host', second)).toEqual({ hasDetail: true });
  }, 30_000);
});
