import { isRecord } from '../../../core/is-record.ts';

// Pure readers of `celery inspect <method> --json` output (Celery 5: one JSON object, worker name →
// its reply) into counts per worker. Only counts and task names are taken; arguments never are.

/** The inspect methods the probe runs, in the order it reports them. */
export const INSPECT_METHODS = ['ping', 'active', 'reserved', 'scheduled', 'registered'] as const;
export type InspectMethod = (typeof INSPECT_METHODS)[number];

/** `celery inspect` exits with EX_UNAVAILABLE (69) and says so when no worker replied in time. */
export const NO_REPLY_EXIT_CODE = 69;

const MAX_TASK_NAME_CHARS = 200;

export type InspectReplies = { ok: true; replies: Record<string, unknown> } | { ok: false; error: string };

/** The JSON object `celery inspect --json` prints; anything else is an error naming the method. */
export function parseInspectJson(method: InspectMethod, text: string): InspectReplies {
  const trimmed = text.trim();
  // Celery prints the JSON last; a warning from an imported module may come first.
  const start = trimmed.startsWith('{') ? 0 : trimmed.lastIndexOf('\n{') + 1;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed.slice(start));
  } catch {
    return { ok: false, error: `inspect ${method}: output is not JSON (${describeHead(trimmed)})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: `inspect ${method}: expected a JSON object of worker replies` };
  }
  return { ok: true, replies: parsed as Record<string, unknown> };
}

/** Names of the workers whose ping reply is `{"ok": "pong"}`. */
export function readPingReplies(replies: Record<string, unknown>): string[] {
  return Object.entries(replies)
    .filter(([, reply]) => isRecord(reply) && reply.ok === 'pong')
    .map(([name]) => name)
    .sort();
}

/** Tasks per worker from an active, reserved or scheduled reply (each a list of task requests). */
export function countTaskReplies(replies: Record<string, unknown>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, reply] of Object.entries(replies)) {
    if (Array.isArray(reply)) counts.set(name, reply.length);
  }
  return counts;
}

/**
 * Registered task names per worker. `inspect registered` may add attributes after the name
 * ("tasks.add [rate_limit=10/m]"); only the name is kept, capped in length.
 */
export function readRegisteredReplies(replies: Record<string, unknown>): Map<string, string[]> {
  const registered = new Map<string, string[]>();
  for (const [name, reply] of Object.entries(replies)) {
    if (!Array.isArray(reply)) continue;
    const names = reply
      .filter((item): item is string => typeof item === 'string')
      .map((item) => item.split(' [', 1)[0]?.trim().slice(0, MAX_TASK_NAME_CHARS) ?? '')
      .filter((item) => item !== '');
    registered.set(name, [...new Set(names)].sort());
  }
  return registered;
}

/** The start of output that is not JSON, on one line, short. */
function describeHead(text: string): string {
  if (text === '') return 'empty';
  const line = text.split('\n', 1)[0] ?? '';
  return `starts "${line.slice(0, 80)}${line.length > 80 ? '…' : ''}"`;
}
