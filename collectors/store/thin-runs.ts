import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, type FileHandle, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { getStaleAfterMs } from '../../core/history/freshness.ts';
import { getUtcDayStartMs, toUtcDay } from '../../core/history/utc-day.ts';
import { runsOn } from '../../core/model/check-places.ts';
import type { Config } from '../../core/model/index.ts';
import type { DataWarningHandler } from '../../core/store/data-warning.ts';
import { isMissing } from '../../core/store/read-jsonl.ts';
import { listSnapshotDays } from '../../core/store/read-snapshots.ts';
import { assertUrlSafeSource, getSnapshotDir, getSnapshotFile } from '../../core/store/store-paths.ts';
import {
  getTempPath,
  isTempFileOf,
  removeStaleTempFiles,
  syncDirectory,
  writeFileAtomic,
} from '../../core/store/write-file-atomic.ts';
import {
  FOLD_BUCKET_MS,
  readHeadTime,
  type ThinDayOptions,
  type ThinnedCheck,
  thinDayText,
} from './thin-day.ts';

/** Checks that run more often than this keep every result only within site.fullRateWindow. */
export const SUB_MINUTE_MS = 60_000;

export interface ThinOptions {
  now: Date;
  config: Pick<Config, 'checks' | 'site'>;
  /** Accepted for symmetry with retention; unreadable lines are kept as they are, never reported twice. */
  onWarning?: DataWarningHandler;
}

export interface ThinResult {
  /** Day files rewritten, relative to the data dir, sorted. */
  rewrittenFiles: string[];
  /** Results folded into an earlier result of their check. */
  foldedResults: number;
}

/**
 * Up to when a source's sub-minute results are folded, and where in each day file still being folded
 * the unfolded lines start: a fold reads from there, never a whole day file again.
 */
interface ThinMark {
  foldedBeforeMs: number;
  /** By day (YYYY-MM-DD): the byte offset of the first line not yet folded, and what vouches for it. */
  days: Map<string, DayOffset>;
}

/** A day file's unfolded lines start at `offset`; the line before it (from `lineStart`) hashes to `hash`. */
interface DayOffset {
  offset: number;
  lineStart: number;
  hash: string;
}

/**
 * Each source's mark, by data dir and source: a long-running collector reads no day file again until
 * there is more to fold. A new process reads it from `state/.<source>.thinned.json`, a local file
 * publish never commits.
 */
const marks = new Map<string, ThinMark>();

/**
 * Folds results of this source's sub-minute checks (an own interval under a minute) older than
 * `site.fullRateWindow` to about one per check per minute (see thinDayText: status changes and gaps
 * stay, uptime is unchanged). Cheap when there is nothing new to fold: it works only once the oldest
 * unfolded minute is a step (a sixth of the window, 1–10 min) older than the window, and then reads
 * only the unfolded bytes of each day file (from the offset the last fold left) up to the first line
 * still inside the window; the bytes before and after are copied, not parsed. Day files are replaced
 * atomically; the caller serialises it with appends to this source (one collect session, or the
 * source lock).
 */
export async function thinSubMinuteRuns(
  dataDir: string,
  source: string,
  options: ThinOptions,
): Promise<ThinResult> {
  assertUrlSafeSource(source, 'thinSubMinuteRuns');
  const checks = listThinnedChecks(options.config, source);
  const none: ThinResult = { rewrittenFiles: [], foldedResults: 0 };
  if (checks.size === 0) return none;
  const windowMs = options.config.site.fullRateWindow;
  const foldBeforeMs = Math.floor((options.now.getTime() - windowMs) / FOLD_BUCKET_MS) * FOLD_BUCKET_MS;
  const key = `${path.resolve(dataDir)}\0${source}`;
  const mark = marks.get(key) ?? (await readMark(dataDir, source));
  const markMs = mark?.foldedBeforeMs;
  if (markMs !== undefined && foldBeforeMs < markMs + getThinStepMs(windowMs)) return none;

  const firstDay = markMs === undefined ? undefined : toUtcDay(markMs);
  const days = (await listSnapshotDays(dataDir, source)).filter(
    (day) => getUtcDayStartMs(day) < foldBeforeMs && (firstDay === undefined || day >= firstDay),
  );
  if (days.length > 0) await removeStaleTempFiles(path.join(dataDir, getSnapshotDir(source)));
  const rewrittenFiles: string[] = [];
  let foldedResults = 0;
  const lastDay = toUtcDay(foldBeforeMs);
  const nextDays = new Map<string, DayOffset>();
  for (const day of days) {
    const file = getSnapshotFile(source, day);
    const outcome = await thinDayFile(path.join(dataDir, file), {
      checks,
      foldBeforeMs,
      foldFromMs: markMs,
      // A day after the mark's day holds no folded line: it is read from its start.
      known:
        markMs !== undefined && getUtcDayStartMs(day) < markMs ? (mark?.days.get(day) ?? null) : undefined,
    });
    if (outcome === undefined) continue;
    // Days before the new mark's day are done: the next fold starts at its day.
    if (day >= lastDay) nextDays.set(day, outcome.next);
    if (outcome.foldedResults === 0) continue;
    rewrittenFiles.push(file);
    foldedResults += outcome.foldedResults;
  }
  const next: ThinMark = { foldedBeforeMs: foldBeforeMs, days: nextDays };
  marks.set(key, next);
  await writeMark(dataDir, source, next);
  return { rewrittenFiles, foldedResults };
}

