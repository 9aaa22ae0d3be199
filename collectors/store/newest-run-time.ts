import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { StoredSnapshotLineSchema } from '../../core/model/index.ts';
import { listSnapshotDays } from '../../core/store/read-snapshots.ts';
import { getSnapshotFile } from '../../core/store/store-paths.ts';

/** How far into a line its `t` may start: `{"v":1,"t":"…"` opens every line appendSnapshot writes. */
const T_SEARCH_BYTES = 64;
const T_FIELD = Buffer.from('"t":"');
const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * The newest run time in this source's newest day file that holds a run, as findNewestSnapshot
 * gives it, at the cost of reading the file rather than parsing it: each line's `t` is read from its
 * head, and only the newest candidate is parsed and validated (a torn or invalid one gives way to
 * the next). A day of 1,000 checks every 5 minutes is tens of megabytes a run must not parse.
 */
export async function findNewestRunTime(
  dataDir: string,
  source: string,
): Promise<{ t: number; file: string } | undefined> {
  const days = await listSnapshotDays(dataDir, source);
  for (const day of days.reverse()) {
    const file = getSnapshotFile(source, day);
    const bytes = await readFile(path.join(dataDir, file)).catch(() => Buffer.alloc(0));
    const newest = findNewestValidTime(bytes);
    if (newest !== undefined) return { t: newest, file };
  }
  return undefined;
}

function findNewestValidTime(bytes: Buffer): number | undefined {
  const candidates: { t: number; start: number; end: number }[] = [];
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const t = readLineTime(bytes, start, end);
    if (t !== undefined) candidates.push({ t, start, end });
    start = end + 1;
  }
  candidates.sort((a, b) => b.t - a.t);
  for (const { t, start, end } of candidates) {
    if (isValidLine(bytes.toString('utf8', start, end), t)) return t;
  }
  return undefined;
}

function readLineTime(bytes: Buffer, start: number, end: number): number | undefined {
  const head = bytes.subarray(start, Math.min(end, start + T_SEARCH_BYTES));
  const field = head.indexOf(T_FIELD);
  if (field === -1) return readParsedTime(bytes, start, end);
  const valueStart = start + field + T_FIELD.length;
  const valueEnd = bytes.indexOf(QUOTE, valueStart);
  if (valueEnd === -1 || valueEnd > end) return readParsedTime(bytes, start, end);
  const t = Date.parse(bytes.toString('latin1', valueStart, valueEnd));
  return Number.isNaN(t) ? readParsedTime(bytes, start, end) : t;
}

// A line written by other hands (`"t": "…"`, fields in another order): its time the slow way.
function readParsedTime(bytes: Buffer, start: number, end: number): number | undefined {
  if (end - start < 2) return undefined;
  try {
    const value = (JSON.parse(bytes.toString('utf8', start, end)) as { t?: unknown }).t;
    const t = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isNaN(t) ? undefined : t;
  } catch {
    return undefined;
  }
}

// The line a reader would keep: whole JSON, a valid snapshot line, with the time its head said.
function isValidLine(text: string, t: number): boolean {
  try {
    const parsed = StoredSnapshotLineSchema.safeParse(JSON.parse(text));
    return parsed.success && Date.parse(parsed.data.t) === t;
  } catch {
    return false;
  }
}
