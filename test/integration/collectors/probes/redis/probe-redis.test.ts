import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisProbe } from '../../../../../collectors/probes/redis/probe-redis.ts';
import { RedisCheckSchema } from '../../../../../core/model/index.ts';
import { type LoopbackServer, listenTcpOnLoopback } from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type RedisServer, startRedis } from '../../../../helpers/services/start-redis.ts';

const PASSWORD = 'redis-S3cret/pass';

const probe = (fields: Record<string, unknown>) =>
  redisProbe.probe(RedisCheckSchema.parse({ id: 'cache', type: 'redis', ...fields }), makeProbeContext());

describe('redis probe against a real redis-server without a password', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
    await server.cli('rpush', 'celery', 'job-1', 'job-2', 'job-3');
    await server.cli('rpush', 'resize', 'job-9');
    await server.cli('set', 'not-a-list', 'x');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is up with PONG latency, INFO metrics and the Celery queue length', async () => {
    const observation = await probe({ url: server.url });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^Redis \d+\.\d+\.\d+: PONG in [\d.]+ ms; queues: celery 3$/),
      metrics: {
        pingMs: expect.any(Number),
        usedMemoryBytes: expect.any(Number),
        peakMemoryBytes: expect.any(Number),
        connectedClients: expect.any(Number),
        opsPerSecond: expect.any(Number),
        totalCommands: expect.any(Number),
        uptimeSeconds: expect.any(Number),
        'queue:celery:length': 3,
      },
      detail: { version: expect.stringMatching(/^\d+\.\d+/), role: 'master', mode: 'standalone' },
    });
    expect(observation.metrics?.connectedClients).toBeGreaterThanOrEqual(1);
  });

  it('records every named queue; a missing list is an empty queue', async () => {
    const observation = await probe({ url: server.url, queues: ['celery', 'resize', 'thumbnails'] });
    expect(observation.metrics).toMatchObject({
      'queue:celery:length': 3,
      'queue:resize:length': 1,
      'queue:thumbnails:length': 0,
    });
  });

  it('is degraded when a queue name holds something other than a list', async () => {
    const observation = await probe({ url: server.url, queues: ['celery', 'not-a-list'] });
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /queue "not-a-list": WRONGTYPE Operation against a key holding the wrong kind of value$/,
    );
  });

  it('is down with ECONNREFUSED once the server is stopped mid-test', async () => {
    expect((await probe({ url: server.url })).status).toBe('up');
    await server.stop();
    expect(await probe({ url: server.url })).toEqual({
      status: 'down',
      message: `connect ECONNREFUSED 127.0.0.1:${server.port}`,
    });
  });
});

describe('redis probe against a real redis-server with requirepass', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis({ password: PASSWORD });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is up with the password given as a field', async () => {
    expect((await probe({ url: server.url, password: PASSWORD })).status).toBe('up');
  });

  it('is up with the password inside the URL', async () => {
    const url = `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}/0`;
    expect((await probe({ url })).status).toBe('up');
  });

  it('says NOAUTH when the check gives no password', async () => {
    expect(await probe({ url: server.url })).toEqual({
      status: 'down',
      message: 'authentication required (NOAUTH): the server has a password and the check gives none',
    });
  });

  it('says WRONGPASS for a wrong password, and never shows it', async () => {
    const observation = await probe({ url: server.url, password: 'wrong-Pa55' });
    expect(observation).toEqual({
      status: 'down',
      message: 'authentication failed (WRONGPASS): wrong password or user name',
    });
  });
});

describe('redis probe against a loopback server replaying Redis’s documented LOADING reply', () => {
  let fake: LoopbackServer | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('is down saying the server is loading its dataset', async () => {
    const tcp = createServer((socket) => {
      socket.on('data', () => socket.write('-LOADING Redis is loading the dataset in memory\r\n'));
    });
    fake = await listenTcpOnLoopback(tcp);
    expect(await probe({ url: `redis://127.0.0.1:${fake.port}` })).toEqual({
      status: 'down',
      message: 'loading its dataset into memory (LOADING): not answering commands yet',
    });
  });

  it('is down with "timed out" when the server never answers', async () => {
    fake = await listenTcpOnLoopback(createServer(() => {}));
    const check = RedisCheckSchema.parse({
      id: 'cache',
      type: 'redis',
      url: `redis://127.0.0.1:${fake.port}`,
    });
    const observation = await redisProbe.probe(check, makeProbeContext({ timeoutMs: 300 }));
    expect(observation).toEqual({
      status: 'down',
      message: expect.stringMatching(/^timed out after 300 ms (connecting|waiting for PONG)$/),
    });
  });
});
