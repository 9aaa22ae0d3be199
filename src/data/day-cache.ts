import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { toUtcDay } from '../../core/history/utc-day.ts';
import type { SnapshotLine } from '../../core/model/index.ts';
import { StoredSnapshotLineSchema } from '../../core/model/stored-versions.ts';
import type { DataWarning, DataWarningHandler } from '../../core/store/data-warning.ts';
import { isMissing, listDirIfExists, parseJsonLines } from '../../core/store/read-jsonl.ts';
import { listSnapshotDays, listSnapshotSources } from '../../core/store/read-snapshots.ts';
import { getSnapshotFile } from '../../core/store/store-paths.ts';
import { removeStaleTempFiles } from '../../core/store/write-file-atomic.ts';
import { type DayFoldSettings, type DayPart, foldDayLines, type RunHead } from './day-parts.ts';

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
}

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
  const files = sources.flatMap((source) =>
    [...(daysInData.get(source) ?? [])].filter((day) => day >= firstDay).map((day) => ({ source, day })),
  );
  const settingsKey = hashSettings(options.settings);
  const parts: (DayPart | undefined)[] = new Array(files.length);
  const futureRuns: RunHead[] = [];
  const used = new Map<string, Set<string>>();
  let next = 0;
  const work = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] as { source: string; day: string };
      const read = await readDayPart(dataDir, file, settingsKey, options);
      parts[index] = read.part;
      futureRuns.push(...read.futureRuns);
      if (read.cacheName !== undefined) {
        const names = used.get(file.source) ?? new Set<string>();
        names.add(read.cacheName);
        used.set(file.source, names);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, work));
  // A cache that cannot be tidied (not a folder, no permission) only costs disk space.
  if (options.cacheDir !== undefined)
    await pruneCache(options.cacheDir, files, daysInData, used).catch(() => {});
  return { parts: parts.filter((part): part is DayPart => part !== undefined), futureRuns };
}

async function readDayPart(
  dataDir: string,
  file: { source: string; day: string },
  settingsKey: string,
  options: ReadDayPartsOptions,
): Promise<{ part: DayPart | undefined; cacheName: string | undefined; futureRuns: RunHead[] }> {
  const relative = getSnapshotFile(file.source, file.day);
  const bytes = await readFile(path.join(dataDir, relative)).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (bytes === undefined) return { part: undefined, cacheName: undefined, futureRuns: [] };
  const cacheName = `${file.day}.${createHash('sha1').update(bytes).update(settingsKey).digest('hex').slice(0, 24)}.v8`;
  const cachePath =
    options.cacheDir === undefined ? undefined : path.join(options.cacheDir, 'days', file.source, cacheName);
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
  if (whole.newestT <= options.untilMs) return { part: whole, cacheName, futureRuns: [] };
  // Runs from the future (a collector's clock ahead): the rest is folded without them, on every build.
  return {
    part: foldFile(file.source, bytes, relative, options.settings, options.untilMs, () => {}),
    cacheName,
    futureRuns: whole.heads.filter((head) => head.t > options.untilMs),
  };
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
    return entry?.v === DAY_CACHE_VERSION ? entry : undefined;
  } catch {
    // A file cut short (a full disk) or from another Node: fold the day file again.
    return undefined;
  }
}

/** Written beside its name and renamed over it: a build reading at the same time sees all of it or none. */
async function writeCacheEntry(cachePath: string, entry: CacheEntry): Promise<void> {
  const dir = path.dirname(cachePath);
  const tempPath = path.join(
    dir,
    `.${path.basename(cachePath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tempPath, serialize(entry));
    await rename(tempPath, cachePath);
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
  cacheDir: string,
  files: readonly { source: string; day: string }[],
  daysInData: ReadonlyMap<string, ReadonlySet<string>>,
  used: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<void> {
  const read = new Set(files.map((file) => `${file.source}/${file.day}`));
  const daysDir = path.join(cacheDir, 'days');
  for (const entry of await listDirIfExists(daysDir)) {
    if (!entry.isDirectory()) continue;
    const sourceDir = path.join(daysDir, entry.name);
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

function hashSettings(settings: DayFoldSettings): string {
  return JSON.stringify({
    v: DAY_CACHE_VERSION,
    renames: [...settings.renames].sort(),
    full: [...settings.fullHistoryIds].sort(),
    address: settings.showCollectorAddress,
  });
}