/** How the lines of one day file are found and folded. */
interface DayFileFold {
  checks: ReadonlyMap<string, ThinnedCheck>;
  foldBeforeMs: number;
  foldFromMs: number | undefined;
  /**
   * Where the last fold left this file's unfolded lines: an offset to check, null when none was
   * recorded (the lines from foldFromMs on are looked for), undefined to read from the start.
   */
  known: DayOffset | null | undefined;
}

/** Bytes read at a time while looking for the first line still inside the window. */
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Folds the lines of one day file from its unfolded offset to the first line at or after
 * foldBeforeMs, and replaces the file when that changed anything (the bytes before and after are
 * copied as they are). Returns where the next fold starts, or undefined when the file is gone.
 */
async function thinDayFile(
  filePath: string,
  fold: DayFileFold,
): Promise<{ foldedResults: number; next: DayOffset } | undefined> {
  const handle = await open(filePath, 'r').catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (handle === undefined) return undefined;
  let start: number;
  let region: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    start = 0;
    if (fold.known !== undefined && fold.foldFromMs !== undefined) {
      const checked = fold.known === null ? false : await isOffsetValid(handle, fold.known, size);
      start = checked
        ? (fold.known as DayOffset).offset
        : (await scanToLine(handle, 0, size, fold.foldFromMs)).offset;
    }
    region = (await scanToLine(handle, start, size, fold.foldBeforeMs, true)).bytes;
  } finally {
    await handle.close();
  }
  const end = start + region.length;
  const outcome = await thinRegion(region.toString('utf8'), {
    checks: fold.checks,
    foldBeforeMs: fold.foldBeforeMs,
    ...(fold.foldFromMs !== undefined && { foldFromMs: fold.foldFromMs }),
  });
  if (outcome.foldedResults === 0) {
    const same = region.length === 0 && fold.known?.offset === start ? fold.known : undefined;
    return {
      foldedResults: 0,
      next: same ?? toDayOffset(region, start) ?? (await readOffset(filePath, end)),
    };
  }
  const folded = Buffer.from(outcome.text, 'utf8');
  await replaceRange(filePath, { start, end, size }, folded);
  const next = toDayOffset(folded, start) ?? (await readOffset(filePath, start + folded.length));
  return { foldedResults: outcome.foldedResults, next };
}

/** About how much text one slice of a fold parses before the event loop gets a turn. */
const SLICE_CHARS = 128 * 1024;

/**
 * thinDayText over the region in slices of whole minutes (a folded result never spans two), with a
 * turn of the event loop between them: a long region never holds up the appends and timers waiting.
 */
