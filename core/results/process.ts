import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const ProcessDetailShape = z.object({
  /** The matching processes' ids, lowest first, at most 20; a run that could not read /proc stores no detail. */
  pids: z.array(z.number()),
});
export const ProcessDetailSchema = ProcessDetailShape.loose();
export type ProcessDetail = z.infer<typeof ProcessDetailShape>;

export const ProcessMetricsSchema = z.object({
  /** Matching processes (never the collector itself). */
  count: z.number().exactOptional(),
  /** Their resident memory together. */
  rssBytes: z.number().exactOptional(),
  /** Their virtual memory (VmSize) together; results stored before it was recorded lack it. */
  vmsBytes: z.number().exactOptional(),
  /** Their threads together (each process's main thread included). */
  threads: z.number().exactOptional(),
});
export type ProcessMetrics = z.infer<typeof ProcessMetricsSchema>;

export const PROCESS_METRICS = listFieldNames(ProcessMetricsSchema);
