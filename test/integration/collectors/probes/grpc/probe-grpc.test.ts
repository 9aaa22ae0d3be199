import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
} from '../../../../../collectors/probes/grpc/health-messages.ts';
import { probeGrpc } from '../../../../../collectors/probes/grpc/probe-grpc.ts';
import { GrpcCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const servers: grpc.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.forceShutdown();
});

/** A real @grpc/grpc-js server on 127.0.0.1 implementing grpc.health.v1.Health/Check from a status table. */
async function startHealthServer(statuses: Record<string, number | 'hang'>): Promise<number> {
  const server = new grpc.Server();
  server.addService(
    {
      check: {
        path: '/grpc.health.v1.Health/Check',
        requestStream: false,
        responseStream: false,
        requestSerialize: (service: string) => encodeHealthCheckRequest(service),
        // An object, not the bare string: grpc-js reads an empty-string request as no request at all.
        requestDeserialize: (bytes: Buffer) => ({
          service: bytes.length === 0 ? '' : bytes.subarray(2).toString('utf8'),
        }),
        responseSerialize: (status: number) => Buffer.from(status === 0 ? [] : [0x08, status]),
        responseDeserialize: (bytes: Buffer) => bytes,
      },
    },
    {
      check: (
        call: grpc.ServerUnaryCall<{ service: string }, number>,
        callback: grpc.sendUnaryData<number>,
      ) => {
        const status = statuses[call.request.service];
        if (status === 'hang') return;
        if (status === undefined) callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
        else callback(null, status);
      },
    },
  );
  servers.push(server);
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
}

const check = (fields: Record<string, unknown>) =>
  GrpcCheckSchema.parse({ id: 'grpc', type: 'grpc', host: '127.0.0.1', ...fields });

describe('health messages', () => {
  it.each([
    ['', []],
    ['api', [0x0a, 3, 0x61, 0x70, 0x69]],
  ])('encodes HealthCheckRequest %j', (service, bytes) => {
    expect([...encodeHealthCheckRequest(service)]).toEqual(bytes);
  });
  it.each([
    [[], 'UNKNOWN'],
    [[0x08, 1], 'SERVING'],
    [[0x08, 2], 'NOT_SERVING'],
    [[0x08, 3], 'SERVICE_UNKNOWN'],
    [[0x12, 1, 0x41, 0x08, 1], 'SERVING'],
  ])('decodes %j as %s', (bytes, status) => {
    expect(decodeHealthCheckResponse(Buffer.from(bytes))).toBe(status);
  });
  it('rejects truncated bytes', () => {
    expect(() => decodeHealthCheckResponse(Buffer.from([0x12, 9, 0x41]))).toThrow(/truncated/);
  });
});

describe('probeGrpc against a real @grpc/grpc-js health server on 127.0.0.1', () => {
  it('SERVING is up, NOT_SERVING down, an unknown service down, a hang times out', async () => {
    const port = await startHealthServer({ '': 1, api: 2, slow: 'hang' });
    const up = await probeGrpc(check({ port }), makeProbeContext());
    expect(up).toMatchObject({ status: 'up', detail: { servingStatus: 'SERVING' } });
    expect(up.metrics?.latencyMs).toEqual(expect.any(Number));
    expect(await probeGrpc(check({ port, service: 'api' }), makeProbeContext())).toMatchObject({
      status: 'down',
      message: '"api" NOT_SERVING',
    });
    expect(await probeGrpc(check({ port, service: 'nope' }), makeProbeContext())).toMatchObject({
      status: 'down',
      message: 'service unknown: "nope"',
    });
    expect(
      await probeGrpc(check({ port, service: 'slow' }), makeProbeContext({ timeoutMs: 500 })),
    ).toMatchObject({
      status: 'down',
      message: 'timed out after 500 ms',
    });
  });

  it('nothing listening is down', async () => {
    const port = await startHealthServer({});
    servers.pop()?.forceShutdown();
    const observation = await probeGrpc(check({ port }), makeProbeContext());
    expect(observation).toMatchObject({ status: 'down', detail: { grpcCode: 'UNAVAILABLE' } });
    expect(observation.message).toMatch(/ECONNREFUSED|UNAVAILABLE/);
  });
});
