import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getStaleAfterMs } from '../../core/history/freshness.ts';
import { getUtcDayStartMs, toUtcDay } from '../../core/history/utc-day.ts';
import { getCheckIntervalMs } from '../../core/model/check-schedule.ts';
import type { Config } from '../../core/model/index.ts';
import type { DataWarningHandler } from '../../core/store/data-warning.ts';
import { isMissing, readTextIfExists } from '../../core/store/read-jsonl.ts';
import { listSnapshotDays } from '../../core/store/read-snapshots.ts';
import { assertUrlSafeSource, getSnapshotDir, getSnapshotFile } from '../../core/store/store-paths.ts';
import { removeStaleTempFiles, writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import { FOLD_BUCKET_MS, type ThinnedCheck, thinDayText } from './thin-day.ts';

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
 * Up to when each source's sub-minute results are known to be folded (epoch ms), by data dir and
 * source: a long-running collector reads no day file again until there is more to fold. A new
 * process reads it from `state/.<source>.thinned.json`, a local file publish never commits.
 */
const foldedBefore = new Map<string, number>();

/**
 * Folds results of this source's sub-minute checks (interval under a minute) older than
 * `site.fullRateWindow` to about one per check per minute (see thinDayText: status changes and gaps
 * stay, uptime is unchanged). Cheap when there is nothing new to fold: it works only once the oldest
 * unfolded minute is a step (a sixth of the window, 1–10 min) older than the window, and then reads
 * only the day files since the last fold. Day files are rewritten atomically; the caller serialises
 * it with appends to this source (one collect session, or the source lock).
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
  const markMs = foldedBefore.get(key) ?? (await readMark(dataDir, source));
  if (markMs !== undefined && foldBeforeMs < markMs + getThinStepMs(windowMs)) return none;

  const firstDay = markMs === undefined ? undefined : toUtcDay(markMs);
  const days = (await listSnapshotDays(dataDir, source)).filter(
    (day) => getUtcDayStartMs(day) < foldBeforeMs && (firstDay === undefined || day >= firstDay),
  );
  if (days.length > 0) await removeStaleTempFiles(path.join(dataDir, getSnapshotDir(source)));
  const rewrittenFiles: string[] = [];
  let foldedResults = 0;
  for (const day of days) {
    const file = getSnapshotFile(source, day);
    const filePath = path.join(dataDir, file);
    const text = await readTextIfExists(filePath);
    if (text === undefined) continue;
    const outcome = thinDayText(text, {
      checks,
      foldBeforeMs,
      ...(markMs !== undefined && { foldFromMs: markMs }),
    });
    if (outcome.foldedResults === 0) continue;
    await writeFileAtomic(filePath, outcome.text);
    rewrittenFiles.push(file);
    foldedResults += outcome.foldedResults;
  }
  foldedBefore.set(key, foldBeforeMs);
  await writeMark(dataDir, source, foldBeforeMs);
  return { rewrittenFiles, foldedResults };
}

/** How much foldable time gathers before a fold reads the day files again: a sixth of the window, 1–10 min. */
export function getThinStepMs(windowMs: number): number {
  return Math.min(10 * 60_000, Math.max(FOLD_BUCKET_MS, windowMs / 6));
}

/** This source's checks that run more often than once a minute, with the gap each run vouches for. */
export function listThinnedChecks(
  config: Pick<Config, 'checks' | 'site'>,
  source: string,
): Map<string, ThinnedCheck> {
  const checks = new Map<string, ThinnedCheck>();
  for (const check of config.checks) {
    if (check.source !== source || getCheckIntervalMs(check, config.site) >= SUB_MINUTE_MS) continue;
    checks.set(check.id, { maxGapMs: getStaleAfterMs(check, config.site) });
  }
  return checks;
}

function getMarkFile(dataDir: string, source: string): string {
  return path.join(dataDir, 'state', `.${source}.thinned.json`);
}

/** The mark a previous process left; none (or one unreadable) means every retained day is read once. */
async function readMark(dataDir: string, source: string): Promise<number | undefined> {
  try {
    const mark = JSON.parse(await readFile(getMarkFile(dataDir, source), 'utf8')) as {
      foldedBefore?: unknown;
    };
    const ms = typeof mark.foldedBefore === 'string' ? Date.parse(mark.foldedBefore) : Number.NaN;
    return Number.isFinite(ms) ? ms : undefined;
  } catch (error) {
    if (!isMissing(error) && !(error instanceof SyntaxError)) throw error;
    return undefined;
  }
}

async function writeMark(dataDir: string, source: string, foldBeforeMs: number): Promise<void> {
  const stateDir = path.join(dataDir, 'state');
  await removeStaleTempFiles(stateDir, (name) => name.startsWith(`.${source}.thinned.json.`));
  const text = `${JSON.stringify({ v: 1, foldedBefore: new Date(foldBeforeMs).toISOString() })}\n`;
  await writeFileAtomic(getMarkFile(dataDir, source), text);
}

/** Exported for tests: forget what this process knows, as a new process would. */
export function forgetThinMarks(): void {
  foldedBefore.clear();
}
