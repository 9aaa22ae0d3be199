import { createHash, randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { joinRunSeries } from '../../core/history/run-series.ts';
import { toUtcDay } from '../../core/history/utc-day.ts';
import type { SnapshotLine } from '../../core/model/index.ts';
import { StoredSnapshotLineSchema } from '../../core/model/stored-versions.ts';
import type { DataWarning, DataWarningHandler } from '../../core/store/data-warning.ts';
import { isMissing, listDirIfExists, parseJsonLines } from '../../core/store/read-jsonl.ts';
import { listSnapshotDays, listSnapshotSources } from '../../core/store/read-snapshots.ts';
import { getSnapshotFile } from '../../core/store/store-paths.ts';
import { removeStaleTempFiles } from '../../core/store/write-file-atomic.ts';
import { VIGIL_VERSION } from '../../core/version.ts';
import {
  type DayFoldSettings,
  type DayPart,
  foldDayLines,
  RECENT_RESULT_COUNT,
  type RunHead,
} from './day-parts.ts';

/**
 * Bumped whenever what a day part holds, or how it is folded, changes: older cache files are then
 * never read (their names no longer match) and are removed by the next build.
 */
const DAY_CACHE_VERSION = 1;

/** Day files read (and folded) at once: enough to keep the disk busy, few enough to bound memory. */
const READ_CONCURRENCY = 4;

/** `$VIGIL_CACHE`, or `.vigil-cache/` beside the data directory (never inside it: data/ is committed). */
export function resolveCacheDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.VIGIL_CACHE?.trim();
  if (configured === 'off') return undefined;
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  return path.join(path.dirname(path.resolve(dataDir)), '.vigil-cache');
}

export interface ReadDayPartsOptions {
  settings: DayFoldSettings;
  /** Undefined: every day file is read and folded, nothing is kept. */
  cacheDir: string | undefined;
  /** Day files before this instant's UTC day are not read. */
  sinceMs: number;
  /** Runs after this instant are left out: a part holding one is folded again without it, never cached. */
  untilMs: number;
  onWarning: DataWarningHandler;
  /**
   * How long after its last change a file's times are trusted to tell a later change (default 2 s;
   * git's "racy" files): a file changed more recently is hashed again on the next build.
   */
  settledAfterMs?: number;
  /** Only the files (in file order) this picks; default all. A warm-up worker takes its share. */
  select?: (index: number) => boolean;
  /**
   * Whether this read records file times and removes entries nothing matches (default true); a
   * warm-up worker, which sees only its share of the files, does neither.
   */
  tidy?: boolean;
  /**
   * Given each part as it is read, with its place in file order; the parts are then not kept (a
   * build folds them into its run index as they come: see RunIndexBuilder).
   */
  onPart?: (part: DayPart, index: number) => void;
  /** Day files read at once (default READ_CONCURRENCY); a warm-up worker reads one at a time. */
  concurrency?: number;
  /**
   * Keep each part in this process's memory too (the data renderer, which reads the same 14 days on
   * every render): a file whose times and size are unchanged is then neither read nor deserialised.
   */
  keepInMemory?: boolean;
}

/** A part kept in memory by keepInMemory, with the stamp and cache name of the bytes it folds. */
interface RememberedPart {
  stamp: string;
  /** Empty when the part was folded piecewise (foldAppended) and its bytes were never hashed. */
  name: string;
  part: DayPart;
  /**
   * Where the folded bytes end, when they end with a whole line: a file that only grew since is
   * folded from there on (foldAppended). `lines` counts them, for the line numbers of warnings.
   */
  end?: FoldedEnd;
}

/**
 * Where a part's folded bytes end, and what vouches that the file still holds them: an unchanged
 * inode and a larger size alone do not (a rewrite in place, or an inode reused after two renames,
 * can grow past the old size), so the first bytes and the last folded line are compared too.
 */
interface FoldedEnd {
  ino: bigint;
  size: number;
  lines: number;
  /** The file's first bytes (up to HEAD_BYTES), and the last folded line (it ends at `size`). */
  headHash: string;
  headLength: number;
  lastLineHash: string;
  lastLineLength: number;
}

