// The tcp check's `handshake` against real servers: redis-server (with and without requirepass),
// PostgreSQL and MariaDB on loopback ports, and loopback servers that answer wrong or not at all.
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeTcp } from '../../collectors/probes/tcp/probe-tcp.ts';
import { parseConfigText } from '../../core/config/load-config.ts';
import { TcpCheckSchema } from '../../core/model/index.ts';
import { type LoopbackServer, listenTcpOnLoopback } from '../helpers/loopback-server.ts';
import { makeProbeContext } from '../helpers/probe-context.ts';
import { type MariadbServer, startMariadb } from '../helpers/services/start-mariadb.ts';
import { type PostgresServer, startPostgres } from '../helpers/services/start-postgres.ts';
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';

function tcpCheck(port: number, handshake: string) {
  return TcpCheckSchema.parse({ id: 'db', type: 'tcp', host: '127.0.0.1', port, handshake });
}

function probe(port: number, handshake: string, timeoutMs = 5000) {
  return probeTcp(tcpCheck(port, handshake), makeProbeContext({ timeoutMs }));
}

describe('the handshake option in config', () => {
  it('is refused beside banner, and an unknown protocol named, each at its line and field', () => {
    const text = [
      'checks:',
      '  - { id: a, type: tcp, host: 127.0.0.1, port: 6379, handshake: redis }',
      '  - id: b',
      '    type: tcp',
      '    host: 127.0.0.1',
      '    port: 6379',
      '    banner: SSH-',
      '    handshake: redis',
      '  - { id: c, type: tcp, host: 127.0.0.1, port: 27017, handshake: mongodb }',
    ].join('\n');
    expect(() => parseConfigText(text, 'status.config.yaml', {})).toThrow(
      [
        'status.config.yaml: 2 problems:',
        '  status.config.yaml:8: checks[1].handshake: not with banner: both read what the server answers first; keep one of them, got "redis"',
        '  status.config.yaml:9: checks[2].handshake: expected one of redis, postgres, mysql, got "mongodb"',
      ].join('\n'),
    );
  });
});

describe('redis-server', () => {
  let open: RedisServer;
  let locked: RedisServer;
  beforeAll(async () => {
    [open, locked] = await Promise.all([startRedis(), startRedis({ password: 'handshake-secret' })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), locked?.stop()]);
  });

  it('answers PING with PONG', async () => {
    expect(await probe(open.port, 'redis')).toEqual({
      status: 'up',
      message: expect.stringMatching(/^connected in \d+ ms, Redis answered PING with "\+PONG"$/),
      metrics: { connectMs: expect.any(Number) },
      detail: { handshake: 'redis', reply: '+PONG' },
    });
  });

  it('with requirepass answers NOAUTH: up, and the message says a password is required', async () => {
    expect(await probe(locked.port, 'redis')).toMatchObject({
      status: 'up',
      message: expect.stringContaining('a password is required ("-NOAUTH Authentication required.")'),
      detail: { handshake: 'redis', authRequired: true },
    });
  });

  it('is not a PostgreSQL server', async () => {
    const observation = await probe(open.port, 'postgres', 1000);
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/a PostgreSQL reply to the GSSENCRequest; got /);
  });
});

describe('PostgreSQL', () => {
  let postgres: PostgresServer;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await postgres?.stop();
  });

  it('answers the GSSENCRequest with one byte, and PostgreSQL logs nothing for it', async () => {
    const log = path.join(postgres.socketDir, 'postgres.log');
    const before = await readFile(log, 'utf8');
    for (let run = 0; run < 3; run += 1)
      expect(await probe(postgres.port, 'postgres')).toEqual({
        status: 'up',
        message: expect.stringMatching(
          /^connected in \d+ ms, PostgreSQL answered the GSSENCRequest \(GSSAPI encryption (not )?offered\)$/,
        ),
        metrics: { connectMs: expect.any(Number) },
        detail: {
          handshake: 'postgres',
          reply: expect.stringMatching(/^[GN]$/),
          gssOffered: expect.any(Boolean),
        },
      });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await readFile(log, 'utf8')).slice(before.length)).toBe('');
  });

  it('is not a Redis server: it hangs up on PING', async () => {
    expect(await probe(postgres.port, 'redis')).toMatchObject({
      status: 'down',
      message: 'connection closed before a Redis reply to PING; got nothing',
    });
  });
});

describe('MariaDB', () => {
  let mariadb: MariadbServer;
  beforeAll(async () => {
    mariadb = await startMariadb();
  }, 120_000);
  afterAll(async () => {
    await mariadb?.stop();
  });

  it('sends its handshake with the server version', async () => {
    const observation = await probe(mariadb.port, 'mysql');
    expect(observation).toMatchObject({
      status: 'up',
      detail: { handshake: 'mysql', serverVersion: expect.stringMatching(/^\d+\.\d+\.\d+-MariaDB/) },
    });
    expect(observation.message).toMatch(/^connected in \d+ ms, MySQL handshake from "\d+\.\d+\.\d+-MariaDB/);
  });

  it('still answers when no account may connect from 127.0.0.1 (error 1130)', async () => {
    await mariadb.sql(
      "DROP USER IF EXISTS 'root'@'127.0.0.1'; DROP USER IF EXISTS 'root'@'::1'; FLUSH PRIVILEGES",
    );
    expect(await probe(mariadb.port, 'mysql')).toMatchObject({
      status: 'up',
      message: expect.stringContaining(
        `refuses this client: error 1130 "Host '127.0.0.1' is not allowed to connect to this MariaDB server"`,
      ),
      detail: { handshake: 'mysql', errorCode: 1130 },
    });
  });

  it('is not a Redis server: its greeting is quoted', async () => {
    const observation = await probe(mariadb.port, 'redis');
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^not a Redis reply to PING; got "[^"]+\\x00\\x00/);
  });
});

describe('loopback servers that do not speak the protocol', () => {
  const servers: LoopbackServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  async function serve(onConnection: (socket: Socket) => void): Promise<number> {
    const server = await listenTcpOnLoopback(createServer(onConnection));
    servers.push(server);
    return server.port;
  }

  it.each(['redis', 'postgres', 'mysql'])('%s: wrong bytes are down, quoted', async (handshake) => {
    const port = await serve((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const observation = await probe(port, handshake);
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(
      /^(not|connection closed before) an? .+; got "HTTP\/1\.1 400 Bad Request\\r\\n/,
    );
  });

  it.each(['redis', 'postgres', 'mysql'])('%s: silence is down at the timeout', async (handshake) => {
    const port = await serve(() => {});
    const startedAt = performance.now();
    const observation = await probe(port, handshake, 300);
    expect(performance.now() - startedAt).toBeLessThan(2000);
    expect(observation).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^timed out after 300 ms waiting for an? .+; got nothing$/),
      metrics: { connectMs: expect.any(Number) },
      detail: { handshake },
    });
  });

  it('a server that hangs up at once is down, never a throw', async () => {
    const port = await serve((socket) => socket.destroy());
    const observation = await probe(port, 'mysql');
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/connection closed before a MySQL handshake|ECONNRESET/);
  });
});
