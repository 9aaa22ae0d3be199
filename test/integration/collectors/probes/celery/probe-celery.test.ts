import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { celeryProbe } from '../../../../../collectors/probes/celery/probe-celery.ts';
import type { Observation } from '../../../../../collectors/probes/probe-types.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { CeleryCheckSchema } from '../../../../../core/model/index.ts';
import { readResult } from '../../../../../core/results/index.ts';
import {
  findClosedPort,
  type LoopbackServer,
  listenTcpOnLoopback,
} from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import {
  CELERY_COMMAND,
  type CeleryApp,
  type CeleryWorkerProcess,
  hasCelery,
  startCeleryApp,
} from '../../../../helpers/services/start-celery.ts';
import { type RedisServer, startRedis } from '../../../../helpers/services/start-redis.ts';

// Real Celery 5 workers (Debian's python3-celery) on a real redis-server with a password, asked
// through the real command runner: `python3 -m celery inspect … --json`.

const PASSWORD = 'celery-Br0ker/S3cret';
const TIMEOUT_MS = 30_000;

const probe = (fields: Record<string, unknown>, timeoutMs = TIMEOUT_MS) =>
  celeryProbe.probe(
    CeleryCheckSchema.parse({ id: 'workers', type: 'celery', command: CELERY_COMMAND, ...fields }),
    makeProbeContext({ run: runCommand, timeoutMs }),
  );

function expectNoSecret(observation: Observation): void {
  const text = JSON.stringify(observation);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
}

/** Probes until `ready` holds (a worker takes its task from the queue a moment after it is sent). */
async function probeUntil(
  fields: Record<string, unknown>,
  ready: (o: Observation) => boolean,
): Promise<Observation> {
  let observation = await probe(fields);
  for (let tries = 1; tries < 10 && !ready(observation); tries += 1) observation = await probe(fields);
  return observation;
}

