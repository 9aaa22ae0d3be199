import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jupyterhubProbe } from '../../../../../collectors/probes/jupyterhub/probe-jupyterhub.ts';
import { JupyterhubCheckSchema } from '../../../../../core/model/index.ts';
import {
  findClosedPort,
  type LoopbackServer,
  listenOnLoopback,
} from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const TOKEN = 'hub-secret-token-4242';
const USER_COUNT = 450;
const PAGE_MAX = 200;
const NOW = new Date('2025-06-01T12:00:00Z');
const TEMPLATE = JSON.parse(
  readFileSync(new URL('../../../../fixtures/jupyterhub/user-model.json', import.meta.url), 'utf8'),
);

/** 450 users: every 3rd active 10 minutes ago, every 5th with a ready server, every 7th (not 5th) spawning. */
const USERS = Array.from({ length: USER_COUNT }, (_, i) => {
  const lastActivity = new Date(NOW.getTime() - (i % 3 === 0 ? 10 : 180) * 60_000).toISOString();
  const ready = i % 5 === 0;
  const pending = !ready && i % 7 === 0 ? 'spawn' : null;
  const running = ready || pending !== null;
  return {
    ...TEMPLATE,
    name: `user${i}`,
    last_activity: lastActivity,
    server: ready ? `/user/user${i}/` : null,
    pending,
    servers: running ? { '': { ...TEMPLATE.servers[''], ready, pending, last_activity: lastActivity } } : {},
  };
});
const EXPECTED = { usersTotal: 450, usersActive: 150, serversRunning: 90, serversPending: 52 };

interface HubBehaviour {
  /** Ignore the pagination Accept header and answer bare lists, as hubs before 2.0 did. */
  legacy: boolean;
  healthStatus: number;
}

let hub: LoopbackServer;
let behaviour: HubBehaviour;
let userPageRequests: string[];

function answerUsers(req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.headers.authorization !== `token ${TOKEN}`) {
    res.writeHead(403, { 'content-type': 'application/json' }).end('{"status": 403, "message": "Forbidden"}');
    return;
  }
  userPageRequests.push(`${url.pathname}${url.search}`);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Math.min(Number(url.searchParams.get('limit') ?? PAGE_MAX), PAGE_MAX);
  const items = USERS.slice(offset, offset + limit);
  const paginated = !behaviour.legacy && req.headers.accept === 'application/jupyterhub-pagination+json';
  const nextOffset = offset + limit;
  const body = paginated
    ? {
        items,
        _pagination: {
          offset,
          limit,
          total: USERS.length,
          next:
            nextOffset < USERS.length
              ? { offset: nextOffset, limit, url: `/hub/api/users?offset=${nextOffset}&limit=${limit}` }
              : null,
        },
      }
    : items;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (url.pathname === '/hub/health') res.writeHead(behaviour.healthStatus).end();
    else if (url.pathname === '/hub/api/')
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"version": "5.2.1"}');
    else if (url.pathname === '/hub/api/users') answerUsers(req, res, url);
    else res.writeHead(404).end();
  });
  hub = await listenOnLoopback(server);
});

afterAll(async () => {
  await hub.close();
});

function probe(fields: Record<string, unknown> = {}) {
  behaviour = {
    legacy: false,
    healthStatus: 200,
    ...(fields.behaviour as Partial<HubBehaviour> | undefined),
  };
  userPageRequests = [];
  const { behaviour: _, ...checkFields } = fields;
  const check = JupyterhubCheckSchema.parse({
    id: 'hub',
    type: 'jupyterhub',
    url: `http://127.0.0.1:${hub.port}`,
    token: TOKEN,
    ...checkFields,
  });
  return jupyterhubProbe.probe(check, makeProbeContext({ now: () => NOW }));
}

describe('jupyterhub probe against a fake hub on loopback (450 users, 200 a page at most)', () => {
  it('reads every page: active users and running servers over all 450 users', async () => {
    const observation = await probe();
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(
        /^JupyterHub 5\.2\.1 healthy in \d+(\.\d)? m?s; 150 active users, 90 servers running$/,
      ),
      detail: { version: '5.2.1' },
    });
    expect(observation.metrics).toMatchObject({ ...EXPECTED, latencyMs: expect.any(Number) });
    expect(userPageRequests).toEqual([
      '/hub/api/users?offset=0&limit=200',
      '/hub/api/users?offset=200&limit=200',
      '/hub/api/users?offset=400&limit=200',
    ]);
  });

  it('follows the offsets the hub gives when it caps a larger page size', async () => {
    const observation = await probe({ pageSize: 500 });
    expect(observation.metrics).toMatchObject(EXPECTED);
    expect(userPageRequests).toHaveLength(3);
  });

  it('pages through a hub that ignores the pagination header (bare lists)', async () => {
    const observation = await probe({ behaviour: { legacy: true } });
    expect(observation.metrics).toMatchObject(EXPECTED);
    expect(userPageRequests).toHaveLength(3);
  });

  it('pages through bare lists capped at 200 even when asked for 500', async () => {
    const observation = await probe({ pageSize: 500, behaviour: { legacy: true } });
    expect(observation.metrics).toMatchObject(EXPECTED);
  });

  it('"active" follows activeWithin', async () => {
    const observation = await probe({ activeWithin: '4h' });
    expect(observation.metrics?.usersActive).toBe(450);
  });

  it('without a token only health and version are read', async () => {
    const observation = await probe({ token: undefined });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^JupyterHub 5\.2\.1 healthy in /),
    });
    expect(observation.metrics).not.toHaveProperty('usersTotal');
    expect(userPageRequests).toEqual([]);
  });

  it('a refused token is degraded (the hub is up), says which scopes, and never shows the token', async () => {
    const observation = await probe({ token: 'wrong-token-1234' });
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /users API refused the token \(HTTP 403\); it needs the list:users and read:users scopes$/,
    );
    expect(JSON.stringify(observation)).not.toContain('wrong-token-1234');
  });

  it('a failing /hub/health is down with the status code', async () => {
    const observation = await probe({ behaviour: { healthStatus: 503 } });
    expect(observation).toMatchObject({
      status: 'down',
      message: `HTTP 503 from http://127.0.0.1:${hub.port}/hub/health`,
    });
  });

  it('a hub that is not listening is down with the connect error', async () => {
    const port = await findClosedPort();
    const observation = await probe({ url: `http://127.0.0.1:${port}/` });
    expect(observation).toEqual({ status: 'down', message: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});