/** How many of a file's first bytes vouch for its start (with its last folded line, for the rest). */
const HEAD_BYTES = 4096;

function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** The vouchers of bytes that end with a whole line; `lastLine` is their last line (with its newline). */
function toFoldedEnd(
  ino: bigint,
  size: number,
  lines: number,
  head: Uint8Array,
  lastLine: Uint8Array,
): FoldedEnd {
  return {
    ino,
    size,
    lines,
    headHash: hashBytes(head),
    headLength: head.length,
    lastLineHash: hashBytes(lastLine),
    lastLineLength: lastLine.length,
  };
}

/** The last line of bytes that end with a newline, newline included. */
function lastLineOf(bytes: Buffer): Buffer {
  return bytes.subarray(bytes.lastIndexOf(NEWLINE, bytes.length - 2) + 1);
}

// Keyed by the cache folder (or data directory) and `<source>/<day>`; only files the last read saw
// stay. The warnings of a file's bad lines are said when it is read, not again from memory.
const rememberedParts = new Map<string, RememberedPart>();

/** What a cache file holds: the part, and the warnings the file's bad lines gave, said again on every read. */
interface CacheEntry {
  v: number;
  part: DayPart;
  warnings: DataWarning[];
}

/**
 * Every snapshot day file from sinceMs's day on, folded into day parts, in file order (by source,
 * then day). A file whose bytes were folded before (with the same settings) is read from the cache:
 * its lines are neither parsed nor validated again. Past days never change, so a build after one new
 * run parses one day file per source.
 */
export async function readDayParts(
  dataDir: string,
  options: ReadDayPartsOptions,
): Promise<{ parts: DayPart[]; futureRuns: RunHead[] }> {
  const firstDay = toUtcDay(options.sinceMs);
  const sources = await listSnapshotSources(dataDir);
  const daysInData = new Map(
    await Promise.all(
      sources.map(async (source) => [source, new Set(await listSnapshotDays(dataDir, source))] as const),
    ),
  );
  const select = options.select ?? (() => true);
  const files = sources
    .flatMap((source) =>
      [...(daysInData.get(source) ?? [])].filter((day) => day >= firstDay).map((day) => ({ source, day })),
    )
    .filter((_, index) => select(index));
  const settingsKey = hashSettings(options.settings);
  // One folder per data directory and settings: two sites sharing a parent folder (or a public and
  // an internal config of one data/) never prune each other's entries.
  const store =
    options.cacheDir === undefined
      ? undefined
      : path.join(
          options.cacheDir,
          'days',
          createHash('sha1')
            .update(path.resolve(dataDir))
            .update('\0')
            .update(settingsKey)
            .digest('hex')
            .slice(0, 12),
        );
  const known = store === undefined ? new Map() : await readStatIndex(store, settingsKey);
  const memoryPrefix = `${store ?? `${path.resolve(dataDir)}\0${settingsKey}`}\0`;
  const seen = new Map<string, StatEntry>();
  const parts: (DayPart | undefined)[] = new Array(files.length);
  const futureRuns: RunHead[][] = new Array(files.length);
  const used = new Map<string, Set<string>>();
  let next = 0;
  const work = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] as { source: string; day: string };
      const read = await readDayPart(dataDir, file, { store, settingsKey, known, memoryPrefix }, options);
      if (read.part !== undefined && options.onPart !== undefined) options.onPart(read.part, index);
      else parts[index] = read.part;
      if (read.stat !== undefined) seen.set(`${file.source}/${file.day}`, read.stat);
      futureRuns[index] = read.futureRuns;
      if (read.cacheName !== undefined) {
        const names = used.get(file.source) ?? new Set<string>();
        names.add(read.cacheName);
        used.set(file.source, names);
      }
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? READ_CONCURRENCY);
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, work));
  if (options.keepInMemory === true) forgetOtherParts(memoryPrefix, files);
  // A cache that cannot be tidied (not a folder, no permission) only costs disk space.
  if (store !== undefined && options.tidy !== false) {
    await writeStatIndex(store, settingsKey, known, seen);
    // Used now: builds of other sites sharing the cache folder leave it be (see pruneCache).
    await utimes(store, new Date(), new Date()).catch(() => {});
    await pruneCache(store, files, daysInData, used).catch(() => {});
  }
  return {
    parts: parts.filter((part): part is DayPart => part !== undefined),
    futureRuns: futureRuns.flat(),
  };
}