describe.skipIf(!hasCelery() && !process.env.CI)(
  'celery probe against real workers on a real redis broker',
  () => {
    let redis: RedisServer;
    let app: CeleryApp;
    let first: CeleryWorkerProcess;
    let second: CeleryWorkerProcess;
    beforeAll(async () => {
      redis = await startRedis({ password: PASSWORD });
      app = await startCeleryApp({ redis, password: PASSWORD });
      first = await app.startWorker('w1@vigil-test');
      // One task runs (the worker's only process sleeps), one waits prefetched, one waits for its countdown.
      await app.sendTask('tasks.sleepy', [600]);
      await app.sendTask('tasks.sleepy', [600]);
      await app.sendTask('tasks.add', [2, 3], { countdownSeconds: 3600 });
      const settled = await probeUntil(
        { broker: app.broker },
        (o) => o.metrics?.reserved === 1 && o.metrics?.scheduled === 1,
      );
      expect(settled.metrics).toMatchObject({ active: 1, reserved: 1, scheduled: 1 });
      // The second worker starts after the tasks are taken: it has none.
      second = await app.startWorker('w2@vigil-test');
    }, 180_000);
    afterAll(async () => {
      await app?.stop();
      await redis?.stop();
    });

    it('is up with both workers, their task counts and the registered tasks', async () => {
      const observation = await probe({ broker: app.broker, expectTasks: ['tasks.sleepy', 'tasks.add'] });
      expect(observation).toMatchObject({
        status: 'up',
        message: '2 workers: 1 active, 1 reserved, 1 scheduled; 2 tasks registered',
        metrics: {
          latencyMs: expect.any(Number),
          workers: 2,
          active: 1,
          reserved: 1,
          scheduled: 1,
          registeredTasks: 2,
        },
        detail: {
          askedThrough: 'celery inspect',
          workers: [
            {
              name: 'w1@vigil-test',
              active: 1,
              reserved: 1,
              scheduled: 1,
              registered: ['tasks.add', 'tasks.sleepy'],
            },
            {
              name: 'w2@vigil-test',
              active: 0,
              reserved: 0,
              scheduled: 0,
              registered: ['tasks.add', 'tasks.sleepy'],
            },
          ],
          registeredTasks: ['tasks.add', 'tasks.sleepy'],
        },
      });
      expectNoSecret(observation);
      // What is stored reads back with the celery result schema, unchanged.
      const stored = JSON.parse(JSON.stringify({ detail: observation.detail, metrics: observation.metrics }));
      const reading = readResult('celery', stored);
      expect(reading.success && reading.data).toMatchObject(stored);
    }, 60_000);

    it('loads the app (celery -A tasks) from its cwd', async () => {
      const observation = await probe({ broker: app.broker, app: 'tasks', cwd: app.dir });
      expect(observation).toMatchObject({ status: 'up', metrics: { workers: 2, registeredTasks: 2 } });
    }, 60_000);

    it('is down when a task the check expects is registered by no worker', async () => {
      const observation = await probe({ broker: app.broker, expectTasks: ['tasks.sleepy', 'tasks.resize'] });
      expect(observation.status).toBe('down');
      expect(observation.message).toMatch(/^not registered by any worker: tasks\.resize; 2 workers: /);
      expect(observation.detail).toMatchObject({ missingTasks: ['tasks.resize'] });
    }, 60_000);

    it('is down with the broker’s own words and no password when the broker is down', async () => {
      const port = await findClosedPort();
      const observation = await probe({
        broker: `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/0`,
      });
      expect(observation).toMatchObject({
        status: 'down',
        message: `inspect ping: Error 111 connecting to 127.0.0.1:${port}. Connection refused.`,
      });
      expectNoSecret(observation);
    }, 60_000);

    it('is down with WRONGPASS, never the password given, when the password is wrong', async () => {
      const observation = await probe({
        broker: `redis://:Wr0ng-${encodeURIComponent(PASSWORD)}@127.0.0.1:${redis.port}/0`,
      });
      expect(observation).toMatchObject({
        status: 'down',
        message: 'inspect ping: WRONGPASS invalid username-password pair or user is disabled.',
      });
      expect(JSON.stringify(observation)).not.toContain('Wr0ng');
    }, 60_000);

    it('is down within its timeout when the broker accepts and never answers (celery hangs)', async () => {
      const sockets = new Set<Socket>();
      const silent: LoopbackServer = await listenTcpOnLoopback(createServer((socket) => sockets.add(socket)));
      try {
        const observation = await probe(
          { broker: `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${silent.port}/0` },
          8000,
        );
        expect(observation).toEqual({
          status: 'down',
          message: 'timed out after 8 s waiting for celery inspect ping',
          metrics: { latencyMs: expect.any(Number) },
        });
        expect(sockets.size).toBeGreaterThan(0);
      } finally {
        await silent.close();
      }
    }, 60_000);

    it('is down when a worker has gone and minWorkers asks for two', async () => {
      expect((await probe({ broker: app.broker, minWorkers: 2 })).status).toBe('up');
      await second.kill();
      const observation = await probe({ broker: app.broker, minWorkers: 2 });
      expect(observation).toMatchObject({
        status: 'down',
        message:
          '1 of 2 workers answered (minWorkers 2); 1 worker: 1 active, 1 reserved, 1 scheduled; 2 tasks registered',
        metrics: { workers: 1, active: 1 },
        detail: { workers: [{ name: 'w1@vigil-test' }] },
      });
    }, 90_000);

    it('is down, saying nobody answered, once every worker has gone', async () => {
      await first.kill();
      const observation = await probe({ broker: app.broker });
      expect(observation).toMatchObject({
        status: 'down',
        message: 'no worker answered within 1 s',
        metrics: { workers: 0 },
        detail: { workers: [], registeredTasks: [] },
      });
      expect(observation.metrics).not.toHaveProperty('active');
    }, 60_000);
  },
);