async function thinRegion(
  text: string,
  options: ThinDayOptions,
): Promise<{ text: string; foldedResults: number }> {
  const pieces: string[] = [];
  let foldedResults = 0;
  let sliceStart = 0;
  let sliceMinute: number | undefined;
  let lineStart = 0;
  const flush = async (sliceEnd: number) => {
    const outcome = thinDayText(text.slice(sliceStart, sliceEnd), options);
    pieces.push(outcome.text);
    foldedResults += outcome.foldedResults;
    sliceStart = sliceEnd;
    if (sliceEnd < text.length) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  while (lineStart < text.length) {
    const t = readHeadTime(text.slice(lineStart, lineStart + HEAD_BYTES));
    const minute = t === undefined ? undefined : Math.floor(t / FOLD_BUCKET_MS);
    // A slice ends where a new minute starts, once it holds enough text.
    if (minute !== undefined && minute !== sliceMinute) {
      if (lineStart - sliceStart >= SLICE_CHARS) await flush(lineStart);
      sliceMinute = minute;
    }
    const newline = text.indexOf('\n', lineStart);
    lineStart = newline === -1 ? text.length : newline + 1;
  }
  await flush(text.length);
  return { text: pieces.join(''), foldedResults };
}

/**
 * Reads from `from` up to the first line (after a newline) whose head time is at or after `ms`, or
 * to the end of the file; returns that line's offset, and the bytes read before it when asked.
 */
async function scanToLine(
  handle: FileHandle,
  from: number,
  size: number,
  ms: number,
  keep = false,
): Promise<{ offset: number; bytes: Buffer }> {
  const kept: Buffer[] = [];
  let position = from;
  // The start of a line too short yet to hold its head, read again with the next chunk.
  let carry = Buffer.alloc(0);
  // The last chunk ended inside a line whose head was read: the next one starts after its newline.
  let midLine = false;
  while (position < size) {
    const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, size - position));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    const read = chunk.subarray(0, bytesRead);
    const bytes = carry.length === 0 ? read : Buffer.concat([carry, read]);
    const base = position - carry.length;
    position += bytesRead;
    carry = Buffer.alloc(0);
    let lineStart = 0;
    if (midLine) {
      const newline = bytes.indexOf(NEWLINE);
      lineStart = newline === -1 ? bytes.length : newline + 1;
      midLine = newline === -1;
    }
    while (lineStart < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, lineStart);
      if (newline === -1 && bytes.length - lineStart < HEAD_BYTES && position < size) {
        carry = bytes.subarray(lineStart);
        break;
      }
      const headEnd = Math.min(newline === -1 ? bytes.length : newline, lineStart + HEAD_BYTES);
      const t = readHeadTime(bytes.toString('latin1', lineStart, headEnd));
      if (t !== undefined && t >= ms) {
        if (keep) kept.push(bytes.subarray(0, lineStart));
        return { offset: base + lineStart, bytes: Buffer.concat(kept) };
      }
      if (newline === -1) {
        midLine = true;
        break;
      }
      lineStart = newline + 1;
    }
    if (keep) kept.push(bytes.subarray(0, bytes.length - carry.length));
  }
  return { offset: size, bytes: Buffer.concat(kept) };
}

/** Enough of a line's start to hold `{"v":1,"t":"<time>"`. */
const HEAD_BYTES = 64;
const NEWLINE = 0x0a;

/** Whether the file still holds, right before `offset`, the line that was there when it was recorded. */
async function isOffsetValid(handle: FileHandle, known: DayOffset, size: number): Promise<boolean> {
  if (known.offset > size || known.lineStart > known.offset) return false;
  if (known.offset === 0) return true;
  const bytes = Buffer.alloc(known.offset - known.lineStart);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, known.lineStart);
  return bytesRead === bytes.length && hashBytes(bytes) === known.hash;
}

/** The offset after `bytes` (read from `start`) when they end with a whole line, vouched for by that line. */
function toDayOffset(bytes: Buffer, start: number): DayOffset | undefined {
  if (bytes.length === 0 || bytes.at(-1) !== NEWLINE) return undefined;
  const lineStart = bytes.lastIndexOf(NEWLINE, bytes.length - 2) + 1;
  return {
    offset: start + bytes.length,
    lineStart: start + lineStart,
    hash: hashBytes(bytes.subarray(lineStart)),
  };
}

/** The offset `offset` of a file, vouched for by the line before it (read back from the file). */
async function readOffset(filePath: string, offset: number): Promise<DayOffset> {
  if (offset === 0) return { offset: 0, lineStart: 0, hash: '' };
  const handle = await open(filePath, 'r');
  try {
    const before = Buffer.alloc(Math.min(offset, 1024 * 1024));
    const from = offset - before.length;
    const { bytesRead } = await handle.read(before, 0, before.length, from);
    const bytes = before.subarray(0, bytesRead);
    const lineStart = bytes.lastIndexOf(NEWLINE, bytes.length - 2) + 1;
    return { offset, lineStart: from + lineStart, hash: hashBytes(bytes.subarray(lineStart)) };
  } finally {
    await handle.close();
  }
}

