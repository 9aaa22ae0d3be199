import { z } from 'zod';

/**
 * What a check's heal command did, stored by the collector's runner (not the probe) as
 * `detail.heal` of the run it ran in, for every check type.
 */
export const HealRecordSchema = z.object({
  /** When the command ran (ISO 8601). */
  ranAt: z.string(),
  /** null when the command did not exit on its own (not found, timed out). */
  exitCode: z.number().nullable().default(null),
  /** First line of its output, or why it failed: "exit 0", "command not found: systemctl". */
  message: z.string(),
});
export type HealRecord = z.infer<typeof HealRecordSchema>;

/** The key the runner stores a heal record under, next to the probe's own fields. */
export const HEAL_DETAIL_KEY = 'heal';
