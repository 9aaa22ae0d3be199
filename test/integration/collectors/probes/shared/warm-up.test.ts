import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { httpProbe } from '../../../../../collectors/probes/http/probe-http.ts';
import { WARM_UP_CHECKS } from '../../../../../collectors/probes/registry.ts';
import { warmUpOnLoopback } from '../../../../../collectors/probes/shared/warm-up.ts';
import { tcpProbe } from '../../../../../collectors/probes/tcp/probe-tcp.ts';
import { ConfigSchema, type TcpCheck } from '../../../../../core/model/index.ts';

const listeningServers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap').length;

// The warm-up checks as the coordinator hands them to a runner: parsed, with every default.
const [httpWarmUp, tcpWarmUp] = ConfigSchema.parse({
  checks: [
    { ...WARM_UP_CHECKS.http, id: 'warm-up-http' },
    { ...WARM_UP_CHECKS.tcp, id: 'warm-up-tcp' },
  ],
}).checks as [never, TcpCheck];
const atPort = (check: TcpCheck, port: number): TcpCheck => ({ ...check, port });

describe('warming a probe up on loopback before any check is timed', () => {
  it('runs the HTTP and TCP probes against a server of its own, then leaves nothing listening', async () => {
    const before = listeningServers();
    await httpProbe.preload?.(httpWarmUp);
    await tcpProbe.preload?.(tcpWarmUp);
    expect(listeningServers()).toBe(before);
  });

  it('probes the server it was given, twice, with the check it was handed pointed at that server', async () => {
    const seen: TcpCheck[] = [];
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.end();
    });
    await warmUpOnLoopback(server, tcpWarmUp, atPort, async (check, context) => {
      seen.push(check);
      await tcpProbe.probe(check, context);
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ id: 'warm-up-tcp', type: 'tcp', host: '127.0.0.1' });
    expect(seen[0]?.port).not.toBe(1);
    expect(connections).toBe(2);
    expect(server.listening).toBe(false);
  });

  it('never throws: a probe that fails or a server that cannot listen only skips the warm-up', async () => {
    await expect(
      warmUpOnLoopback(createServer(), tcpWarmUp, atPort, () => Promise.reject(new Error('boom'))),
    ).resolves.toBeUndefined();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    await expect(warmUpOnLoopback(taken, tcpWarmUp, atPort, async () => undefined)).resolves.toBeUndefined();
  });

  it('without a warm-up check (a probe preloaded in-process) does nothing and opens no server', async () => {
    const server = createServer();
    let probed = 0;
    await warmUpOnLoopback(server, undefined, atPort, async () => {
      probed += 1;
    });
    expect(probed).toBe(0);
    expect(server.listening).toBe(false);
  });
});
