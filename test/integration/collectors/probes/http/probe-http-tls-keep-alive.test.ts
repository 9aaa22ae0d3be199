// Kept-alive HTTPS connections: a reused connection was verified when it was opened, and its
// certificate facts go with every check that reuses it; an insecure check never shares one.
// Against real HTTPS servers on 127.0.0.1; this file's worker trusts the test certificate.
import { createServer as createHttpsServer } from 'node:https';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../../../collectors/probes/http/probe-http.ts';
import { HttpCheckSchema } from '../../../../../core/model/index.ts';
import { type LoopbackServer, listenOnLoopback } from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const DAY_MS = 86_400_000;

interface CountingHttpsServer extends LoopbackServer {
  connections: () => number;
}

async function startHttpsServer(days: { from: number; to: number }): Promise<{
  server: CountingHttpsServer;
  cert: string;
}> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now + days.from * DAY_MS),
    notAfterDate: new Date(now + days.to * DAY_MS),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  let connections = 0;
  const https = createHttpsServer({ key: pems.private, cert: pems.cert }, (_request, response) =>
    response.end('secure ok'),
  );
  https.on('secureConnection', () => {
    connections += 1;
  });
  const listening = await listenOnLoopback(https);
  return { server: { ...listening, connections: () => connections }, cert: pems.cert };
}

let trusted: CountingHttpsServer;
let expired: CountingHttpsServer;
beforeAll(async () => {
  const fresh = await startHttpsServer({ from: -1, to: 30 });
  trusted = fresh.server;
  expired = (await startHttpsServer({ from: -90, to: -3 })).server;
  setDefaultCACertificates([...getCACertificates('default'), fresh.cert]);
});
afterAll(async () => {
  await trusted.close();
  await expired.close();
});

const check = (port: number, fields: Record<string, unknown> = {}) =>
  HttpCheckSchema.parse({
    id: 'web',
    type: 'http',
    url: `https://127.0.0.1:${port}/`,
    retries: 0,
    ...fields,
  });

describe('kept-alive HTTPS connections', () => {
  it('five checks of a verified origin share one connection, each with the certificate it was opened with', async () => {
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await probeHttp(check(trusted.port), makeProbeContext()));
    expect(results.map((result) => [result.status, result.message.startsWith('HTTP 200')])).toEqual(
      Array(5).fill(['up', true]),
    );
    expect(trusted.connections()).toBe(1);
    expect(results[0]?.metrics?.tlsMs).toBeTypeOf('number');
    for (const reused of results.slice(1)) {
      expect(reused.detail?.reusedConnection).toBe(true);
      expect(reused.metrics?.tlsMs).toBeUndefined();
      expect(reused.metrics?.certDaysLeft).toBeCloseTo(30, 0);
      expect(reused.detail?.certExpires).toBe(results[0]?.detail?.certExpires);
    }
  });

  it('insecure checks open a connection each time and never leave one for a verifying check', async () => {
    for (let i = 0; i < 3; i += 1) {
      const result = await probeHttp(check(expired.port, { insecure: true }), makeProbeContext());
      expect(result.status).toBe('up');
      expect(result.detail?.certProblem).toBe('certificate has expired');
    }
    expect(expired.connections()).toBe(3);
    // A verifying check of the same origin is refused as before: nothing insecure was kept for it.
    const verifying = await probeHttp(check(expired.port), makeProbeContext());
    expect(verifying).toMatchObject({ status: 'down', message: 'certificate has expired' });
  });
});
