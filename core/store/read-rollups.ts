import path from 'node:path';
import { toUtcDay, toUtcMonth } from '../history/utc-day.ts';
import type { RollupLine } from '../model/snapshot.ts';
import { StoredRollupLineSchema } from '../model/stored-versions.ts';
import { type DataWarningHandler, warnOnConsole } from './data-warning.ts';
import { compareText, listDirIfExists, parseJsonLines, readTextIfExists } from './read-jsonl.ts';
import { assertUrlSafeSource, getRollupDir, getRollupFile, ROLLUP_FILE_PATTERN } from './store-paths.ts';

/** A rollup line with the source whose folder it came from. */
export type SourcedRollupLine = RollupLine & { source: string };

export interface ReadRollupsOptions {
  /** Only these sources; default: every folder under rollups/. */
  sources?: readonly string[];
  /** Only days that end after this instant (a day that overlaps it is kept whole). */
  since?: Date;
  /** Only days that start at or before this instant. */
  until?: Date;
  /** Called for each skipped line; default: one console.warn line. */
  onWarning?: DataWarningHandler;
}

/** The sources that have a folder under rollups/, sorted. */
export async function listRollupSources(dataDir: string): Promise<string[]> {
  const entries = await listDirIfExists(path.join(dataDir, 'rollups'));
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The months (YYYY-MM) that have a rollup file for a source, sorted. */
export async function listRollupMonths(dataDir: string, source: string): Promise<string[]> {
  assertUrlSafeSource(source, 'listRollupMonths');
  const entries = await listDirIfExists(path.join(dataDir, getRollupDir(source)));
  return entries
    .filter((entry) => entry.isFile())
    .flatMap((entry) => ROLLUP_FILE_PATTERN.exec(entry.name)?.[1] ?? [])
    .sort();
}

/** Parses one month file of a source; a missing file is no lines. */
export async function readRollupMonth(
  dataDir: string,
  source: string,
  month: string,
  onWarning: DataWarningHandler,
  outcome?: string,
): Promise<RollupLine[]> {
  const file = getRollupFile(source, month);
  const text = await readTextIfExists(path.join(dataDir, file));
  if (text === undefined) return [];
  return parseJsonLines(text, StoredRollupLineSchema, {
    file,
    kind: 'rollup line',
    onWarning,
    ...(outcome === undefined ? {} : { outcome }),
  });
}

/** Every valid daily rollup of the chosen sources in range, sorted by day, then source, then check id. */
export async function readRollups(
  dataDir: string,
  options: ReadRollupsOptions = {},
): Promise<SourcedRollupLine[]> {
  const onWarning = options.onWarning ?? warnOnConsole(dataDir);
  const firstDay = options.since ? toUtcDay(options.since.getTime()) : '';
  const lastDay = options.until ? toUtcDay(options.until.getTime()) : '9999-12-31';
  const sources = options.sources ?? (await listRollupSources(dataDir));

  const monthFiles = await Promise.all(
    sources.map(async (source) => {
      const months = await listRollupMonths(dataDir, source);
      return months
        .filter((month) => month >= toUtcMonth(firstDay) && month <= toUtcMonth(lastDay))
        .map((month) => ({ source, month }));
    }),
  );
  const perFile = await Promise.all(
    monthFiles.flat().map(async ({ source, month }) => {
      const lines = await readRollupMonth(dataDir, source, month, onWarning);
      return lines.map((line): SourcedRollupLine => ({ ...line, source }));
    }),
  );
  return perFile
    .flat()
    .filter((line) => line.day >= firstDay && line.day <= lastDay)
    .sort((a, b) => compareText(a.day, b.day) || compareText(a.source, b.source) || compareText(a.id, b.id));
}