function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * Replaces bytes [start, end) of a file with `bytes`, atomically: the file is copied beside itself
 * (by the kernel, off this thread), the range rewritten in the copy, which is fsynced and renamed
 * over the file. The caller keeps other writers of the file out meanwhile.
 */
async function replaceRange(
  filePath: string,
  range: { start: number; end: number; size: number },
  bytes: Buffer,
): Promise<void> {
  const dir = path.dirname(filePath);
  const tempPath = getTempPath(filePath);
  try {
    await copyFile(filePath, tempPath, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    const handle = await open(tempPath, 'r+');
    try {
      const size = (await handle.stat()).size;
      if (size < range.end) throw new Error(`${filePath} shrank while it was folded`);
      const after = Buffer.alloc(size - range.end);
      const { bytesRead } = await handle.read(after, 0, after.length, range.end);
      await handle.write(bytes, 0, bytes.length, range.start);
      await handle.write(after, 0, bytesRead, range.start + bytes.length);
      await handle.truncate(range.start + bytes.length + bytesRead);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** How much foldable time gathers before a fold reads the day files again: a sixth of the window, 1–10 min. */
export function getThinStepMs(windowMs: number): number {
  return Math.min(10 * 60_000, Math.max(FOLD_BUCKET_MS, windowMs / 6));
}

/** This source's checks with their own interval under a minute, with the gap each run vouches for. */
export function listThinnedChecks(
  config: Pick<Config, 'checks' | 'site'>,
  source: string,
): Map<string, ThinnedCheck> {
  const checks = new Map<string, ThinnedCheck>();
  for (const check of config.checks) {
    // Only a check's own interval: a site.interval under a minute leaves cron users' files as they are.
    if (!runsOn(check, source) || check.interval === undefined || check.interval >= SUB_MINUTE_MS) continue;
    checks.set(check.id, { maxGapMs: getStaleAfterMs(check, config.site) });
  }
  return checks;
}

function getMarkFile(dataDir: string, source: string): string {
  return path.join(dataDir, 'state', `.${source}.thinned.json`);
}

/**
 * The mark a previous process left; none (or one unreadable) means every retained day is read once,
 * and a mark without a day's offset (or one the file no longer vouches for) means that day's lines
 * are looked through for the first one not folded.
 */
async function readMark(dataDir: string, source: string): Promise<ThinMark | undefined> {
  try {
    const mark = JSON.parse(await readFile(getMarkFile(dataDir, source), 'utf8')) as {
      foldedBefore?: unknown;
      days?: unknown;
    };
    const ms = typeof mark.foldedBefore === 'string' ? Date.parse(mark.foldedBefore) : Number.NaN;
    if (!Number.isFinite(ms)) return undefined;
    const days = new Map<string, DayOffset>();
    if (typeof mark.days === 'object' && mark.days !== null) {
      for (const [day, value] of Object.entries(mark.days as Record<string, unknown>)) {
        const { offset, lineStart, hash } = (value ?? {}) as Partial<DayOffset>;
        if (Number.isSafeInteger(offset) && Number.isSafeInteger(lineStart) && typeof hash === 'string')
          days.set(day, { offset, lineStart, hash } as DayOffset);
      }
    }
    return { foldedBeforeMs: ms, days };
  } catch (error) {
    if (!isMissing(error) && !(error instanceof SyntaxError)) throw error;
    return undefined;
  }
}

async function writeMark(dataDir: string, source: string, mark: ThinMark): Promise<void> {
  const markFile = getMarkFile(dataDir, source);
  // The mark file's name starts with a dot, so its temp files start with two (getTempPath).
  await removeStaleTempFiles(path.dirname(markFile), (name) => isTempFileOf(name, path.basename(markFile)));
  const days = Object.fromEntries([...mark.days].sort(([a], [b]) => (a < b ? -1 : 1)));
  const text = `${JSON.stringify({ v: 2, foldedBefore: new Date(mark.foldedBeforeMs).toISOString(), days })}\n`;
  await writeFileAtomic(markFile, text);
}

/** Exported for tests: forget what this process knows, as a new process would. */
export function forgetThinMarks(): void {
  marks.clear();
}
