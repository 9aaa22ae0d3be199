import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/** Asks a gRPC server the standard health question, grpc.health.v1.Health/Check. */
export const GrpcCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('grpc').meta({ description: 'gRPC health check (grpc.health.v1.Health/Check).' }),
  /** Host name or address of the gRPC server. */
  host: z
    .string()
    .min(1)
    .meta({ description: 'Host name or address.', examples: ['api.example.org'] }),
  /** TCP port. */
  port: z
    .int()
    .min(1)
    .max(65535)
    .meta({ description: 'TCP port.', examples: [50051] }),
  /** The service to ask about; empty asks about the whole server. */
  service: z
    .string()
    .default('')
    .meta({ description: 'Service name asked about; empty = the whole server.' }),
  /** Connect over TLS. */
  tls: z.boolean().default(false).meta({ description: 'Connect over TLS.' }),
  /** With tls: accept a certificate that does not verify. */
  insecure: z.boolean().default(false).meta({ description: 'With tls: accept invalid certificates.' }),
  /** Request metadata (headers), e.g. a token read from the environment. */
  metadata: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: 'Request metadata.', examples: [{ authorization: 'Bearer ${GRPC_TOKEN}' }] }),
});
export type GrpcCheck = z.infer<typeof GrpcCheckSchema>;
