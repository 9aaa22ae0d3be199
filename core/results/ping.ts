import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const PingDetailShape = z.object({
  /** The address ping resolved the host to and sent to ("192.0.2.1", "::1"). */
  address: z.string().exactOptional(),
  /** Echo requests sent. */
  transmitted: z.number().exactOptional(),
  /** Echo replies received (duplicates not counted). */
  received: z.number().exactOptional(),
  /** ICMP errors received instead of replies, e.g. "Destination Host Unreachable". */
  errors: z.number().exactOptional(),
  /** Why nothing came back, as ping said it: "Destination Host Unreachable", "Network is unreachable". */
  problem: z.string().exactOptional(),
});
export const PingDetailSchema = PingDetailShape.loose();
export type PingDetail = z.infer<typeof PingDetailShape>;

export const PingMetricsSchema = z.object({
  /** Share of echo requests that got no reply, 0 to 100. Absent when ping could not send at all. */
  packetLossPercent: z.number().exactOptional(),
  /** Round-trip times of the replies; absent when nothing answered. */
  rttMinMs: z.number().exactOptional(),
  rttAvgMs: z.number().exactOptional(),
  rttMaxMs: z.number().exactOptional(),
});
export type PingMetrics = z.infer<typeof PingMetricsSchema>;

export const PING_METRICS = listFieldNames(PingMetricsSchema);
