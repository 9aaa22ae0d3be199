import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const CommandDetailShape = z.object({
  /** Set when the output was longer than maxOutputBytes and was cut there. */
  outputCutAtBytes: z.number().exactOptional(),
});
/**
 * Also holds, by group name, each named group of the check's `match` regex that does not read as a
 * number ("2.39.5"); numeric groups are metrics instead.
 */
export const CommandDetailSchema = CommandDetailShape.loose();
export type CommandDetail = z.infer<typeof CommandDetailShape>;

/** The metrics the probe names itself; numeric regex groups and JSON-path `metric`s come on top. */
export const CommandBuiltinMetricsSchema = z.object({
  /** Wall time of the program. */
  durationMs: z.number().exactOptional(),
  /** Absent when the program did not exit on its own (timed out, not found). */
  exitCode: z.number().exactOptional(),
});
export type CommandBuiltinMetrics = z.infer<typeof CommandBuiltinMetricsSchema>;

export const CommandMetricsSchema = CommandBuiltinMetricsSchema.catchall(z.number());
export type CommandMetrics = z.infer<typeof CommandMetricsSchema>;

export const COMMAND_METRICS = listFieldNames(CommandBuiltinMetricsSchema);
