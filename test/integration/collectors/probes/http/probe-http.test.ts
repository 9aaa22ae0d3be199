import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../../../collectors/probes/http/probe-http.ts';
import { HttpCheckSchema } from '../../../../../core/model/index.ts';
import { FIFTY_MB, type HttpTestServer, startHttpTestServer } from '../../../../helpers/http-test-server.ts';
import { findClosedPort } from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

let server: HttpTestServer;
let baseUrl: string;
let seenRequests: HttpTestServer['seenRequests'];

beforeAll(async () => {
  server = await startHttpTestServer();
  ({ baseUrl, seenRequests } = server);
});
afterAll(() => server.close());

function parseCheck(fields: Record<string, unknown>) {
  return HttpCheckSchema.parse({ id: 'web', type: 'http', ...fields });
}

describe('probeHttp against a plain HTTP server', () => {
  it('reports up with latency, status code and body size when the keyword is there', async () => {
    const observation = await probeHttp(
      parseCheck({ url: `${baseUrl}/ok`, keyword: 'ok' }),
      makeProbeContext(),
    );
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^HTTP 200 in \d+ ms$/);
    // Exactly these: no certDaysLeft and no tlsMs without TLS; the phases come from the socket's own events.
    expect(observation.metrics).toEqual({
      latencyMs: expect.any(Number),
      connectMs: expect.any(Number),
      firstByteMs: expect.any(Number),
      statusCode: 200,
      bodyBytes: 14,
    });
    const { latencyMs = 0, connectMs = 0, firstByteMs = 0 } = observation.metrics ?? {};
    expect(connectMs + firstByteMs).toBeLessThanOrEqual(latencyMs + 0.2);
  });

  it('reports down when the keyword is missing or a forbidden one is present', async () => {
    const check = parseCheck({ url: `${baseUrl}/ok`, keyword: 'healthy', forbiddenKeyword: 'systems' });
    const observation = await probeHttp(check, makeProbeContext());
    expect(observation.status).toBe('down');
    expect(observation.message).toBe('keyword "healthy" not found; forbidden keyword "systems" found');
  });

  it('checks JSON assertions and records the numbers they extract', async () => {
    const json = [
      { path: '$.status', equals: 'ok' },
      { path: '$.queue.depth', metric: 'queueDepth' },
      { path: '$.queue.pending', metric: 'queuePending' },
    ];
    const observation = await probeHttp(parseCheck({ url: `${baseUrl}/json`, json }), makeProbeContext());
    expect(observation.status).toBe('up');
    expect(observation.metrics).toMatchObject({ statusCode: 200, queueDepth: 12, queuePending: 7 });
  });

  it('names every failed JSON assertion', async () => {
    const json = [
      { path: '$.status', equals: 'degraded' },
      { path: '$.queue.size', metric: 'queueSize' },
    ];
    const observation = await probeHttp(parseCheck({ url: `${baseUrl}/json`, json }), makeProbeContext());
    expect(observation.status).toBe('down');
    expect(observation.message).toBe('$.status is "ok", expected "degraded"; $.queue.size not found');
  });

  it('reports a body that is not JSON when JSON assertions are configured', async () => {
    const check = parseCheck({ url: `${baseUrl}/not-json`, json: [{ path: '$.status', equals: 'ok' }] });
    const observation = await probeHttp(check, makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: 'body is not JSON' });
  });

  it('reports an unexpected status code with the expectation', async () => {
    const observation = await probeHttp(parseCheck({ url: `${baseUrl}/unavailable` }), makeProbeContext());
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^HTTP 503 after \d+ ms \(expected 2xx\)$/);
    expect(observation.metrics).toMatchObject({ statusCode: 503 });
  });

  it('accepts a status code that the check expects', async () => {
    const check = parseCheck({ url: `${baseUrl}/unavailable`, expectedStatus: [200, 503] });
    expect((await probeHttp(check, makeProbeContext())).status).toBe('up');
  });

  it('gives up when the signal aborts on a server that never answers', async () => {
    const observation = await probeHttp(
      parseCheck({ url: `${baseUrl}/hang` }),
      makeProbeContext({ timeoutMs: 300 }),
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: 'timed out after 300 ms',
      detail: { timedOutWhile: 'waiting for the response' },
    });
  });

  it('reports a connection reset', async () => {
    const observation = await probeHttp(parseCheck({ url: `${baseUrl}/reset` }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: 'connection reset (ECONNRESET)' });
  });

  it('words a server that closes without answering as docs/check-types.md does, not "socket hang up"', async () => {
    const observation = await probeHttp(parseCheck({ url: `${baseUrl}/hang-up` }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: 'connection reset (ECONNRESET)' });
  });

  it('reports a connection closed in the middle of the body', async () => {
    const observation = await probeHttp(parseCheck({ url: `${baseUrl}/cut` }), makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'connection closed before the response ended',
    });
  });

  it('says the body was being read when the signal aborts a stalled body', async () => {
    const observation = await probeHttp(
      parseCheck({ url: `${baseUrl}/stall` }),
      makeProbeContext({ timeoutMs: 300 }),
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: 'timed out after 300 ms',
      detail: { timedOutWhile: 'reading the body' },
    });
  });

  it('reports a refused connection with the address', async () => {
    const port = await findClosedPort();
    const observation = await probeHttp(parseCheck({ url: `http://127.0.0.1:${port}/` }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('reads no more than maxBodyBytes of a 50 MB body and hangs up on the rest', async () => {
    const check = parseCheck({ url: `${baseUrl}/big`, maxBodyBytes: 65_536, keyword: 'needle' });
    const observation = await probeHttp(check, makeProbeContext());
    expect(observation.metrics).toMatchObject({ bodyBytes: 65_536 });
    expect(observation.message).toBe('keyword "needle" not found in the first 65536 bytes');
    expect(observation.detail).toMatchObject({ bodyTruncated: 'read the first 65536 bytes only' });
    const served = await server.bigBodyClosed();
    expect(served.isFinished).toBe(false);
    expect(served.sentBytes).toBeLessThan(FIFTY_MB);
  });

  it('sends a HEAD request without reading a body', async () => {
    const observation = await probeHttp(
      parseCheck({ url: `${baseUrl}/ok`, method: 'HEAD' }),
      makeProbeContext(),
    );
    expect(observation).toMatchObject({ status: 'up', metrics: { statusCode: 200, bodyBytes: 0 } });
  });
});

describe('probeHttp and redirects', () => {
  it('follows a redirect to its end and says where it ended', async () => {
    const observation = await probeHttp(
      parseCheck({ url: `${baseUrl}/old`, keyword: 'ok' }),
      makeProbeContext(),
    );
    expect(observation).toMatchObject({
      status: 'up',
      metrics: { statusCode: 200 },
      detail: { finalUrl: `${baseUrl}/ok`, redirects: [`${baseUrl}/ok`] },
    });
  });

  it('judges the redirect itself when followRedirects is false', async () => {
    const check = parseCheck({ url: `${baseUrl}/old`, followRedirects: false, expectedStatus: [301] });
    expect(await probeHttp(check, makeProbeContext())).toMatchObject({
      status: 'up',
      metrics: { statusCode: 301 },
    });
  });

  it('reports a redirect loop and hides URL credentials in the message', async () => {
    const url = `http://probe:hunter2@127.0.0.1:${server.port}/loop/a`;
    const observation = await probeHttp(parseCheck({ url }), makeProbeContext());
    expect(observation.status).toBe('down');
    // A relative Location keeps the credentials (same origin), so they show — redacted.
    const redactedBase = `http://probe:***@127.0.0.1:${server.port}`;
    expect(observation.message).toBe(
      `redirect loop: ${redactedBase}/loop/b leads back to ${redactedBase}/loop/a`,
    );
    expect(JSON.stringify(observation)).not.toContain('hunter2');
  });

  it('stops after maxRedirects', async () => {
    const observation = await probeHttp(parseCheck({ url: `${baseUrl}/chain/0` }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: 'too many redirects: more than 5' });
    expect(observation.detail).toMatchObject({
      redirects: expect.toSatisfy((list: unknown[]) => list.length === 6),
    });
  });

  it('turns a POST into a GET on 303, as browsers do', async () => {
    seenRequests.length = 0;
    const check = parseCheck({ url: `${baseUrl}/see-other`, method: 'POST', body: 'form=1' });
    expect((await probeHttp(check, makeProbeContext())).status).toBe('up');
    expect(seenRequests).toMatchObject([{ method: 'GET', url: '/echo', body: '' }]);
  });

  it('carries no credential and no configured header to another origin (Authorization, X-Api-Key, any)', async () => {
    const other = await startHttpTestServer();
    try {
      seenRequests.length = 0;
      const to = `${other.baseUrl}/echo`;
      const check = parseCheck({
        url: `${baseUrl}/away?to=${encodeURIComponent(to)}`,
        headers: { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k3y', 'X-Trace': 'abc' },
      });
      expect((await probeHttp(check, makeProbeContext())).status).toBe('up');
      expect(seenRequests).toEqual([]);
      expect(other.seenRequests).toHaveLength(1);
      expect(other.seenRequests[0]?.headers).not.toHaveProperty('authorization');
      expect(other.seenRequests[0]?.headers).not.toHaveProperty('x-api-key');
      expect(other.seenRequests[0]?.headers).not.toHaveProperty('x-trace');
      expect(other.seenRequests[0]?.headers['user-agent']).toMatch(/^Vigil\//);
    } finally {
      await other.close();
    }
  });
});

describe('probeHttp request contents', () => {
  it('sends the method, custom headers, body and a Vigil user agent, and never shows the headers', async () => {
    seenRequests.length = 0;
    const check = parseCheck({
      url: `${baseUrl}/echo`,
      method: 'PUT',
      headers: { Authorization: 'Bearer s3cret', 'Content-Type': 'application/json' },
      body: '{"ping":true}',
    });
    const observation = await probeHttp(check, makeProbeContext());
    expect(observation.status).toBe('up');
    expect(seenRequests).toHaveLength(1);
    expect(seenRequests[0]).toMatchObject({
      method: 'PUT',
      body: '{"ping":true}',
      headers: { authorization: 'Bearer s3cret', 'content-type': 'application/json', 'content-length': '13' },
    });
    expect(seenRequests[0]?.headers).toHaveProperty(
      'user-agent',
      expect.stringMatching(/^Vigil\/\d+\.\d+\.\d+/),
    );
    expect(JSON.stringify(observation)).not.toContain('s3cret');
  });

  it('lets a custom User-Agent replace the default, whatever its case', async () => {
    seenRequests.length = 0;
    await probeHttp(
      parseCheck({ url: `${baseUrl}/echo`, headers: { 'USER-AGENT': 'probe/1' } }),
      makeProbeContext(),
    );
    expect(seenRequests[0]?.headers).toHaveProperty('user-agent', 'probe/1');
  });

  it('sends URL credentials as basic auth', async () => {
    seenRequests.length = 0;
    await probeHttp(
      parseCheck({ url: `http://probe:hunter2@127.0.0.1:${server.port}/echo` }),
      makeProbeContext(),
    );
    const basic = `Basic ${Buffer.from('probe:hunter2').toString('base64')}`;
    expect(seenRequests[0]?.headers).toHaveProperty('authorization', basic);
  });
});
