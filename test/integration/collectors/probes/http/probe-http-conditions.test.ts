import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyThresholds, mergeThresholds } from '../../../../../collectors/evaluate/apply-thresholds.ts';
import { DEFAULT_THRESHOLDS } from '../../../../../collectors/probes/default-thresholds.ts';
import { probeHttp } from '../../../../../collectors/probes/http/probe-http.ts';
import type { HttpCheck } from '../../../../../core/model/index.ts';
import { type HttpTestServer, startHttpTestServer } from '../../../../helpers/http-test-server.ts';
import { parseCheck } from '../../../../helpers/parse-check.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer();
});
afterAll(() => server.close());

/** An http check with Gatus conditions, loaded as the config loads it. */
function conditionsCheck(path: string, conditions: string[]): HttpCheck {
  const check = parseCheck({ id: 'api', type: 'http', url: `${server.baseUrl}${path}`, conditions });
  if (check.type !== 'http') throw new Error('expected an http check');
  return check;
}

/** The probe's verdict, then the thresholds' (as a collector run judges it). */
async function judge(check: HttpCheck) {
  const observation = await probeHttp(check, makeProbeContext());
  const thresholds = applyThresholds(
    observation.metrics ?? {},
    mergeThresholds(DEFAULT_THRESHOLDS.http, check.thresholds),
    { type: 'http' },
  );
  return { observation, thresholds };
}

// /json answers {"status":"ok","queue":{"depth":12,"pending":"7"}}; /ok "all systems ok"; /unavailable 503.
describe('http checks with Gatus conditions against a real server', () => {
  it('passes when every condition holds', async () => {
    const { observation, thresholds } = await judge(
      conditionsCheck('/json', [
        '[STATUS] == 200',
        '[RESPONSE_TIME] < 60000',
        '[BODY].status == ok',
        '[BODY].queue.depth > 10',
        '[BODY].queue.pending <= 7',
        'len([BODY].status) == 2',
        'has([BODY].queue) == true',
        'has([BODY].errors) == false',
        '[BODY].status == any(ok, UP)',
        '[BODY].status == pat(o?)',
        '[BODY] == pat(*depth*)',
        '[BODY] != pat(*error*)',
      ]),
    );
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^HTTP 200 in \d+ ms$/);
    expect(thresholds.status).toBe('up');
  });

  it('fails a JSON condition in its own words', async () => {
    const { observation } = await judge(
      conditionsCheck('/json', ['[STATUS] == 200', '[BODY].status == UP', 'len([BODY].queue) < 5']),
    );
    expect(observation.status).toBe('down');
    expect(observation.message).toBe(
      '[BODY].status == UP failed: got "ok"; len([BODY].queue) < 5 failed: got 26',
    );
  });

  it('fails the [STATUS] condition that the code breaks', async () => {
    const { observation } = await judge(
      conditionsCheck('/unavailable', ['[STATUS] >= 200', '[STATUS] < 300', '[BODY] == pat(*ok*)']),
    );
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^\[STATUS\] < 300 failed: got 503 after \d+ ms$/);
  });

  it('fails a body pattern and a response-time condition', async () => {
    const { observation, thresholds } = await judge(
      conditionsCheck('/ok', ['[BODY] == pat(*healthy*)', '[RESPONSE_TIME] > 60000']),
    );
    expect(observation.status).toBe('down');
    expect(observation.message).toBe('[BODY] == pat(*healthy*) failed');
    expect(thresholds.status).toBe('down');
    expect(thresholds.reasons).toEqual([expect.stringMatching(/^Response time .+ < /)]);
  });

  it('a JSON condition on a body that is not JSON says so', async () => {
    const { observation } = await judge(conditionsCheck('/not-json', ['[BODY].status == UP']));
    expect(observation).toMatchObject({ status: 'down', message: 'body is not JSON' });
  });
});
