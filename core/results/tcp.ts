import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const TcpDetailShape = z.object({
  /** The server's first line (control characters removed, at most 200 characters), when a banner was expected. */
  banner: z.string().exactOptional(),
});
export const TcpDetailSchema = TcpDetailShape.loose();
export type TcpDetail = z.infer<typeof TcpDetailShape>;

export const TcpMetricsSchema = z.object({
  /** Absent when the connection failed. */
  connectMs: z.number().exactOptional(),
});
export type TcpMetrics = z.infer<typeof TcpMetricsSchema>;

export const TCP_METRICS = listFieldNames(TcpMetricsSchema);
