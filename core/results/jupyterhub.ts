import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const JupyterhubDetailShape = z.object({
  /** What `/hub/api/` says, when it says. */
  version: z.string().exactOptional(),
});
export const JupyterhubDetailSchema = JupyterhubDetailShape.loose();
export type JupyterhubDetail = z.infer<typeof JupyterhubDetailShape>;

/** Counts from every page of `/hub/api/users`; only with a token the users API accepts. */
export const JupyterhubUsageMetricsSchema = z.object({
  usersTotal: z.number().exactOptional(),
  /** Users whose last activity is within the check's activeWithin. */
  usersActive: z.number().exactOptional(),
  serversRunning: z.number().exactOptional(),
  serversPending: z.number().exactOptional(),
});

export const JupyterhubMetricsSchema = JupyterhubUsageMetricsSchema.extend({
  /** `/hub/health`'s round trip. */
  latencyMs: z.number().exactOptional(),
});
export type JupyterhubMetrics = z.infer<typeof JupyterhubMetricsSchema>;

export const JUPYTERHUB_METRICS = listFieldNames(JupyterhubMetricsSchema);
/** What the users API gave, every count present. */
export type JupyterhubUsage = Required<z.infer<typeof JupyterhubUsageMetricsSchema>>;