async function readDayPart(
  dataDir: string,
  file: { source: string; day: string },
  cache: {
    store: string | undefined;
    settingsKey: string;
    known: ReadonlyMap<string, StatEntry>;
    memoryPrefix: string;
  },
  options: ReadDayPartsOptions,
): Promise<{
  part: DayPart | undefined;
  cacheName: string | undefined;
  futureRuns: RunHead[];
  stat: StatEntry | undefined;
}> {
  const relative = getSnapshotFile(file.source, file.day);
  const filePath = path.join(dataDir, relative);
  const stats = await stat(filePath, { bigint: true }).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (stats === undefined) return { part: undefined, cacheName: undefined, futureRuns: [], stat: undefined };
  const stamp = toStamp(stats);
  const { store, settingsKey } = cache;
  const settled = isSettled(stats, options.settledAfterMs ?? SETTLED_MS);
  const memoryKey = `${cache.memoryPrefix}${file.source}/${file.day}`;
  const remembered = options.keepInMemory === true ? rememberedParts.get(memoryKey) : undefined;
  // Unchanged since the last read in this process: the part in memory, without a read or a copy.
  if (remembered !== undefined && remembered.stamp === stamp && settled) {
    if (remembered.part.newestT <= options.untilMs)
      return {
        part: remembered.part,
        cacheName: remembered.name,
        futureRuns: [],
        stat: { stamp, name: remembered.name },
      };
  }
  const remember = (name: string, part: DayPart, bytes?: Buffer) => {
    if (options.keepInMemory !== true) return;
    const end =
      bytes !== undefined && bytes.at(-1) === NEWLINE
        ? toFoldedEnd(
            stats.ino,
            bytes.length,
            countLines(bytes),
            bytes.subarray(0, HEAD_BYTES),
            lastLineOf(bytes),
          )
        : undefined;
    rememberedParts.set(memoryKey, { stamp, name, part, ...(end === undefined ? {} : { end }) });
  };
  // The file only grew since the part in memory was folded (a collector appended runs): only the
  // new lines are read and folded, and joined to it.
  if (remembered?.end !== undefined && remembered.end.ino === stats.ino && stats.size > remembered.end.size) {
    const grown = await foldAppended(filePath, relative, file.source, remembered, options);
    if (grown !== undefined && grown.part.newestT <= options.untilMs) {
      if (options.keepInMemory === true)
        rememberedParts.set(memoryKey, {
          stamp,
          name: '',
          part: grown.part,
          end: grown.end,
        });
      return { part: grown.part, cacheName: undefined, futureRuns: [], stat: undefined };
    }
  }
  const indexed = cache.known.get(`${file.source}/${file.day}`);
  // The file is as it was when its fold was stored (size, times, inode): its bytes need not be read.
  if (indexed !== undefined && indexed.stamp === stamp && store !== undefined) {
    const cached = await readCacheEntry(path.join(store, file.source, indexed.name));
    if (cached !== undefined && cached.part.newestT <= options.untilMs) {
      for (const warning of cached.warnings) options.onWarning(warning);
      remember(indexed.name, cached.part);
      return { part: cached.part, cacheName: indexed.name, futureRuns: [], stat: indexed };
    }
  }
  const bytes = await readFile(filePath).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (bytes === undefined) return { part: undefined, cacheName: undefined, futureRuns: [], stat: undefined };
  const cacheName = `${file.day}.${createHash('sha1').update(bytes).update(settingsKey).digest('hex').slice(0, 24)}.v8`;
  const statEntry = settled ? { stamp, name: cacheName } : undefined;
  // The same bytes as the part in memory (a file written a moment ago, whose times cannot vouch yet).
  if (remembered?.name === cacheName && remembered.part.newestT <= options.untilMs) {
    remember(cacheName, remembered.part, bytes);
    return { part: remembered.part, cacheName, futureRuns: [], stat: statEntry };
  }
  const cachePath = store === undefined ? undefined : path.join(store, file.source, cacheName);
  const cached = cachePath === undefined ? undefined : await readCacheEntry(cachePath);
  let whole: DayPart;
  if (cached !== undefined) {
    for (const warning of cached.warnings) options.onWarning(warning);
    whole = cached.part;
  } else {
    const warnings: DataWarning[] = [];
    const onWarning = (warning: DataWarning) => {
      warnings.push(warning);
      options.onWarning(warning);
    };
    whole = foldFile(file.source, bytes, relative, options.settings, Number.POSITIVE_INFINITY, onWarning);
    if (cachePath !== undefined)
      await writeCacheEntry(cachePath, { v: DAY_CACHE_VERSION, part: whole, warnings });
  }
  if (whole.newestT <= options.untilMs) {
    remember(cacheName, whole, bytes);
    return { part: whole, cacheName, futureRuns: [], stat: statEntry };
  }
  // Runs from the future (a collector's clock ahead): the rest is folded without them, on every build.
  return {
    part: foldFile(file.source, bytes, relative, options.settings, options.untilMs, () => {}),
    cacheName,
    futureRuns: whole.heads.filter((head) => head.t > options.untilMs),
    stat: statEntry,
  };
}

