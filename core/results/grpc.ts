import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const GrpcDetailShape = z.object({
  /** What the server answered: SERVING, NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN. */
  servingStatus: z.string().exactOptional(),
  /** The gRPC status code name when the call failed: NOT_FOUND, UNAVAILABLE, UNIMPLEMENTED. */
  grpcCode: z.string().exactOptional(),
});
export const GrpcDetailSchema = GrpcDetailShape.loose();
export type GrpcDetail = z.infer<typeof GrpcDetailShape>;

export const GrpcMetricsSchema = z.object({
  /** The Health/Check call, connect included. */
  latencyMs: z.number().exactOptional(),
});
export type GrpcMetrics = z.infer<typeof GrpcMetricsSchema>;

export const GRPC_METRICS = listFieldNames(GrpcMetricsSchema);
