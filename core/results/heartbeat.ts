import { z } from 'zod';
import { ProbeStatusSchema } from '../model/status.ts';
import { listFieldNames } from './result-shape.ts';

/** The newest report the job left (absent when there is none, or it could not be read). */
const HeartbeatDetailShape = z.object({
  /** When the job reported (ISO 8601, as the report says it). */
  reportedAt: z.string().exactOptional(),
  /** What the job said of itself. */
  reportedStatus: ProbeStatusSchema.exactOptional(),
  /** The job's own message, one line, capped and redacted. */
  reportMessage: z.string().exactOptional(),
  /** The host the report came from. */
  reportHost: z.string().exactOptional(),
  /** When the check goes down unless a new report arrives (the report's time, or first seen, + every + grace). */
  dueBy: z.string().exactOptional(),
});
export const HeartbeatDetailSchema = HeartbeatDetailShape.loose();
export type HeartbeatDetail = z.infer<typeof HeartbeatDetailShape>;

export const HeartbeatMetricsSchema = z.object({
  /** How long ago the newest report was made; absent without one (or one dated ahead of the clock). */
  reportAgeSeconds: z.number().exactOptional(),
});
export type HeartbeatMetrics = z.infer<typeof HeartbeatMetricsSchema>;

export const HEARTBEAT_METRICS = listFieldNames(HeartbeatMetricsSchema);
