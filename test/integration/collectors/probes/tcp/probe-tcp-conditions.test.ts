import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyThresholds } from '../../../../../collectors/evaluate/apply-thresholds.ts';
import { probeTcp } from '../../../../../collectors/probes/tcp/probe-tcp.ts';
import type { TcpCheck } from '../../../../../core/model/index.ts';
import {
  findClosedPort,
  type LoopbackServer,
  listenTcpOnLoopback,
} from '../../../../helpers/loopback-server.ts';
import { parseCheck } from '../../../../helpers/parse-check.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

let server: LoopbackServer;
beforeAll(async () => {
  server = await listenTcpOnLoopback(createServer((socket) => socket.end()));
});
afterAll(() => server.close());

function conditionsCheck(port: number, conditions: string[]): TcpCheck {
  const check = parseCheck({ id: 'port', type: 'tcp', host: '127.0.0.1', port, conditions });
  if (check.type !== 'tcp') throw new Error('expected a tcp check');
  return check;
}

describe('tcp checks with Gatus conditions against a real listener', () => {
  it('[CONNECTED] == true is up while the port accepts', async () => {
    const check = conditionsCheck(server.port, ['[CONNECTED] == true', '[RESPONSE_TIME] < 60000']);
    const observation = await probeTcp(check, makeProbeContext());
    expect(observation.status).toBe('up');
    expect(applyThresholds(observation.metrics ?? {}, check.thresholds, { type: 'tcp' }).status).toBe('up');
  });

  it('[CONNECTED] == true is down on a closed port', async () => {
    const observation = await probeTcp(
      conditionsCheck(await findClosedPort(), ['[CONNECTED] == true']),
      makeProbeContext(),
    );
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/ECONNREFUSED/);
  });

  it('[RESPONSE_TIME] judges the connect time', async () => {
    const check = conditionsCheck(server.port, ['[CONNECTED] == true', '[RESPONSE_TIME] > 60000']);
    const observation = await probeTcp(check, makeProbeContext());
    expect(check.thresholds).toEqual({ connectMs: { downBelow: 60000 } });
    expect(applyThresholds(observation.metrics ?? {}, check.thresholds, { type: 'tcp' }).status).toBe('down');
  });
});
