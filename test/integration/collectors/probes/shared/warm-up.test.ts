import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { httpProbe } from '../../../../../collectors/probes/http/probe-http.ts';
import { warmUpOnLoopback } from '../../../../../collectors/probes/shared/warm-up.ts';
import { tcpProbe } from '../../../../../collectors/probes/tcp/probe-tcp.ts';

const listeningServers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap').length;

describe('warming a probe up on loopback before any check is timed', () => {
  it('runs the HTTP and TCP probes against a server of its own, then leaves nothing listening', async () => {
    const before = listeningServers();
    await httpProbe.preload?.();
    await tcpProbe.preload?.();
    expect(listeningServers()).toBe(before);
  });

  it('probes the server it was given, twice, with the check it builds', async () => {
    const seen: unknown[] = [];
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.end();
    });
    await warmUpOnLoopback(
      server,
      (port) => ({ type: 'tcp', host: '127.0.0.1', port }),
      async (check, context) => {
        seen.push(check);
        await tcpProbe.probe(check, context);
      },
    );
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ id: 'warm-up', type: 'tcp', host: '127.0.0.1' });
    expect(connections).toBe(2);
    expect(server.listening).toBe(false);
  });

  it('never throws: a probe that fails or a server that cannot listen only skips the warm-up', async () => {
    await expect(
      warmUpOnLoopback(
        createServer(),
        (port) => ({ type: 'tcp', host: '127.0.0.1', port }),
        () => Promise.reject(new Error('boom')),
      ),
    ).resolves.toBeUndefined();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    await expect(
      warmUpOnLoopback(
        taken,
        () => ({ type: 'tcp', host: '127.0.0.1', port: 1 }),
        async () => undefined,
      ),
    ).resolves.toBeUndefined();
  });
});
