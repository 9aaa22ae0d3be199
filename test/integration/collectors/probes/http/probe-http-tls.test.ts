import { createServer as createHttpsServer } from 'node:https';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../../../collectors/probes/http/probe-http.ts';
import { HttpCheckSchema } from '../../../../../core/model/index.ts';
import { listenOnLoopback } from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const DAY_MS = 86_400_000;

function parseCheck(fields: Record<string, unknown>) {
  return HttpCheckSchema.parse({ id: 'web', type: 'http', ...fields });
}

describe('probeHttp against HTTPS servers', () => {
  async function startHttpsServer(notBeforeDate: Date, notAfterDate: Date) {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
    });
    const requests: string[] = [];
    const https = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      requests.push(req.url ?? '');
      res.end('secure ok');
    });
    return { requests, ...(await listenOnLoopback(https)) };
  }

  let expired: Awaited<ReturnType<typeof startHttpsServer>>;
  let fresh: Awaited<ReturnType<typeof startHttpsServer>>;
  beforeAll(async () => {
    const now = Date.now();
    expired = await startHttpsServer(new Date(now - 90 * DAY_MS), new Date(now - 3 * DAY_MS));
    fresh = await startHttpsServer(new Date(now - DAY_MS), new Date(now + 30 * DAY_MS));
  });
  afterAll(async () => {
    await expired.close();
    await fresh.close();
  });

  it('rejects an expired certificate before sending anything, and still records its days left', async () => {
    const check = parseCheck({
      url: `https://127.0.0.1:${expired.port}/`,
      headers: { Authorization: 'Bearer s3cret' },
    });
    const observation = await probeHttp(check, makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', message: 'certificate has expired' });
    expect(observation.metrics).toHaveProperty('certDaysLeft', expect.closeTo(-3, 0));
    expect(observation.detail).toHaveProperty('certExpires', expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(expired.requests).toEqual([]);
  });

  it('accepts an expired certificate with insecure: true and records the problem', async () => {
    const check = parseCheck({
      url: `https://127.0.0.1:${expired.port}/`,
      insecure: true,
      keyword: 'secure',
    });
    const observation = await probeHttp(check, makeProbeContext());
    expect(observation).toMatchObject({ status: 'up', detail: { certProblem: 'certificate has expired' } });
    expect(observation.metrics).toHaveProperty(
      'certDaysLeft',
      expect.toSatisfy((days: number) => days < 0),
    );
  });

  it('records about 30 days left on a fresh self-signed certificate with insecure: true', async () => {
    const check = parseCheck({ url: `https://127.0.0.1:${fresh.port}/`, insecure: true });
    const observation = await probeHttp(check, makeProbeContext());
    expect(observation.status).toBe('up');
    const { certDaysLeft } = observation.metrics ?? {};
    expect(certDaysLeft).toBeGreaterThan(29.9);
    expect(certDaysLeft).toBeLessThanOrEqual(30);
  });

  it('rejects a self-signed certificate without insecure', async () => {
    fresh.requests.length = 0;
    const observation = await probeHttp(
      parseCheck({ url: `https://127.0.0.1:${fresh.port}/` }),
      makeProbeContext(),
    );
    expect(observation).toMatchObject({ status: 'down', message: 'self-signed certificate' });
    expect(fresh.requests).toEqual([]);
  });
});
