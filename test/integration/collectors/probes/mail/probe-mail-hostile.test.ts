import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeImap } from '../../../../../collectors/probes/imap/probe-imap.ts';
import { probePop3 } from '../../../../../collectors/probes/pop3/probe-pop3.ts';
import { probeSmtp } from '../../../../../collectors/probes/smtp/probe-smtp.ts';
import { probeTls } from '../../../../../collectors/probes/tls/probe-tls.ts';
import {
  ImapCheckSchema,
  Pop3CheckSchema,
  SmtpCheckSchema,
  TlsCheckSchema,
} from '../../../../../core/model/index.ts';
import {
  findClosedPort,
  type LoopbackServer,
  listenTcpOnLoopback,
} from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

// Servers that misbehave, on loopback: what a down or hostile mail server does to the probe. Each
// records what it was sent, so the tests can check the probe still said goodbye where it could.
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(onConnection: (socket: Socket, received: string[]) => void) {
  const received: string[] = [];
  const closed: Promise<void>[] = [];
  server = await listenTcpOnLoopback(
    createServer((socket) => {
      closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
      socket.on('data', (chunk) => received.push(...chunk.toString('utf8').split('\r\n').filter(Boolean)));
      onConnection(socket, received);
    }),
  );
  return { port: server.port, received, allClosed: () => Promise.all(closed) };
}

const smtpCheck = (port: number, fields: Record<string, unknown> = {}) =>
  SmtpCheckSchema.parse({ id: 'mx', type: 'smtp', host: '127.0.0.1', port, ...fields });

describe('mail probes against servers that misbehave', () => {
  it('says "connected, no greeting within 1 s" for a server that accepts and never speaks', async () => {
    const { port, allClosed } = await startServer(() => {});
    const observation = await probeSmtp(smtpCheck(port), makeProbeContext({ timeoutMs: 1000 }));
    expect(observation).toMatchObject({ status: 'down', message: 'connected, no greeting within 1 s' });
    expect(observation.metrics).toHaveProperty('connectMs');
    await allClosed(); // the probe hung up
  });

  it('reports a closed port as the refused connect', async () => {
    const port = await findClosedPort();
    const observation = await probeImap(
      ImapCheckSchema.parse({ id: 'imap', type: 'imap', host: '127.0.0.1', port }),
      makeProbeContext(),
    );
    expect(observation).toMatchObject({ status: 'down', message: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('quotes what a server said before it hung up mid-greeting', async () => {
    const { port } = await startServer((socket) => socket.end('220-mx.example.org ESMTP\r\n220-still'));
    const observation = await probeSmtp(smtpCheck(port), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'connection closed before the greeting; got "220-mx.example.org ESMTP\\r\\n220-still"',
    });
  });

  it('stops reading a line longer than 4096 bytes', async () => {
    const { port } = await startServer((socket) => socket.write(`220 ${'x'.repeat(100_000)}`));
    const observation = await probeSmtp(smtpCheck(port), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'a line longer than 4096 bytes in the greeting',
    });
  });

  it('stops a reply that never ends past 65536 bytes', async () => {
    const { port } = await startServer((socket) => {
      socket.write('220 hello\r\n');
      socket.once('data', () => socket.write('250-keyword\r\n'.repeat(10_000)));
    });
    const observation = await probeSmtp(smtpCheck(port), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'the server sent more than 65536 bytes in the reply to EHLO',
    });
  });

  it('is down for something that is not a mail server, quoting it', async () => {
    const { port } = await startServer((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const observation = await probeSmtp(smtpCheck(port, { tls: 'none' }), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'not an SMTP greeting: "HTTP/1.1 400 Bad Request"',
    });
  });

  it('is down for a 554 greeting and still says QUIT', async () => {
    const { port, received, allClosed } = await startServer((socket) => {
      socket.write('554 mx.example.org no service for you\r\n');
      socket.on('data', () => socket.end('221 bye\r\n'));
    });
    const observation = await probeSmtp(smtpCheck(port), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'the server refused the session: "554 mx.example.org no service for you"',
      detail: { banner: '554 mx.example.org no service for you' },
    });
    await allClosed();
    expect(received).toEqual(['QUIT']);
  });

  it('is down when the greeting lacks the expected banner', async () => {
    const { port } = await startServer((socket) => socket.write('+OK hello\r\n'));
    const observation = await probePop3(
      Pop3CheckSchema.parse({
        id: 'pop',
        type: 'pop3',
        host: '127.0.0.1',
        port,
        tls: 'none',
        banner: 'Dovecot',
      }),
      makeProbeContext(),
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: 'greeting "+OK hello" does not contain "Dovecot"',
    });
  });

  it('refuses to go on when the server sends data after agreeing to STARTTLS (CVE-2011-0411)', async () => {
    const { port } = await startServer((socket) => {
      socket.write('220 mx ESMTP\r\n');
      socket.on('data', (chunk) => {
        const command = chunk.toString('utf8');
        if (command.startsWith('EHLO')) socket.write('250-mx\r\n250 STARTTLS\r\n');
        if (command.startsWith('STARTTLS')) socket.write('220 go ahead\r\n250 injected\r\n');
      });
    });
    const observation = await probeSmtp(smtpCheck(port), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'the server sent data after agreeing to STARTTLS',
    });
  });

  it('says which reply did not come: no reply to STARTTLS within 1 s', async () => {
    const { port } = await startServer((socket) => {
      socket.write('* OK ready\r\n');
      socket.on('data', (chunk) => {
        if (chunk.toString('utf8').startsWith('a1 '))
          socket.write('* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n');
      });
    });
    const observation = await probeImap(
      ImapCheckSchema.parse({ id: 'imap', type: 'imap', host: '127.0.0.1', port }),
      makeProbeContext({ timeoutMs: 1000 }),
    );
    expect(observation).toMatchObject({ status: 'down', message: 'no reply to STARTTLS within 1 s' });
  });

  it('tls: a plain-text server fails the handshake, in words', async () => {
    const { port } = await startServer((socket) => socket.end('220 not tls\r\n'));
    const observation = await probeTls(
      TlsCheckSchema.parse({ id: 'tls', type: 'tls', host: '127.0.0.1', port }),
      makeProbeContext(),
    );
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(
      /^(TLS handshake failed: .+|connection closed during the TLS handshake)$/,
    );
  });

  it('tls: a server that never answers the ClientHello times out in the handshake', async () => {
    const { port } = await startServer(() => {});
    const observation = await probeTls(
      TlsCheckSchema.parse({ id: 'tls', type: 'tls', host: '127.0.0.1', port }),
      makeProbeContext({ timeoutMs: 1000 }),
    );
    expect(observation).toMatchObject({ status: 'down', message: 'TLS handshake did not finish within 1 s' });
  });
});