const NEWLINE = 0x0a;

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let index = bytes.indexOf(NEWLINE); index !== -1; index = bytes.indexOf(NEWLINE, index + 1))
    lines += 1;
  return lines;
}

/**
 * The part in memory joined with the whole lines appended to its file since: the same part as a fold
 * of the whole file, as long as the file still starts with the bytes it started with and still holds
 * the last folded line where it ended, and the new runs are no older than its newest (else undefined:
 * the file is folded whole). Day files are appended to, or replaced (thinning, publish's recovery).
 */
async function foldAppended(
  filePath: string,
  relative: string,
  source: string,
  remembered: RememberedPart,
  options: ReadDayPartsOptions,
): Promise<{ part: DayPart; end: FoldedEnd } | undefined> {
  const end = remembered.end as FoldedEnd;
  const handle = await open(filePath, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  let appended: Buffer;
  let head: Buffer;
  let ino: bigint;
  try {
    const stats = await handle.stat({ bigint: true });
    ino = stats.ino;
    const size = Number(stats.size);
    if (ino !== end.ino || size <= end.size) return undefined;
    head = Buffer.alloc(end.headLength);
    const headRead = await handle.read(head, 0, head.length, 0);
    if (headRead.bytesRead !== head.length || hashBytes(head) !== end.headHash) return undefined;
    // The last folded line and what was appended after it, in one read.
    const from = end.size - end.lastLineLength;
    const bytes = Buffer.alloc(size - from);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, from);
    if (bytesRead < end.lastLineLength) return undefined;
    if (hashBytes(bytes.subarray(0, end.lastLineLength)) !== end.lastLineHash) return undefined;
    appended = bytes.subarray(end.lastLineLength, bytesRead);
  } finally {
    await handle.close();
  }
  // A line still being written is left for the next read.
  const wholeLength = appended.lastIndexOf(NEWLINE) + 1;
  if (wholeLength === 0) return undefined;
  const whole = appended.subarray(0, wholeLength);
  const onWarning: DataWarningHandler = (warning) =>
    options.onWarning({ ...warning, line: (warning.line ?? 0) + end.lines });
  const tail = foldFile(source, whole, relative, options.settings, Number.POSITIVE_INFINITY, onWarning);
  if ((tail.heads[0]?.t ?? Number.POSITIVE_INFINITY) < remembered.part.newestT) return undefined;
  // Until the file holds HEAD_BYTES, its first bytes are all it held (the head compared above) and more.
  const newHead = head.length < HEAD_BYTES ? Buffer.concat([head, whole]).subarray(0, HEAD_BYTES) : head;
  return {
    part: joinDayPart(remembered.part, tail),
    end: toFoldedEnd(ino, end.size + wholeLength, end.lines + countLines(whole), newHead, lastLineOf(whole)),
  };
}

