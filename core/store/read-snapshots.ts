import path from 'node:path';
import { toUtcDay } from '../history/utc-day.ts';
import type { SnapshotLine } from '../model/snapshot.ts';
import { StoredSnapshotLineSchema } from '../model/stored-versions.ts';
import { type DataWarning, type DataWarningHandler, warnOnConsole } from './data-warning.ts';
import { compareText, listDirIfExists, parseJsonLines, readTextIfExists } from './read-jsonl.ts';
import {
  assertUrlSafeSource,
  getSnapshotDir,
  getSnapshotFile,
  SNAPSHOT_FILE_PATTERN,
} from './store-paths.ts';

export interface ReadSnapshotsOptions {
  /** Only these sources; default: every folder under snapshots/. */
  sources?: readonly string[];
  /** Only runs at or after this instant. */
  since?: Date;
  /** Only runs at or before this instant. */
  until?: Date;
  /** Called for each skipped line; default: one console.warn line. */
  onWarning?: DataWarningHandler;
}

/** The sources that have a folder under snapshots/, sorted. */
export async function listSnapshotSources(dataDir: string): Promise<string[]> {
  const entries = await listDirIfExists(path.join(dataDir, 'snapshots'));
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The UTC days (YYYY-MM-DD) that have a snapshot file for a source, sorted. */
export async function listSnapshotDays(dataDir: string, source: string): Promise<string[]> {
  assertUrlSafeSource(source, 'listSnapshotDays');
  const entries = await listDirIfExists(path.join(dataDir, getSnapshotDir(source)));
  return entries
    .filter((entry) => entry.isFile())
    .flatMap((entry) => SNAPSHOT_FILE_PATTERN.exec(entry.name)?.[1] ?? [])
    .sort();
}

/** Parses one day file of a source; a missing file is no lines. */
export async function readSnapshotDay(
  dataDir: string,
  source: string,
  day: string,
  onWarning: DataWarningHandler,
): Promise<SnapshotLine[]> {
  const file = getSnapshotFile(source, day);
  const text = await readTextIfExists(path.join(dataDir, file));
  if (text === undefined) return [];
  return parseJsonLines(text, StoredSnapshotLineSchema, { file, kind: 'snapshot line', onWarning });
}

/**
 * Lines whose time contradicts where they are stored: later than `nowMs` (plus a little skew), or
 * in a day file that is not their UTC day. Each names its file and line, for `vigil validate`.
 */
export async function findClockProblems(dataDir: string, nowMs: number): Promise<DataWarning[]> {
  const problems: DataWarning[] = [];
  for (const source of await listSnapshotSources(dataDir)) {
    for (const day of await listSnapshotDays(dataDir, source)) {
      const file = getSnapshotFile(source, day);
      const text = (await readTextIfExists(path.join(dataDir, file))) ?? '';
      text.split('\n').forEach((row, index) => {
        const t = readLineTime(row);
        if (t === undefined) return;
        if (Date.parse(t) > nowMs + FUTURE_TOLERANCE_MS) {
          problems.push({
            file,
            line: index + 1,
            message: `run from the future (${t}; now is ${new Date(nowMs).toISOString()}): a collector's clock was ahead; remove the line, the site ignores it`,
          });
        } else if (toUtcDay(Date.parse(t)) !== day) {
          problems.push({
            file,
            line: index + 1,
            message: `run at ${t} is stored in the file of ${day}, not of its own UTC day`,
          });
        }
      });
    }
  }
  return problems;
}

/**
 * How far ahead of the reader's clock a stored run may be (a collector's clock a little fast)
 * before it is a run from the future: `validate` lists it, the build ignores it.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The `t` of one JSON line, or undefined when the line is blank or unreadable (reported elsewhere). */
function readLineTime(row: string): string | undefined {
  if (row.trim() === '') return undefined;
  try {
    const t = (JSON.parse(row) as { t?: unknown }).t;
    return typeof t === 'string' && Number.isFinite(Date.parse(t)) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** The newest stored run of a source (its time and day file), or undefined when it has none. */
export async function findNewestSnapshot(
  dataDir: string,
  source: string,
  onWarning: DataWarningHandler,
): Promise<{ t: number; file: string } | undefined> {
  const days = await listSnapshotDays(dataDir, source);
  for (const day of days.reverse()) {
    const times = (await readSnapshotDay(dataDir, source, day, onWarning)).map((line) => Date.parse(line.t));
    if (times.length > 0) return { t: Math.max(...times), file: getSnapshotFile(source, day) };
  }
  return undefined;
}

/**
 * Every valid snapshot line of the chosen sources within [since, until], sorted by t ascending.
 * Only day files that can hold such lines are read; torn or invalid lines are skipped with a warning.
 */
export async function readSnapshots(
  dataDir: string,
  options: ReadSnapshotsOptions = {},
): Promise<SnapshotLine[]> {
  const onWarning = options.onWarning ?? warnOnConsole(dataDir);
  const sinceMs = options.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const untilMs = options.until?.getTime() ?? Number.POSITIVE_INFINITY;
  const firstDay = options.since ? toUtcDay(sinceMs) : '';
  const lastDay = options.until ? toUtcDay(untilMs) : '9999-12-31';
  const sources = options.sources ?? (await listSnapshotSources(dataDir));

  const dayFiles = await Promise.all(
    sources.map(async (source) => {
      const days = await listSnapshotDays(dataDir, source);
      return days.filter((day) => day >= firstDay && day <= lastDay).map((day) => ({ source, day }));
    }),
  );
  const perFile = await Promise.all(
    dayFiles.flat().map(({ source, day }) => readSnapshotDay(dataDir, source, day, onWarning)),
  );

  const timed: { t: number; line: SnapshotLine }[] = [];
  for (const lines of perFile) {
    for (const line of lines) {
      const t = Date.parse(line.t);
      if (t >= sinceMs && t <= untilMs) timed.push({ t, line });
    }
  }
  timed.sort((a, b) => a.t - b.t || compareText(a.line.source, b.line.source));
  return timed.map(({ line }) => line);
}
