import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runVigil } from '../../../helpers/run-vigil.ts';

let dir: string;
let wss: WebSocketServer;
let server: grpc.Server;
let wsPort: number;
let grpcPort: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-ws-grpc-'));
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(String(data))));
  await new Promise((resolve) => wss.once('listening', resolve));
  wsPort = (wss.address() as { port: number }).port;
  server = new grpc.Server();
  server.addService(
    {
      check: {
        path: '/grpc.health.v1.Health/Check',
        requestStream: false,
        responseStream: false,
        requestSerialize: (value: Buffer) => value,
        requestDeserialize: (bytes: Buffer) => ({ bytes }),
        responseSerialize: () => Buffer.from([0x08, 1]),
        responseDeserialize: (bytes: Buffer) => bytes,
      },
    },
    { check: (_call: unknown, callback: grpc.sendUnaryData<null>) => callback(null, null) },
  );
  grpcPort = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
});

afterAll(async () => {
  server.forceShutdown();
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

// The run exits by itself once the line is written: no WebSocket or gRPC handle is left open
// (runVigil kills a run that hangs and reports it as failed).
it('vigil collect with only websocket and grpc checks probes both and exits', async () => {
  const config = [
    'site: { title: Test }',
    'checks:',
    `  - { id: socket, type: websocket, url: "ws://127.0.0.1:${wsPort}/", send: hi, expect: hi }`,
    `  - { id: health, type: grpc, host: 127.0.0.1, port: ${grpcPort} }`,
    `  - { id: gone, type: grpc, host: 127.0.0.1, port: 1 }`,
  ].join('\n');
  await writeFile(path.join(dir, 'status.config.yaml'), `${config}\n`);
  const run = await runVigil(['collect', '--json'], { cwd: dir });
  expect(run.stderr).not.toMatch(/Error:/);
  expect(run.exitCode).toBe(0);
  const results = JSON.parse(run.stdout).results as { id: string; status: string }[];
  const statusOf = Object.fromEntries(results.map((result) => [result.id, result.status]));
  // gone: one failed run is not yet down (failuresBeforeDown 2), but it is not up.
  expect(statusOf).toEqual({ socket: 'up', health: 'up', gone: 'degraded' });
});
