import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

/** Words from INFO, each only when the server gave it. */
const RedisDetailShape = z.object({
  /** redis_version (Valkey reports a compatible one too). */
  version: z.string().exactOptional(),
  valkeyVersion: z.string().exactOptional(),
  /** "standalone", "cluster", "sentinel". */
  mode: z.string().exactOptional(),
  /** "master" or "slave". */
  role: z.string().exactOptional(),
  maxmemoryPolicy: z.string().exactOptional(),
});
export const RedisDetailSchema = RedisDetailShape.loose();
export type RedisDetail = z.infer<typeof RedisDetailShape>;

/** Numbers from INFO under Vigil's names, each only when the server gave it. */
export const RedisInfoMetricsSchema = z.object({
  usedMemoryBytes: z.number().exactOptional(),
  peakMemoryBytes: z.number().exactOptional(),
  rssBytes: z.number().exactOptional(),
  /** Absent when maxmemory is 0 (no limit). */
  maxMemoryBytes: z.number().exactOptional(),
  /** Used memory as a share of maxmemory; only with a limit. */
  usedMemoryPercent: z.number().exactOptional(),
  connectedClients: z.number().exactOptional(),
  blockedClients: z.number().exactOptional(),
  opsPerSecond: z.number().exactOptional(),
  totalCommands: z.number().exactOptional(),
  uptimeSeconds: z.number().exactOptional(),
  evictedKeys: z.number().exactOptional(),
  rejectedConnections: z.number().exactOptional(),
  connectedReplicas: z.number().exactOptional(),
});
export type RedisInfoMetrics = z.infer<typeof RedisInfoMetricsSchema>;

const RedisTotalMetricsSchema = RedisInfoMetricsSchema.extend({
  pingMs: z.number().exactOptional(),
  /** SET + GET + DEL of the check's own key; only with `write:`, and only when all three worked. */
  writeMs: z.number().exactOptional(),
});

/** PING's round trip, the INFO numbers, then `queue:<name>:length` for each queue the check names. */
export const RedisMetricsSchema = z.intersection(
  RedisTotalMetricsSchema,
  z.looseRecord(z.templateLiteral(['queue:', z.string(), ':length']), z.number()),
);
export type RedisMetrics = z.infer<typeof RedisMetricsSchema>;

export const REDIS_METRICS = listFieldNames(RedisTotalMetricsSchema);
