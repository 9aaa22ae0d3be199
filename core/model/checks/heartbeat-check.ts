import { z } from 'zod';
import { DurationSchema } from '../duration.ts';
import { BaseCheckFields } from './base-check.ts';

/**
 * A push monitor: a job (a cron line, a backup script) reports in with `vigil heartbeat ID`, which
 * writes `<data>/heartbeats/<id>.json`; the check reads the newest report and is down when the job
 * said so or when no report came within `every` + `grace`.
 */
export const HeartbeatCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z
    .literal('heartbeat')
    .meta({ description: 'A job reports in with `vigil heartbeat ID`; down when its reports stop.' }),
  /** How often the job reports: a report older than `every` + `grace` makes the check down. */
  every: DurationSchema.refine((ms) => ms >= 1000, {
    error: 'expected every of at least 1s, e.g. "1h" for a job that reports hourly',
  }).meta({
    description: 'How often the job reports in; down when the newest report is older than every + grace.',
    examples: ['1h', '24h', '15m'],
  }),
  /** How late a report may be before the check is down (a job's own run time, a slow cron). */
  grace: DurationSchema.prefault('5m').meta({
    description: "How late a report may be before the check is down (the job's own run time, clock drift).",
    examples: ['5m', '30m'],
  }),
  /**
   * Reading the report again finds the same report, so a heartbeat check does not retry; `grace` is
   * its tolerance already, so one late reading is down (no failuresBeforeDown of the collector's).
   */
  retries: z.int().min(0).max(5).default(0).meta({
    description:
      'Extra attempts of a failed probe within one run (default 0: a re-read finds the same report).',
  }),
  failuresBeforeDown: z.int().min(1).max(100).default(1).meta({
    description:
      'Consecutive late or down readings before the check shows down (default 1: grace is the tolerance already).',
  }),
});
export type HeartbeatCheck = z.infer<typeof HeartbeatCheckSchema>;
