import { z } from 'zod';
import { ProbeStatusSchema } from '../model/status.ts';
import { listFieldNames } from './result-shape.ts';

/** One container's status and the facts an operator looks at. */
export const DockerContainerSchema = z.object({
  /** Without Docker's leading "/". */
  name: z.string(),
  status: ProbeStatusSchema,
  /** "running, healthy", "exited with code 137 (OOM killed)", "unhealthy (3 failed checks): curl: (7) …". */
  message: z.string(),
  /** Docker's State.Status ("running", "exited"), or "missing" for a named container that does not exist. */
  state: z.string(),
  /** Health.Status when the container has a healthcheck ("healthy", "starting", "unhealthy"). */
  health: z.string().exactOptional(),
  restartCount: z.number(),
  failingStreak: z.number().exactOptional(),
  /** The newest health probe's output, on one line, at most 200 characters. */
  lastHealthOutput: z.string().exactOptional(),
  /** Set for exited containers. */
  exitCode: z.number().exactOptional(),
  image: z.string().exactOptional(),
  /** Its Compose service label. */
  service: z.string().exactOptional(),
});
export type DockerContainer = z.infer<typeof DockerContainerSchema>;

/** One Compose service: its containers judged together. */
export const DockerServiceSchema = z.object({
  status: ProbeStatusSchema,
  message: z.string(),
  /** Names of the containers that run it; empty when it is missing. */
  containers: z.array(z.string()),
});
export type DockerService = z.infer<typeof DockerServiceSchema>;

const DockerDetailShape = z.object({
  /** Every selected container, by name; a run where Docker did not answer stores no detail. */
  containers: z.array(DockerContainerSchema),
  /** The check's Compose project; with `services`, only for checks that name one. */
  project: z.string().exactOptional(),
  /** Compose service name → its verdict. */
  services: z.record(z.string(), DockerServiceSchema).exactOptional(),
});
export const DockerDetailSchema = DockerDetailShape.loose();
export type DockerDetail = z.infer<typeof DockerDetailShape>;

const DockerTotalMetricsSchema = z.object({
  containers: z.number().exactOptional(),
  containersUp: z.number().exactOptional(),
  containersDegraded: z.number().exactOptional(),
  containersDown: z.number().exactOptional(),
  /** Restarts of all containers together. */
  restarts: z.number().exactOptional(),
  /** Compose checks only. */
  services: z.number().exactOptional(),
  servicesUp: z.number().exactOptional(),
});

/** Totals by name, then `container:<name>:restarts` and `container:<name>:failingStreak`. */
export const DockerMetricsSchema = z.intersection(
  DockerTotalMetricsSchema,
  z.looseRecord(
    z.templateLiteral(['container:', z.string(), ':', z.enum(['restarts', 'failingStreak'])]),
    z.number(),
  ),
);
export type DockerMetrics = z.infer<typeof DockerMetricsSchema>;

export const DOCKER_METRICS = listFieldNames(DockerTotalMetricsSchema);

/**
 * The Compose part of a docker detail, as the site reads it to give each service a component of
 * its own: each service's status and message (not its container list).
 */
export const DockerComposeDetailSchema = z.object({
  project: z.string().exactOptional(),
  services: z.record(z.string(), DockerServiceSchema.pick({ status: true, message: true })).exactOptional(),
});