/** A day part followed by the part of the runs appended after it (none older than its newest). */
function joinDayPart(before: DayPart, after: DayPart): DayPart {
  const checks = new Map(before.checks);
  for (const [id, next] of after.checks) {
    const known = checks.get(id);
    if (known === undefined) {
      checks.set(id, next);
      continue;
    }
    checks.set(id, {
      series: joinRunSeries([
        { series: known.series, rank: 0 },
        { series: next.series, rank: 1 },
      ]),
      recent: [...known.recent, ...next.recent].slice(-RECENT_RESULT_COUNT),
      heal: next.heal ?? known.heal,
      full:
        known.full === undefined && next.full === undefined
          ? undefined
          : [...(known.full ?? []), ...(next.full ?? [])],
    });
  }
  return {
    source: before.source,
    heads: [...before.heads, ...after.heads],
    checks,
    newestT: Math.max(before.newestT, after.newestT),
  };
}

/** Drops every part kept in memory (keepInMemory): the data renderer is done. */
export function forgetDayParts(): void {
  rememberedParts.clear();
}

/** Drops the parts in memory of this cache folder that the read just made no longer needs. */
function forgetOtherParts(prefix: string, files: readonly { source: string; day: string }[]): void {
  const read = new Set(files.map((file) => `${prefix}${file.source}/${file.day}`));
  for (const key of rememberedParts.keys())
    if (key.startsWith(prefix) && !read.has(key)) rememberedParts.delete(key);
}

/** A day file's size, modification and change times and inode, and the cache entry of its bytes then. */
interface StatEntry {
  stamp: string;
  name: string;
}

const SETTLED_MS = 2000;

function toStamp(stats: BigIntStats): string {
  return `${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}`;
}

/** Whether a write in the same clock tick as this stat could still go unseen by its times. */
function isSettled(stats: BigIntStats, settledAfterMs: number): boolean {
  // 0: no wait (Date.now() has whole milliseconds; a change time within the current one is ahead of it).
  if (settledAfterMs <= 0) return true;
  return BigInt(Date.now()) * 1_000_000n - stats.ctimeNs >= BigInt(settledAfterMs) * 1_000_000n;
}

const STAT_INDEX = 'stat-index.json';

/** A cache folder of another data directory or settings no build used for this long is removed. */
const UNUSED_STORE_MS = 14 * 86_400_000;

/**
 * What each day file's times and size were when its fold was stored: a file that still has them is
 * read from the cache without reading its bytes (a build at 1,000 checks would read 500 MB to hash).
 * Any write changes the modification and change times, so a changed file is always read again.
 */
async function readStatIndex(store: string, settingsKey: string): Promise<Map<string, StatEntry>> {
  const text = await readFile(path.join(store, STAT_INDEX), 'utf8').catch(() => undefined);
  if (text === undefined) return new Map();
  try {
    const index = JSON.parse(text) as { v: number; settings: string; files: Record<string, StatEntry> };
    if (index.v !== DAY_CACHE_VERSION || index.settings !== settingsKey) return new Map();
    return new Map(Object.entries(index.files));
  } catch {
    return new Map();
  }
}

