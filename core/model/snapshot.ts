import { z } from 'zod';
import { CheckStatusSchema, ProbeStatusSchema } from './status.ts';

/** Numbers worth charting, keyed by metric name (units in the name: latencyMs, usedBytes). */
export const MetricsSchema = z.record(z.string(), z.number());
export type Metrics = z.infer<typeof MetricsSchema>;

/** One check's outcome in one run, as stored in a snapshot line. */
export const CheckResultSchema = z.object({
  id: z.string(),
  /** The judged status, after thresholds and failuresBeforeDown. */
  status: CheckStatusSchema,
  /** What the probe saw before failuresBeforeDown was applied, when it differs from `status`. */
  raw: ProbeStatusSchema.optional(),
  /** How long the probe took (all attempts). */
  ms: z.number(),
  /** Short human explanation: "HTTP 503 after 120 ms", "timed out after 5 s". */
  message: z.string(),
  metrics: MetricsSchema.default({}),
  /** Non-numeric observations: versions, names of down nodes, notes. */
  detail: z.record(z.string(), z.unknown()).default({}),
  /** Probe attempts this run, when more than one (a retry); with `firstFailure`, flakiness shows. */
  attempts: z.int().min(2).optional(),
  /** What the first attempt saw, when a retry followed it. */
  firstFailure: z.string().optional(),
  /**
   * How long Vigil's own event loop was held up while this result was measured, when more than
   * `collect.loopDelayLimit`: its timings include Vigil's work, so no timing threshold judged them.
   */
  loopDelayMs: z.number().optional(),
  /**
   * Set on a result that stands for several runs of a sub-minute check, folded once they left
   * `site.fullRateWindow`: consecutive runs of one status within one minute, with no gap between
   * them. `runs` is how many, `spanMs` the time from the first run (this result's line) to the last;
   * `ms` and `metrics` are their means. Uptime lets it vouch for its whole span.
   */
  folded: z.object({ runs: z.int().min(2), spanMs: z.number().min(0) }).optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const AgentSchema = z.object({
  version: z.string(),
  host: z.string(),
  ip: z.string().optional(),
});
export type Agent = z.infer<typeof AgentSchema>;

export const SNAPSHOT_VERSION = 1 as const;

/** One line of data/snapshots/<source>/<YYYY-MM-DD>.jsonl: one collector run. */
export const SnapshotLineSchema = z.object({
  v: z.literal(SNAPSHOT_VERSION),
  /** When the run started (ISO 8601, UTC). */
  t: z.iso.datetime(),
  source: z.string(),
  agent: AgentSchema,
  /** Wall time of the whole run. */
  durationMs: z.number().optional(),
  /** How well this run could measure: the longest its own event loops were held up (coordinator and probe runners). */
  run: z.object({ loopDelayMaxMs: z.number() }).optional(),
  results: z.array(CheckResultSchema),
});
export type SnapshotLine = z.infer<typeof SnapshotLineSchema>;

/** Per-status sample counts and milliseconds of one check over one day. */
export const StatusTallySchema = z.object({
  up: z.number().default(0),
  degraded: z.number().default(0),
  down: z.number().default(0),
  maintenance: z.number().default(0),
  unknown: z.number().default(0),
});
export type StatusTally = z.infer<typeof StatusTallySchema>;

/** One line of data/rollups/<source>/<YYYY-MM>.jsonl: one check over one UTC day. */
export const RollupLineSchema = z.object({
  v: z.literal(SNAPSHOT_VERSION),
  /** The UTC day, YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  id: z.string(),
  /** Runs by status. */
  samples: StatusTallySchema,
  /** Milliseconds covered by each status (gaps excluded). */
  durationsMs: StatusTallySchema,
  /** (up + degraded) / (up + degraded + down) time; null when there was no such time. */
  uptime: z.number().nullable(),
  latencyMs: z.object({ p50: z.number(), p95: z.number(), max: z.number() }).nullable(),
  metrics: z.record(z.string(), z.object({ mean: z.number(), max: z.number() })).default({}),
  /** The first and last run folded in (ISO 8601), so a later fold of the same day can tell a re-fold from late runs. */
  firstT: z.string().optional(),
  lastT: z.string().optional(),
});
export type RollupLine = z.infer<typeof RollupLineSchema>;

/** Per-check memory between runs: consecutive failures and what a probe wants to see next time. */
export const CheckStateSchema = z.object({
  consecutiveFailures: z.number().default(0),
  lastStatus: CheckStatusSchema.optional(),
  /** When lastStatus began. */
  since: z.string().optional(),
  /** Opaque probe memory, e.g. I/O counters for rates. */
  probe: z.unknown().optional(),
  /** When the check's heal command last ran (ISO 8601), for its minInterval. */
  lastHealAt: z.string().optional(),
  /** The start of the run that last probed the check (ISO 8601): `collect` runs a check when it is due (core/model/check-schedule.ts). */
  lastRunAt: z.string().optional(),
});
export type CheckState = z.infer<typeof CheckStateSchema>;

/** data/state/<source>.json */
export const StateFileSchema = z.object({
  v: z.literal(SNAPSHOT_VERSION),
  updatedAt: z.string().optional(),
  checks: z.record(z.string(), CheckStateSchema).default({}),
  /**
   * Incidents and maintenance (file slugs) whose start the webhooks were told of and whose end not
   * yet; kept only by the source that announces them, absent until its first announcing run.
   */
  announcedIncidents: z.array(z.string()).optional(),
});
export type StateFile = z.infer<typeof StateFileSchema>;
