import path from 'node:path';
import { z } from 'zod';
import type { FormerIds } from '../../core/history/former-ids.ts';
import { AlertEventSchema } from '../../core/model/alerts-schema.ts';
import { CheckStatusSchema } from '../../core/model/status.ts';
import type { DataWarningHandler } from '../../core/store/data-warning.ts';
import { readTextIfExists } from '../../core/store/read-jsonl.ts';
import { assertUrlSafeSource } from '../../core/store/store-paths.ts';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import { getAlertStateFile } from './alert-state-file.ts';

const AlertSchema = z.looseObject({
  key: z.string(),
  event: z.union([AlertEventSchema, z.literal('test')]),
  action: z.enum(['trigger', 'resolve', 'info']),
  isReminder: z.boolean(),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  site: z.string(),
  title: z.string(),
  text: z.string(),
  subject: z.looseObject({
    kind: z.enum(['check', 'incident', 'maintenance', 'collector', 'test']),
    id: z.string(),
    name: z.string(),
    group: z.string().optional(),
  }),
  url: z.string().optional(),
  at: z.string(),
  updates: z.array(z.object({ at: z.string(), status: z.string(), text: z.string() })).optional(),
});

/** An alert waiting to be delivered: it names its provider by id and holds no secret. */
const OutboxEntrySchema = z.object({
  provider: z.string(),
  alert: AlertSchema,
  /** When it was first queued (ms since epoch): entries older than alerts.outboxMaxAge are dropped. */
  queuedAtMs: z.number(),
  attempts: z.int().min(0),
  /** A Retry-After longer than the run's deadline: not tried before this. */
  notBeforeMs: z.number().optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** What alerting remembers between runs, in data/state/<source>.alerts.json. */
const AlertStateSchema = z.object({
  v: z.literal(1),
  /** Each check's judged status, since when, and for how many consecutive runs. */
  checks: z.record(
    z.string(),
    z.object({ status: CheckStatusSchema, since: z.string(), runs: z.int().min(1) }),
  ),
  /** Per provider, the checks whose down or degraded alert was sent and is not resolved yet. */
  open: z.record(
    z.string(),
    z.record(z.string(), z.object({ status: CheckStatusSchema, key: z.string(), lastSentAt: z.string() })),
  ),
  /**
   * Per provider, the key of the alert of each multi-place check this collector resolved last: a place
   * back after a hand-over that still holds that key open drops it instead of resolving it again.
   */
  resolved: z
    .record(z.string(), z.record(z.string(), z.object({ key: z.string(), at: z.string() })))
    .optional(),
  /** Incidents and maintenance in progress as announced, with their number of updates; absent: never recorded. */
  incidents: z.record(z.string(), z.object({ updates: z.int().min(0) })).optional(),
  /** Other collectors found silent, since when; absent: never recorded. */
  collectors: z.record(z.string(), z.object({ silentSince: z.string() })).optional(),
  outbox: z.array(OutboxEntrySchema),
});
export type AlertState = z.infer<typeof AlertStateSchema>;

export { getAlertStateFile };

export function createEmptyAlertState(): AlertState {
  return { v: 1, checks: {}, open: {}, outbox: [] };
}

/** Reads the alert state; a missing file is a first run, a corrupt one a warning and a fresh start. */
export async function readAlertState(
  dataDir: string,
  source: string,
  onWarning: DataWarningHandler,
): Promise<AlertState> {
  assertUrlSafeSource(source, 'readAlertState');
  const file = getAlertStateFile(source);
  const text = await readTextIfExists(path.join(dataDir, file));
  if (text === undefined) return createEmptyAlertState();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = AlertStateSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  onWarning({
    file,
    message: 'not a valid alert state file; starting again (open alerts and the outbox are forgotten)',
  });
  return createEmptyAlertState();
}

/**
 * The alert state of a renamed check carried over to its id now (`formerIds`): its tracked status and
 * each provider's open alert, so a rename neither pages again nor loses the resolve.
 */
export function renameAlertStateChecks(state: AlertState, renames: FormerIds): AlertState {
  if (renames.size === 0) return state;
  const rename = <T>(map: Record<string, T>): Record<string, T> => {
    const next = { ...map };
    for (const [former, id] of renames) {
      const previous = next[former];
      if (previous === undefined) continue;
      delete next[former];
      next[id] ??= previous;
    }
    return next;
  };
  const open: AlertState['open'] = {};
  for (const [provider, checks] of Object.entries(state.open)) open[provider] = rename(checks);
  return { ...state, checks: rename(state.checks), open };
}

/** Written atomically, as the collector's other state. */
export async function writeAlertState(dataDir: string, source: string, state: AlertState): Promise<void> {
  assertUrlSafeSource(source, 'writeAlertState');
  await writeFileAtomic(path.join(dataDir, getAlertStateFile(source)), `${JSON.stringify(state, null, 2)}\n`);
}
