import { rm } from 'node:fs/promises';
import path from 'node:path';
import { foldSnapshotDay, isRefold, mergeRollups } from '../../core/history/fold-rollup.ts';
import { DAY_MS, getUtcDayStartMs, getUtcMonthEndMs, toUtcMonth } from '../../core/history/utc-day.ts';
import type { RollupLine } from '../../core/model/snapshot.ts';
import { type DataWarningHandler, warnOnConsole } from '../../core/store/data-warning.ts';
import { compareText } from '../../core/store/read-jsonl.ts';
import { listRollupMonths, readRollupMonth } from '../../core/store/read-rollups.ts';
import { listSnapshotDays, readSnapshotDay } from '../../core/store/read-snapshots.ts';
import { assertUrlSafeSource, getRollupFile, getSnapshotFile } from '../../core/store/store-paths.ts';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';

export interface RetentionOptions {
  /** The clock: which days are old is decided relative to it. */
  now: Date;
  /** Whole UTC days of raw runs kept; older day files are folded into rollups, then deleted. */
  retentionDays: number;
  /** Rollup month files whose every day is older than this are deleted. */
  rollupRetentionDays: number;
  /** Longest silence one run vouches for (see sumStatusDurations): one figure, or each check's own. */
  maxGapMs: number | ((checkId: string) => number);
  onWarning?: DataWarningHandler;
}

export interface RetentionResult {
  /** Days (YYYY-MM-DD) folded into rollups this time, sorted. */
  foldedDays: string[];
  /** Files removed, relative to the data dir: folded day files, then expired rollup months. */
  deletedFiles: string[];
}

/**
 * Keeps one source's data bounded. A snapshot day file is folded once the whole day lies more than
 * retentionDays before now, so at least retentionDays × 24 h of raw runs always remain. Each month's
 * rollup file is rewritten atomically with the folded days' lines replaced, and only then are the day
 * files deleted: a collector killed in between re-folds the same days next run without double counting.
 */
export async function enforceRetention(
  dataDir: string,
  source: string,
  options: RetentionOptions,
): Promise<RetentionResult> {
  assertUrlSafeSource(source, 'enforceRetention');
  assertPositive('retentionDays', options.retentionDays);
  assertPositive('rollupRetentionDays', options.rollupRetentionDays);
  if (typeof options.maxGapMs === 'number') assertPositive('maxGapMs', options.maxGapMs);
  const onWarning = options.onWarning ?? warnOnConsole(dataDir);
  const nowMs = options.now.getTime();

  const foldBeforeMs = nowMs - options.retentionDays * DAY_MS;
  const foldedDays = (await listSnapshotDays(dataDir, source)).filter(
    (day) => getUtcDayStartMs(day) + DAY_MS <= foldBeforeMs,
  );
  const deletedFiles: string[] = [];
  for (const [month, days] of groupByMonth(foldedDays)) {
    await foldDaysIntoMonth(dataDir, source, month, days, options.maxGapMs, onWarning);
    for (const day of days) {
      const file = getSnapshotFile(source, day);
      await rm(path.join(dataDir, file), { force: true });
      deletedFiles.push(file);
    }
  }

  const expireBeforeMs = nowMs - options.rollupRetentionDays * DAY_MS;
  for (const month of await listRollupMonths(dataDir, source)) {
    if (getUtcMonthEndMs(month) > expireBeforeMs) continue;
    const file = getRollupFile(source, month);
    await rm(path.join(dataDir, file), { force: true });
    deletedFiles.push(file);
  }
  return { foldedDays, deletedFiles };
}

async function foldDaysIntoMonth(
  dataDir: string,
  source: string,
  month: string,
  days: readonly string[],
  maxGapMs: RetentionOptions['maxGapMs'],
  onWarning: DataWarningHandler,
): Promise<void> {
  const foldedByDay = new Map<string, RollupLine[]>();
  for (const day of days) {
    const rollups = foldSnapshotDay(day, await readSnapshotDay(dataDir, source, day, onWarning), maxGapMs);
    // A day with no readable runs keeps whatever an earlier fold of it wrote.
    if (rollups.length > 0) foldedByDay.set(day, rollups);
  }
  if (foldedByDay.size === 0) return;
  const existing = await readRollupMonth(
    dataDir,
    source,
    month,
    onWarning,
    'line dropped from the rewritten file',
  );
  // A day folded before keeps what it had: a re-fold of the same runs replaces it, late runs merge in.
  const existingByKey = new Map(existing.map((line) => [`${line.day}\n${line.id}`, line]));
  const refolded = new Set<string>();
  const folded = [...foldedByDay.values()].flat().map((line) => {
    const key = `${line.day}\n${line.id}`;
    const before = existingByKey.get(key);
    refolded.add(key);
    if (before === undefined || isRefold(before, line)) return line;
    return mergeRollups(before, line);
  });
  const merged = [...existing.filter((line) => !refolded.has(`${line.day}\n${line.id}`)), ...folded];
  merged.sort((a, b) => compareText(a.day, b.day) || compareText(a.id, b.id));
  const text = merged.map((line) => `${JSON.stringify(line)}\n`).join('');
  await writeFileAtomic(path.join(dataDir, getRollupFile(source, month)), text);
}

function groupByMonth(days: readonly string[]): Map<string, string[]> {
  const byMonth = new Map<string, string[]>();
  for (const day of days) {
    const month = toUtcMonth(day);
    const monthDays = byMonth.get(month);
    if (monthDays) monthDays.push(day);
    else byMonth.set(month, [day]);
  }
  return byMonth;
}

function assertPositive(name: string, value: number): void {
  if (Number.isFinite(value) && value > 0) return;
  throw new RangeError(`enforceRetention: ${name} must be a positive number, got ${value}`);
}
