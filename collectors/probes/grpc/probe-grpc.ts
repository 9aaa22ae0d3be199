import { formatDurationMs } from '../../../core/model/duration-format.ts';
import type { GrpcCheck } from '../../../core/model/index.ts';
import type { GrpcDetail, GrpcMetrics } from '../../../core/results/grpc.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { decodeHealthCheckResponse, encodeHealthCheckRequest } from './health-messages.ts';

const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

/**
 * Calls grpc.health.v1.Health/Check with the check's service and metadata, deadline from the
 * context; SERVING is up, anything else down. The client is closed after each probe.
 */
export async function probeGrpc(check: GrpcCheck, context: ProbeContext): Promise<Observation> {
  const grpc = await import('@grpc/grpc-js');
  if (context.signal.aborted) return { status: 'down', message: describeTimeout(context) };
  const credentials = check.tls
    ? grpc.credentials.createSsl(null, null, null, { rejectUnauthorized: !check.insecure })
    : grpc.credentials.createInsecure();
  const client = new grpc.Client(`${check.host}:${check.port}`, credentials);
  const metadata = new grpc.Metadata();
  for (const [name, value] of Object.entries(check.metadata)) metadata.set(name, value);
  const startedAt = performance.now();
  try {
    const outcome = await new Promise<{ status: string } | { error: { code: number; details: string } }>(
      (resolve) => {
        let onAbort = () => {};
        const call = client.makeUnaryRequest(
          HEALTH_CHECK_PATH,
          (service: string) => encodeHealthCheckRequest(service),
          (bytes: Buffer) => decodeHealthCheckResponse(bytes),
          check.service,
          metadata,
          { deadline: Date.now() + context.timeoutMs },
          (error, status) => {
            context.signal.removeEventListener('abort', onAbort);
            resolve(error ? { error } : { status: status ?? 'UNKNOWN' });
          },
        );
        onAbort = () => call.cancel();
        context.signal.addEventListener('abort', onAbort, { once: true });
      },
    );
    const latencyMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const metrics = { latencyMs } satisfies GrpcMetrics;
    const subject = check.service === '' ? 'server' : JSON.stringify(check.service);
    if ('status' in outcome) {
      const detail = { servingStatus: outcome.status } satisfies GrpcDetail;
      if (outcome.status === 'SERVING')
        return { status: 'up', message: `SERVING in ${formatDurationMs(latencyMs)}`, metrics, detail };
      return { status: 'down', message: `${subject} ${outcome.status}`, metrics, detail };
    }
    const { code, details } = outcome.error;
    const grpcCode = grpc.status[code] ?? String(code);
    const detail = { grpcCode } satisfies GrpcDetail;
    if (code === grpc.status.DEADLINE_EXCEEDED || context.signal.aborted)
      return { status: 'down', message: describeTimeout(context), detail };
    if (code === grpc.status.NOT_FOUND)
      return { status: 'down', message: `service unknown: ${subject}`, detail };
    if (code === grpc.status.UNIMPLEMENTED)
      return { status: 'down', message: 'the server does not implement grpc.health.v1', detail };
    return { status: 'down', message: `${grpcCode}: ${cleanGrpcDetails(details)}`, detail };
  } finally {
    client.close();
  }
}

/**
 * grpc-js's failure details, capped, without what is noise on a status page: the empty
 * "Resolution note: ", the "Error: " of the wrapped error, and Node's --use-system-ca advice.
 */
export function cleanGrpcDetails(details: string): string {
  return details
    .slice(0, 1000)
    .replace('; if the root CA is installed locally, try running Node.js with --use-system-ca', '')
    .replace('Last error: Error: ', 'Last error: ')
    .replace(/ Resolution note: ?$/, '')
    .slice(0, 200);
}

export const grpcProbe: ProbeDefinition<'grpc'> = {
  probe: probeGrpc,
  preload: () => import('@grpc/grpc-js'),
};
