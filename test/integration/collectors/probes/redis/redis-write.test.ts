import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisProbe } from '../../../../../collectors/probes/redis/probe-redis.ts';
import { checkRedisWrite } from '../../../../../collectors/probes/redis/redis-write.ts';
import { RedisCheckSchema } from '../../../../../core/model/index.ts';
import { RedisMetricsSchema } from '../../../../../core/results/redis.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type RedisServer, startRedis } from '../../../../helpers/services/start-redis.ts';

const PASSWORD = 'redis-Wr1te/S3cret';
const READER_PASSWORD = 'reader-Pa55/word';
const WRITE = { keyPrefix: 'vigil:probe:' };

const probe = (fields: Record<string, unknown>, timeoutMs = 5000) =>
  redisProbe.probe(
    RedisCheckSchema.parse({ id: 'cache', type: 'redis', queues: [], ...fields }),
    makeProbeContext({ timeoutMs }),
  );

async function keysUnder(server: RedisServer, pattern: string): Promise<string[]> {
  return (await server.cli('--scan', '--pattern', pattern)).stdout.split('\n').filter(Boolean);
}

describe('redis write round trip against a real redis-server and its read-only replica', () => {
  let primary: RedisServer;
  let replica: RedisServer;
  beforeAll(async () => {
    primary = await startRedis();
    replica = await startRedis({ args: ['--replicaof', '127.0.0.1', '0'] });
    await replica.cli('replicaof', '127.0.0.1', String(primary.port));
  });
  afterAll(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  it('is up with writeMs after SET, GET and DEL, and leaves no key behind', async () => {
    const observation = await probe({ url: primary.url, write: WRITE });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^Redis \d+\.\d+\.\d+: PONG in [\d.]+ ms; write round trip [\d.]+ ms$/),
      metrics: { pingMs: expect.any(Number), writeMs: expect.any(Number) },
    });
    expect(RedisMetricsSchema.safeParse(observation.metrics).success).toBe(true);
    expect(await keysUnder(primary, 'vigil:probe:*')).toEqual([]);
  });

  it('stores no writeMs and writes nothing without `write:` (the read-only check is unchanged)', async () => {
    const observation = await probe({ url: primary.url });
    expect(observation.status).toBe('up');
    expect(observation.metrics).not.toHaveProperty('writeMs');
    expect(observation.message).not.toMatch(/write/);
  });

  it('is down on a read-only replica, saying READONLY at SET', async () => {
    const readOnly = await probe({ url: replica.url });
    expect(readOnly.status).toBe('up');
    const observation = await probe({ url: replica.url, write: WRITE });
    expect(observation).toMatchObject({
      status: 'down',
      message: expect.stringMatching(
        /: PONG in [\d.]+ ms; write round trip failed at SET vigil:probe:[0-9a-f]{12}: read-only \(READONLY\): a replica, or a server that refuses writes$/,
      ),
      detail: { role: 'slave' },
    });
    expect(observation.metrics).not.toHaveProperty('writeMs');
  });
});

describe('redis write round trip when the key changes between SET and GET', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('says GET did not return the value, and deletes the key it SET all the same', async () => {
    const client = createClient({ url: server.url });
    await client.connect();
    try {
      // Another writer (a second connection) overwrites the key right after the probe's SET.
      const racing: Parameters<typeof checkRedisWrite>[0] = {
        set: async (key, value, options) => {
          const answer = await client.set(key, value, options);
          await server.cli('set', key, 'someone-else');
          return answer;
        },
        get: (key) => client.get(key),
        del: (key) => client.del(key),
      };
      const result = await checkRedisWrite(
        racing,
        { keyPrefix: 'vigil:race:', expiry: 60_000 },
        () => {},
        new AbortController().signal,
      );
      expect(result).toEqual({
        isOk: false,
        problem: expect.stringMatching(
          /^write round trip: GET vigil:race:[0-9a-f]{12} did not return the value just SET \(another value\)$/,
        ),
      });
      expect(await keysUnder(server, 'vigil:race:*')).toEqual([]);
    } finally {
      client.destroy();
    }
  });
});

describe('redis write round trip with requirepass and ACL users', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis({ password: PASSWORD });
    const reader = ['acl', 'setuser', 'reader', 'on', `>${READER_PASSWORD}`, '~*', '+@all', '-@write'];
    expect((await server.cli(...reader)).stdout.trim()).toBe('OK');
    const scoped = ['acl', 'setuser', 'scoped', 'on', `>${READER_PASSWORD}`, '~vigil:probe:*', '+@all'];
    expect((await server.cli(...scoped)).stdout.trim()).toBe('OK');
    const noDelete = [
      'acl',
      'setuser',
      'nodelete',
      'on',
      `>${READER_PASSWORD}`,
      '~*',
      '+@all',
      '-del',
      '-unlink',
    ];
    expect((await server.cli(...noDelete)).stdout.trim()).toBe('OK');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is up with the password in the URL, and the password appears nowhere in the result', async () => {
    const url = `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}/0`;
    const observation = await probe({ url, write: WRITE });
    expect(observation.status).toBe('up');
    expect(observation.metrics?.writeMs).toBeGreaterThan(0);
    expect(JSON.stringify(observation)).not.toContain(PASSWORD);
    expect(JSON.stringify(observation)).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('is down for an ACL user without write rights (NOPERM at SET), password never shown', async () => {
    const observation = await probe({
      url: server.url,
      username: 'reader',
      password: READER_PASSWORD,
      write: WRITE,
    });
    expect(observation).toMatchObject({
      status: 'down',
      message: expect.stringMatching(
        /write round trip failed at SET vigil:probe:[0-9a-f]{12}: no permission \(NOPERM\): the ACL user may not run this command or touch this key$/,
      ),
    });
    expect(JSON.stringify(observation)).not.toContain(READER_PASSWORD);
  });

  it('is up for a user allowed only the prefix, and down for a prefix outside it', async () => {
    const fields = { url: server.url, username: 'scoped', password: READER_PASSWORD };
    expect((await probe({ ...fields, write: WRITE })).status).toBe('up');
    const outside = await probe({ ...fields, write: { keyPrefix: 'app:' } });
    expect(outside.status).toBe('down');
    expect(outside.message).toMatch(/failed at SET app:[0-9a-f]{12}: no permission \(NOPERM\)/);
  });

  it('sets an expiry, so a key whose DEL is refused goes away by itself', async () => {
    const observation = await probe({
      url: server.url,
      username: 'nodelete',
      password: READER_PASSWORD,
      write: { keyPrefix: 'vigil:left:', expiry: '20s' },
    });
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(
      /write round trip failed at DEL vigil:left:[0-9a-f]{12}: no permission/,
    );
    const [left] = await keysUnder(server, 'vigil:left:*');
    expect(left).toMatch(/^vigil:left:[0-9a-f]{12}$/);
    const ttlMs = Number((await server.cli('pttl', left as string)).stdout.trim());
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(20_000);
  });
});

describe('redis write round trip against a real redis-server whose writes hang (CLIENT PAUSE … WRITE)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is down with "timed out … writing a key (SET)" while PING and INFO still answer', async () => {
    expect((await server.cli('client', 'pause', '3000', 'write')).stdout.trim()).toBe('OK');
    const observation = await probe({ url: server.url, write: WRITE }, 1500);
    expect(observation).toEqual({ status: 'down', message: 'timed out after 1.5 s writing a key (SET)' });
  });
});
