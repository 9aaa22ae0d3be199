import * as grpc from '@grpc/grpc-js';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanGrpcDetails, probeGrpc } from '../../../../../collectors/probes/grpc/probe-grpc.ts';
import { GrpcCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const DAY_MS = 86_400_000;
let server: grpc.Server;
let port: number;

/** A real @grpc/grpc-js server on 127.0.0.1 over TLS with a self-signed certificate, always SERVING. */
beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(Date.now() + 30 * DAY_MS),
  });
  server = new grpc.Server();
  server.addService(
    {
      check: {
        path: '/grpc.health.v1.Health/Check',
        requestStream: false,
        responseStream: false,
        requestSerialize: (request: Buffer) => request,
        requestDeserialize: (bytes: Buffer) => ({ bytes }),
        responseSerialize: () => Buffer.from([0x08, 1]),
        responseDeserialize: (bytes: Buffer) => bytes,
      },
    },
    {
      check: (_call: grpc.ServerUnaryCall<unknown, null>, callback: grpc.sendUnaryData<null>) =>
        callback(null, null),
    },
  );
  const credentials = grpc.ServerCredentials.createSsl(null, [
    { private_key: Buffer.from(pems.private), cert_chain: Buffer.from(pems.cert) },
  ]);
  port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
});

afterAll(() => server.forceShutdown());

// By name (localhost is 127.0.0.1 here): grpc-js sends an IP literal as the TLS server name, for
// which Node emits a DeprecationWarning (RFC 6066), and a warning fails the test file.
const check = (fields: Record<string, unknown>) =>
  GrpcCheckSchema.parse({ id: 'grpc-tls', type: 'grpc', host: 'localhost', port, tls: true, ...fields });

it('tls with a self-signed certificate: down naming the certificate problem unless insecure', async () => {
  const rejected = await probeGrpc(check({}), makeProbeContext({ timeoutMs: 5000 }));
  expect(rejected).toMatchObject({ status: 'down', detail: { grpcCode: 'UNAVAILABLE' } });
  expect(rejected.message).toBe(
    'UNAVAILABLE: No connection established. Last error: self-signed certificate.',
  );
  const accepted = await probeGrpc(check({ insecure: true }), makeProbeContext({ timeoutMs: 5000 }));
  expect(accepted).toMatchObject({ status: 'up', detail: { servingStatus: 'SERVING' } });
});

it('plain text against the TLS port is down, not a throw', async () => {
  const observation = await probeGrpc(check({ tls: false }), makeProbeContext({ timeoutMs: 2000 }));
  expect(observation).toMatchObject({ status: 'down', detail: { grpcCode: 'UNAVAILABLE' } });
  expect(observation.message).toMatch(/^UNAVAILABLE: No connection established\. Last error: .+\.$/);
});

it.each([
  [
    'No connection established. Last error: Error: self-signed certificate; if the root CA is installed locally, try running Node.js with --use-system-ca. Resolution note: ',
    'No connection established. Last error: self-signed certificate.',
  ],
  ['Name resolution failed for target dns:nope:50051', 'Name resolution failed for target dns:nope:50051'],
  ['x'.repeat(5000), 'x'.repeat(200)],
])('cleanGrpcDetails(%j)', (details, cleaned) => {
  expect(cleanGrpcDetails(details)).toBe(cleaned);
});
