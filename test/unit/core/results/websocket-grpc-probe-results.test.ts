import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import * as grpc from '@grpc/grpc-js';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { probeGrpc } from '../../../../collectors/probes/grpc/probe-grpc.ts';
import type { Observation } from '../../../../collectors/probes/probe-types.ts';
import { probeWebsocket } from '../../../../collectors/probes/websocket/probe-websocket.ts';
import { GrpcCheckSchema, WebsocketCheckSchema } from '../../../../core/model/index.ts';
import { findClosedPort, type LoopbackServer, listenOnLoopback } from '../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../helpers/probe-context.ts';
import { expectReadable } from './expect-readable.ts';

// The websocket and grpc probes against real ws and @grpc/grpc-js servers on 127.0.0.1, up and
// down: what they return must read back with their result schemas, unchanged.

const DAY_MS = 86_400_000;
const closers: (() => Promise<void> | void)[] = [];
let wsPort = 0;
let wssPort = 0;
let grpcPort = 0;
let closedPort = 0;

/** ws on a plain HTTP server: /echo echoes, /close closes with 1011, /refuse answers the upgrade 401. */
async function startWs(): Promise<LoopbackServer> {
  const http = createHttpServer();
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, socket, head) => {
    if (request.url === '/refuse') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (request.url === '/close') ws.close(1011, 'oops');
      else ws.on('message', (data) => ws.send(`echo: ${String(data)}`));
    });
  });
  return listenOnLoopback(http);
}

/** wss with a self-signed certificate that says hello first. */
async function startWss(): Promise<LoopbackServer> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(Date.now() + 30.5 * DAY_MS),
  });
  const https = createHttpsServer({ key: pems.private, cert: pems.cert });
  new WebSocketServer({ server: https }).on('connection', (ws) => ws.send('hello'));
  return listenOnLoopback(https);
}

/** grpc.health.v1.Health/Check from a status table; a service not in it is NOT_FOUND. */
async function startGrpc(statuses: Record<string, number>): Promise<number> {
  const server = new grpc.Server();
  server.addService(
    {
      check: {
        path: '/grpc.health.v1.Health/Check',
        requestStream: false,
        responseStream: false,
        requestSerialize: (request: Buffer) => request,
        requestDeserialize: (bytes: Buffer) => ({
          service: bytes.length === 0 ? '' : bytes.subarray(2).toString('utf8'),
        }),
        responseSerialize: (status: number) => Buffer.from([0x08, status]),
        responseDeserialize: (bytes: Buffer) => bytes,
      },
    },
    {
      check: (
        call: grpc.ServerUnaryCall<{ service: string }, number>,
        callback: grpc.sendUnaryData<number>,
      ) => {
        const status = statuses[call.request.service];
        if (status === undefined) callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
        else callback(null, status);
      },
    },
  );
  closers.push(() => server.forceShutdown());
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
}

beforeAll(async () => {
  const ws = await startWs();
  const wss = await startWss();
  closers.push(ws.close, wss.close);
  wsPort = ws.port;
  wssPort = wss.port;
  grpcPort = await startGrpc({ '': 1, api: 2 });
  closedPort = await findClosedPort();
});
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
});

// Fields as functions: the ports are known only once beforeAll has run.
const websocket = (fields: () => Record<string, unknown>) => () =>
  probeWebsocket(
    WebsocketCheckSchema.parse({ id: 'ws', type: 'websocket', ...fields() }),
    makeProbeContext(),
  );
const health = (fields: () => Record<string, unknown>) => () =>
  probeGrpc(
    GrpcCheckSchema.parse({ id: 'grpc', type: 'grpc', host: '127.0.0.1', port: grpcPort, ...fields() }),
    makeProbeContext(),
  );

describe('websocket and grpc results read with their schemas', () => {
  it.each([
    [
      'websocket, echo',
      'websocket' as const,
      websocket(() => ({ url: `ws://127.0.0.1:${wsPort}/echo`, send: 'ping', expect: 'echo: ping' })),
      'up',
    ],
    [
      'websocket, wrong reply',
      'websocket' as const,
      websocket(() => ({ url: `ws://127.0.0.1:${wsPort}/echo`, send: 'ping', expect: 'pong' })),
      'down',
    ],
    [
      'websocket, closed with 1011',
      'websocket' as const,
      websocket(() => ({ url: `ws://127.0.0.1:${wsPort}/close`, expect: 'x' })),
      'down',
    ],
    [
      'websocket, upgrade refused',
      'websocket' as const,
      websocket(() => ({ url: `ws://127.0.0.1:${wsPort}/refuse` })),
      'down',
    ],
    [
      'websocket, refused',
      'websocket' as const,
      websocket(() => ({ url: `ws://127.0.0.1:${closedPort}/` })),
      'down',
    ],
    [
      'wss, self-signed, insecure',
      'websocket' as const,
      websocket(() => ({ url: `wss://127.0.0.1:${wssPort}/`, expect: 'hello', insecure: true })),
      'up',
    ],
    [
      'wss, self-signed',
      'websocket' as const,
      websocket(() => ({ url: `wss://127.0.0.1:${wssPort}/`, expect: 'hello' })),
      'down',
    ],
    ['grpc, SERVING', 'grpc' as const, health(() => ({})), 'up'],
    ['grpc, NOT_SERVING', 'grpc' as const, health(() => ({ service: 'api' })), 'down'],
    ['grpc, unknown service', 'grpc' as const, health(() => ({ service: 'nope' })), 'down'],
    ['grpc, refused', 'grpc' as const, health(() => ({ port: closedPort })), 'down'],
  ] as [string, 'websocket' | 'grpc', () => Promise<Observation>, string][])(
    '%s',
    async (_name, type, observe, status) => {
      const observation = await observe();
      expect(observation.status).toBe(status);
      expectReadable(type, observation);
    },
  );
});
