import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

// celery: what `celery inspect … --json` (or Flower's /api/workers) says of each worker that
// answered. Only counts and task names are kept: never a task's arguments.

/** Most workers listed by name; the counts cover them all. */
export const MAX_CELERY_WORKERS = 200;
/** Most registered task names kept per worker and in the union. */
export const MAX_CELERY_TASK_NAMES = 200;

/** One worker that answered ping; a count is absent when its inspect failed. */
const CeleryWorkerShape = z.object({
  /** The worker's node name (`celery@host`). */
  name: z.string(),
  /** Tasks executing now. */
  active: z.number().exactOptional(),
  /** Tasks it has taken from the queue and not started. */
  reserved: z.number().exactOptional(),
  /** Tasks waiting for their ETA or countdown. */
  scheduled: z.number().exactOptional(),
  /** Task names it has registered, sorted, capped at MAX_CELERY_TASK_NAMES. */
  registered: z.array(z.string()).default([]),
});
export type CeleryWorker = z.infer<typeof CeleryWorkerShape>;

const CeleryDetailShape = z.object({
  /** Where the answers came from, in the words the component page shows ("Asked through Flower"). */
  askedThrough: z.enum(['celery inspect', 'Flower']).default('celery inspect'),
  workers: z.array(CeleryWorkerShape).default([]),
  /** Workers that answered beyond MAX_CELERY_WORKERS, counted but not listed. */
  omittedWorkers: z.number().exactOptional(),
  /** Every task name some worker has registered, sorted, capped at MAX_CELERY_TASK_NAMES. */
  registeredTasks: z.array(z.string()).default([]),
  /** Names in the check's expectTasks that no worker has registered. */
  missingTasks: z.array(z.string()).exactOptional(),
  /** What could not be read (an inspect that failed, output cut at maxOutputBytes). */
  notes: z.array(z.string()).exactOptional(),
});
export const CeleryDetailSchema = CeleryDetailShape.loose();
export type CeleryDetail = z.infer<typeof CeleryDetailShape>;

export const CeleryMetricsSchema = z.object({
  /** How long the ping inspect (or Flower's reply) took. */
  latencyMs: z.number().exactOptional(),
  /** Workers that answered. */
  workers: z.number().exactOptional(),
  active: z.number().exactOptional(),
  reserved: z.number().exactOptional(),
  scheduled: z.number().exactOptional(),
  /** Distinct task names registered across the workers. */
  registeredTasks: z.number().exactOptional(),
});
export type CeleryMetrics = z.infer<typeof CeleryMetricsSchema>;

export const CELERY_METRICS = listFieldNames(CeleryMetricsSchema);
