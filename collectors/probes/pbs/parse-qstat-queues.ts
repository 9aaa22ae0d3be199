import type { JobCounts } from '../../../core/results/cluster-summary.ts';
import { isPlainObject, parsePbsCount } from './pbs-values.ts';
import { parseTolerantJson } from './repair-json.ts';

export const QSTAT_QUEUES_ARGS = ['-Q', '-f', '-F', 'json'] as const;

export interface PbsQueue {
  name: string;
  /** "Execution" or "Route". */
  type: string;
  isEnabled: boolean;
  isStarted: boolean;
  jobs: JobCounts;
}

export type QstatQueuesResult =
  | { ok: true; queues: PbsQueue[]; wasRepaired: boolean }
  | { ok: false; error: string };

/** Parses `qstat -Q -f -F json`: each queue's state_count ("Transit:0 Queued:12 … Running:3 …"). */
export function parseQstatQueues(text: string): QstatQueuesResult {
  const parsed = parseTolerantJson(text);
  if (!parsed.ok) return { ok: false, error: `qstat: ${parsed.error}` };
  const document = parsed.value;
  if (!isPlainObject(document)) return { ok: false, error: 'qstat: expected a JSON object' };
  // A server with no queues prints no "Queue" key at all.
  const queues = isPlainObject(document.Queue) ? document.Queue : {};
  return {
    ok: true,
    queues: Object.entries(queues).flatMap(([name, raw]) => (isPlainObject(raw) ? [toQueue(name, raw)] : [])),
    wasRepaired: parsed.wasRepaired,
  };
}

function toQueue(name: string, raw: Record<string, unknown>): PbsQueue {
  const counts = parseStateCount(String(raw.state_count ?? ''));
  const count = (key: string) => counts[key] ?? 0;
  return {
    name,
    type: String(raw.queue_type ?? 'Execution'),
    isEnabled: String(raw.enabled) === 'True',
    isStarted: String(raw.started) === 'True',
    jobs: {
      // Begun: an array job whose subjobs have started.
      running: count('Running') + count('Begun'),
      pending: count('Queued'),
      other: count('Held') + count('Waiting') + count('Transit') + count('Exiting'),
    },
  };
}

export function parseStateCount(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/(\w+):(\d+)/g)) counts[match[1] ?? ''] = parsePbsCount(match[2]);
  return counts;
}
