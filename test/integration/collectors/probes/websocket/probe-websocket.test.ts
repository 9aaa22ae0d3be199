import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { probeWebsocket } from '../../../../../collectors/probes/websocket/probe-websocket.ts';
import { WebsocketCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real ws server on 127.0.0.1 behind a plain HTTP server (so a test can refuse the upgrade). */
async function startServer(setUp: (wss: WebSocketServer, http: Server) => void): Promise<string> {
  const http = createHttpServer();
  const wss = new WebSocketServer({ noServer: true });
  setUp(wss, http);
  if (http.listenerCount('upgrade') === 0)
    http.on('upgrade', (request, socket, head) =>
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)),
    );
  servers.push(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/socket`;
}

const check = (fields: Record<string, unknown>) =>
  WebsocketCheckSchema.parse({ id: 'ws', type: 'websocket', ...fields });

describe('probeWebsocket against a real ws server on 127.0.0.1', () => {
  it('echo: sends, expects the reply, records connect and reply times, passes headers', async () => {
    let seenToken: string | undefined;
    const url = await startServer((wss) =>
      wss.on('connection', (ws, request) => {
        seenToken = request.headers['x-token'] as string;
        ws.on('message', (data) => ws.send(`echo: ${String(data)}`));
      }),
    );
    const observation = await probeWebsocket(
      check({ url, send: 'ping', expect: 'echo: ping', headers: { 'X-Token': 'abc' } }),
      makeProbeContext(),
    );
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^connected in .+, reply in /);
    expect(observation.metrics).toEqual({ connectMs: expect.any(Number), replyMs: expect.any(Number) });
    expect(observation.detail).toEqual({ reply: 'echo: ping' });
    expect(seenToken).toBe('abc');
  });

  it('a server that speaks first satisfies expect without any send; a wrong text is down', async () => {
    const url = await startServer((wss) => wss.on('connection', (ws) => ws.send('hello\nworld')));
    expect((await probeWebsocket(check({ url, expect: 'hello' }), makeProbeContext())).status).toBe('up');
    const wrong = await probeWebsocket(check({ url, expect: 'bye' }), makeProbeContext());
    expect(wrong).toMatchObject({ status: 'down', message: 'first message does not contain "bye"' });
    expect(wrong.detail).toEqual({ reply: 'hello world' });
  });

  it('an upgrade rejected with 401 says so', async () => {
    const url = await startServer((_wss, http) =>
      http.on('upgrade', (_request, socket) =>
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'),
      ),
    );
    const observation = await probeWebsocket(check({ url }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: 'upgrade refused: HTTP 401' });
  });

  it('a server that never replies times out', async () => {
    const url = await startServer((wss) => wss.on('connection', () => {}));
    const observation = await probeWebsocket(
      check({ url, send: 'ping', expect: 'pong' }),
      makeProbeContext({ timeoutMs: 500 }),
    );
    expect(observation).toMatchObject({ status: 'down', message: 'timed out after 500 ms' });
    expect(observation.metrics?.connectMs).toEqual(expect.any(Number));
  });

  it('a server that closes with 1011 is down with the code', async () => {
    const url = await startServer((wss) => wss.on('connection', (ws) => ws.close(1011, 'oops')));
    const observation = await probeWebsocket(check({ url, expect: 'x' }), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'closed with code 1011 before any message',
    });
    expect(observation.detail).toEqual({ closeCode: 1011 });
  });

  it('a first message over the 1 MiB cap is down with the cap, not a throw', async () => {
    const url = await startServer((wss) =>
      wss.on('connection', (ws) => ws.send('x'.repeat(1_048_577), () => {})),
    );
    const observation = await probeWebsocket(check({ url, expect: 'x' }), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'first message longer than 1048576 bytes',
    });
    expect(observation.metrics?.connectMs).toEqual(expect.any(Number));
    expect(observation.detail).toEqual({});
  });

  it('nothing listening is refused', async () => {
    const url = await startServer(() => {});
    const port = new URL(url).port;
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const observation = await probeWebsocket(check({ url }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});
