import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { probeWebsocket } from '../../../../../collectors/probes/websocket/probe-websocket.ts';
import { WebsocketCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const DAY_MS = 86_400_000;
let server: Server;
let url: string;

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(Date.now() + 30.5 * DAY_MS),
  });
  server = createServer({ key: pems.private, cert: pems.cert });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.send('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const check = (fields: Record<string, unknown>) =>
  WebsocketCheckSchema.parse({ id: 'wss', type: 'websocket', url, expect: 'hello', ...fields });

it('wss with a self-signed certificate: down unless insecure; insecure records the days left', async () => {
  const rejected = await probeWebsocket(check({}), makeProbeContext());
  expect(rejected).toMatchObject({ status: 'down', message: 'self-signed certificate' });
  const accepted = await probeWebsocket(check({ insecure: true }), makeProbeContext());
  expect(accepted.status).toBe('up');
  // The 30-day certificate's days left, to a tenth as the other probes count them.
  expect(accepted.metrics?.certDaysLeft).toBeGreaterThan(29);
  expect(accepted.metrics?.certDaysLeft).toBeLessThanOrEqual(31);
  expect(accepted.detail).toMatchObject({ certProblem: 'self-signed certificate', reply: 'hello' });
});
