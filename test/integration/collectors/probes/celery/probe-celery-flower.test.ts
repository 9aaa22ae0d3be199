import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { celeryProbe } from '../../../../../collectors/probes/celery/probe-celery.ts';
import { CeleryCheckSchema } from '../../../../../core/model/index.ts';
import { type LoopbackServer, listenOnLoopback } from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

// Flower is not packaged here: a loopback HTTP server replays its documented /api/workers answer
// (test/fixtures/celery/flower-api-workers-replay.json), timestamps moved to the test's clock.

const REPLAY = JSON.parse(
  readFileSync(
    new URL('../../../../fixtures/celery/flower-api-workers-replay.json', import.meta.url),
    'utf8',
  ),
) as Record<string, { timestamp: number }>;
const FLOWER_PASSWORD = 'fl0wer-Basic/Secret';
const NOW_MS = Date.parse('2026-12-02T01:00:00Z');

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** The replay as Flower would answer at NOW_MS: worker1 and worker2 just refreshed, worker3 gone an hour. */
function replayAt(nowMs: number): string {
  const shifted = Object.fromEntries(
    Object.entries(REPLAY).map(([name, entry]) => [
      name,
      { ...entry, timestamp: nowMs / 1000 - (name === 'celery@worker3' ? 3600 : 0.4) },
    ]),
  );
  return JSON.stringify(shifted);
}

describe('celery probe reading a replay of Flower’s /api/workers on loopback', () => {
  let handler: Handler = () => {};
  let server: LoopbackServer;
  const seen: { url: string; authorization: string | undefined }[] = [];
  beforeAll(async () => {
    server = await listenOnLoopback(
      createServer((request, response) => {
        seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
        handler(request, response);
      }),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  const probe = (fields: Record<string, unknown> = {}, timeoutMs = 5000) =>
    celeryProbe.probe(
      CeleryCheckSchema.parse({
        id: 'workers',
        type: 'celery',
        flower: `http://127.0.0.1:${server.port}`,
        ...fields,
      }),
      makeProbeContext({ timeoutMs, now: () => new Date(NOW_MS) }),
    );

  it('counts the fresh workers, not the one Flower remembers from an hour ago', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(replayAt(NOW_MS));
    };
    const observation = await probe({ minWorkers: 2, expectTasks: ['tasks.sleep'] });
    expect(seen.at(-1)?.url).toBe('/api/workers?refresh=1');
    expect(observation).toMatchObject({
      status: 'up',
      message: '2 workers: 1 active, 2 reserved, 1 scheduled; 5 tasks registered',
      metrics: {
        latencyMs: expect.any(Number),
        workers: 2,
        active: 1,
        reserved: 2,
        scheduled: 1,
        registeredTasks: 5,
      },
      detail: {
        askedThrough: 'Flower',
        workers: [
          {
            name: 'celery@worker1',
            registered: ['tasks.add', 'tasks.echo', 'tasks.error', 'tasks.retry', 'tasks.sleep'],
          },
          {
            name: 'celery@worker2',
            active: 1,
            reserved: 2,
            scheduled: 1,
            registered: ['tasks.add', 'tasks.sleep'],
          },
        ],
      },
    });
  });

  it('is down when fewer fresh workers than minWorkers are left', async () => {
    const observation = await probe({ minWorkers: 3 });
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^2 of 3 workers answered \(minWorkers 3\); 2 workers: /);
  });

  it('is down when every worker Flower lists is stale', async () => {
    const observation = await celeryProbe.probe(
      CeleryCheckSchema.parse({ id: 'workers', type: 'celery', flower: `http://127.0.0.1:${server.port}` }),
      makeProbeContext({ timeoutMs: 5000, now: () => new Date(NOW_MS + 2 * 3_600_000) }),
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: 'no worker answered in the last 65 s (Flower)',
      metrics: { workers: 0 },
    });
  });

  it('sends basic-auth credentials from the URL and never shows them', async () => {
    handler = (_request, response) => {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="flower"' }).end('Unauthorized');
    };
    const observation = await probe({
      flower: `http://monitor:${encodeURIComponent(FLOWER_PASSWORD)}@127.0.0.1:${server.port}/`,
    });
    expect(seen.at(-1)?.authorization).toBe(
      `Basic ${Buffer.from(`monitor:${FLOWER_PASSWORD}`).toString('base64')}`,
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: 'Flower refused the request (HTTP 401): check the credentials in flower',
    });
    expect(JSON.stringify(observation)).not.toContain('fl0wer');
  });

  it.each([
    ['an HTML page', 200, '<html>Flower</html>', 'Flower answered HTTP 200 but not with JSON'],
    ['a server error', 503, 'Failed to update workers', 'Flower answered HTTP 503'],
  ])('is down on %s', async (_name, code, body, message) => {
    handler = (_request, response) => response.writeHead(code).end(body);
    expect(await probe()).toMatchObject({ status: 'down', message });
  });

  it('is down, not out of memory, on a reply longer than maxOutputBytes', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `"${'x'.repeat(65_536)}",`;
      response.write('{"celery@huge": {"registered": [');
      const pump = () => {
        while (response.write(chunk)) {}
        response.once('drain', pump);
      };
      pump();
      response.on('close', () => response.removeAllListeners('drain'));
    };
    expect(await probe({ maxOutputBytes: 65_536 })).toMatchObject({
      status: 'down',
      message: "Flower's reply is longer than maxOutputBytes (65536); raise it",
    });
  });

  it('is down within its timeout when Flower accepts and never answers', async () => {
    handler = () => {};
    expect(await probe({}, 1500)).toEqual({
      status: 'down',
      message: 'timed out after 1.5 s waiting for Flower',
    });
  });

  it('is down with the reason when Flower closes the connection mid-answer', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      response.write('{"celery@worker1": {');
      response.socket?.destroy();
    };
    const observation = await probe();
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^Flower: /);
  });
});
