import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTcp } from '../../../../../collectors/probes/tcp/probe-tcp.ts';
import { TcpCheckSchema } from '../../../../../core/model/index.ts';
import {
  findClosedPort,
  type LoopbackServer,
  listenTcpOnLoopback,
} from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A TCP server that runs `greet` on every connection and counts the connections that ended. */
async function startServer(greet: (socket: Socket) => void) {
  const closed: Promise<void>[] = [];
  const tcp = createServer((socket) => {
    closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
    greet(socket);
  });
  server = await listenTcpOnLoopback(tcp);
  return { port: server.port, allClosed: () => Promise.all(closed) };
}

function parseCheck(port: number, fields: Record<string, unknown> = {}) {
  return TcpCheckSchema.parse({ id: 'ssh', type: 'tcp', host: '127.0.0.1', port, ...fields });
}

describe('probeTcp', () => {
  it('reports up with the connect time when no banner is expected', async () => {
    const { port, allClosed } = await startServer(() => {});
    const observation = await probeTcp(parseCheck(port), makeProbeContext());
    expect(observation).toEqual({
      status: 'up',
      message: expect.stringMatching(/^connected in \d+ ms$/),
      metrics: { connectMs: expect.any(Number) },
    });
    await allClosed(); // The probe hung up: the server sees every connection end.
  });

  it('reads an SSH banner and records its first line', async () => {
    const { port } = await startServer((socket) => socket.write('SSH-2.0-OpenSSH_9.2\r\n'));
    const observation = await probeTcp(parseCheck(port, { banner: 'SSH-2.0' }), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^connected in \d+ ms, banner "SSH-2.0-OpenSSH_9.2"$/),
      detail: { banner: 'SSH-2.0-OpenSSH_9.2' },
    });
  });

  it('waits for a banner that arrives in pieces', async () => {
    const { port } = await startServer((socket) => {
      socket.write('SSH-');
      setImmediate(() => socket.write('2.0-dropbear\r\n'));
    });
    const observation = await probeTcp(parseCheck(port, { banner: 'SSH-2.0' }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'up', detail: { banner: 'SSH-2.0-dropbear' } });
  });

  it('reports a wrong banner with what the server said', async () => {
    const { port } = await startServer((socket) => socket.end('220 mail.example.org ESMTP Postfix\r\n'));
    const observation = await probeTcp(parseCheck(port, { banner: 'SSH-2.0' }), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'banner "SSH-2.0" not seen; got "220 mail.example.org ESMTP Postfix\\r\\n"',
      metrics: { connectMs: expect.any(Number) },
      detail: { banner: '220 mail.example.org ESMTP Postfix' },
    });
  });

  it('cuts a long greeting in the message', async () => {
    const { port } = await startServer((socket) => socket.end(`${'x'.repeat(100)}\n`));
    const observation = await probeTcp(parseCheck(port, { banner: 'SSH-2.0' }), makeProbeContext());
    expect(observation.message).toBe(`banner "SSH-2.0" not seen; got "${'x'.repeat(60)}…"`);
  });

  it('stops reading a server that talks on without the banner', async () => {
    const { port } = await startServer((socket) => socket.write('y'.repeat(10_000)));
    const observation = await probeTcp(parseCheck(port, { banner: 'SSH-2.0' }), makeProbeContext());
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^banner "SSH-2.0" not seen in the first 4096 bytes; got "y+…"$/);
  });

  it('says it connected but heard no banner from a server that accepts and never speaks', async () => {
    const { port, allClosed } = await startServer(() => {});
    const observation = await probeTcp(
      parseCheck(port, { banner: 'SSH-2.0' }),
      makeProbeContext({ timeoutMs: 300 }),
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: 'connected, no banner within 300 ms',
      metrics: { connectMs: expect.any(Number) },
    });
    await allClosed();
  });

  it('says it connected and quotes what came when the banner did not come in time', async () => {
    const { port } = await startServer((socket) => socket.write('220 mail ESMTP\r\n'));
    const observation = await probeTcp(
      parseCheck(port, { banner: 'SSH-2.0' }),
      makeProbeContext({ timeoutMs: 300 }),
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: 'connected, no banner "SSH-2.0" within 300 ms; got "220 mail ESMTP\\r\\n"',
    });
  });

  it('reports a refused connection with the address', async () => {
    const port = await findClosedPort();
    const observation = await probeTcp(parseCheck(port), makeProbeContext());
    expect(observation).toEqual({
      status: 'down',
      message: `connect ECONNREFUSED 127.0.0.1:${port}`,
      metrics: {},
    });
  });

  it('reports a timeout without connecting when the signal has already fired', async () => {
    const { port } = await startServer(() => {});
    const context = makeProbeContext({ signal: AbortSignal.abort(), timeoutMs: 2000 });
    const observation = await probeTcp(parseCheck(port), context);
    expect(observation).toEqual({ status: 'down', message: 'timed out after 2 s', metrics: {} });
  });
});