async function writeStatIndex(
  store: string,
  settingsKey: string,
  known: ReadonlyMap<string, StatEntry>,
  seen: ReadonlyMap<string, StatEntry>,
): Promise<void> {
  const same =
    known.size === seen.size && [...seen].every(([key, entry]) => known.get(key)?.stamp === entry.stamp);
  if (same) return;
  const files = Object.fromEntries([...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const text = JSON.stringify({ v: DAY_CACHE_VERSION, settings: settingsKey, files });
  await writeFileReplacing(path.join(store, STAT_INDEX), text);
}

function foldFile(
  source: string,
  bytes: Buffer,
  relative: string,
  settings: DayFoldSettings,
  untilMs: number,
  onWarning: DataWarningHandler,
): DayPart {
  const lines = parseJsonLines(bytes.toString('utf8'), StoredSnapshotLineSchema, {
    file: relative,
    kind: 'snapshot line',
    onWarning,
  });
  const kept =
    untilMs === Number.POSITIVE_INFINITY
      ? lines
      : lines.filter((line: SnapshotLine) => Date.parse(line.t) <= untilMs);
  return foldDayLines(source, kept, settings);
}

async function readCacheEntry(cachePath: string): Promise<CacheEntry | undefined> {
  const bytes = await readFile(cachePath).catch(() => undefined);
  if (bytes === undefined) return undefined;
  try {
    const entry = deserialize(bytes) as CacheEntry;
    return isCacheEntry(entry) ? entry : undefined;
  } catch {
    // A file cut short (a full disk) or from another Node: fold the day file again.
    return undefined;
  }
}

/** The shape this version writes; anything else (another version, a stray file) is a miss. */
function isCacheEntry(entry: unknown): entry is CacheEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const { v, part, warnings } = entry as Partial<CacheEntry>;
  return (
    v === DAY_CACHE_VERSION &&
    Array.isArray(warnings) &&
    typeof part === 'object' &&
    part !== null &&
    typeof part.source === 'string' &&
    typeof part.newestT === 'number' &&
    Array.isArray(part.heads) &&
    part.checks instanceof Map
  );
}

function writeCacheEntry(cachePath: string, entry: CacheEntry): Promise<void> {
  return writeFileReplacing(cachePath, serialize(entry));
}

/** Written beside its name and renamed over it: a build reading at the same time sees all of it or none. */
async function writeFileReplacing(filePath: string, data: string | Buffer): Promise<void> {
  const dir = path.dirname(filePath);
  const tempPath = path.join(
    dir,
    `.${path.basename(filePath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tempPath, data);
    await rename(tempPath, filePath);
  } catch {
    // A cache that cannot be written (read-only checkout, full disk) only costs the next build time.
    await rm(tempPath, { force: true }).catch(() => {});
  }
}

/**
 * Removes cache files no day file matches any more: older contents or other settings of a day this
 * build read, days trimmed from data/, sources gone, and temp files of builds that were killed. Days
 * before this build's window that data/ still holds are left for builds with a longer one.
 */
async function pruneCache(
  store: string,
  files: readonly { source: string; day: string }[],
  daysInData: ReadonlyMap<string, ReadonlySet<string>>,
  used: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<void> {
  const read = new Set(files.map((file) => `${file.source}/${file.day}`));
  // Folders of other data directories or settings that no build has touched for a while.
  const storesDir = path.dirname(store);
  for (const entry of await listDirIfExists(storesDir)) {
    const other = path.join(storesDir, entry.name);
    if (!entry.isDirectory() || other === store) continue;
    const touched = await stat(other).catch(() => undefined);
    if (touched !== undefined && Date.now() - touched.mtimeMs > UNUSED_STORE_MS)
      await rm(other, { recursive: true, force: true }).catch(() => {});
  }
  for (const entry of await listDirIfExists(store)) {
    if (!entry.isDirectory()) continue;
    const sourceDir = path.join(store, entry.name);
    const days = daysInData.get(entry.name);
    if (days === undefined) {
      await rm(sourceDir, { recursive: true, force: true }).catch(() => {});
      continue;
    }
    await removeStaleTempFiles(sourceDir);
    const keep = used.get(entry.name) ?? new Set<string>();
    for (const name of await readdir(sourceDir).catch(() => [] as string[])) {
      if (name.startsWith('.') || keep.has(name)) continue;
      const day = name.slice(0, 10);
      if (days.has(day) && !read.has(`${entry.name}/${day}`)) continue;
      await rm(path.join(sourceDir, name), { force: true }).catch(() => {});
    }
  }
}

/**
 * What a day's fold depends on besides its bytes: the settings, and the code that folds it. A build
 * sets $VIGIL_CODE_FINGERPRINT (astro.config.mjs: a hash of core/ and src/data/), so an upgrade or
 * any edit of that code folds every day again rather than serve what older code kept (an address
 * the scrubber of then missed); without it, Vigil's version and the Node that wrote the entry.
 */
function hashSettings(settings: DayFoldSettings): string {
  return JSON.stringify({
    v: DAY_CACHE_VERSION,
    code: process.env.VIGIL_CODE_FINGERPRINT || `${VIGIL_VERSION} ${process.versions.v8}`,
    renames: [...settings.renames].sort(),
    full: [...settings.fullHistoryIds].sort(),
    address: settings.showCollectorAddress,
  });
}
