import { stat } from 'node:fs/promises';
import path from 'node:path';
import { renameRollups } from '../../core/history/former-ids.ts';
import { DAY_MS, toUtcDay } from '../../core/history/utc-day.ts';
import type { CheckResult, RollupLine } from '../../core/model/index.ts';
import { warnOnConsole } from '../../core/store/data-warning.ts';
import { compareText } from '../../core/store/read-jsonl.ts';
import {
  listRollupMonths,
  listRollupSources,
  readRollups,
  type SourcedRollupLine,
} from '../../core/store/read-rollups.ts';
import { getRollupFile } from '../../core/store/store-paths.ts';
import { cachePerBuild } from './build-cache.ts';
import { getBuildTimeMs, getRenderContext } from './build-clock.ts';
import { getConfig } from './config.ts';
import { BAR_DAYS } from './daily-bars.ts';
import { readDayParts, resolveCacheDir } from './day-cache.ts';
import { getDayCacheWarmUp } from './day-cache-warm.ts';
import {
  getDayFoldSettings,
  getRawWindow,
  listPlacedIds,
  type RunHead,
  type RunIndex,
  RunIndexBuilder,
} from './day-parts.ts';

export { LONGEST_WINDOW_MS } from './day-parts.ts';

/** Everything the site renders from data/, read once per build. */
export interface History {
  /** Each check's retained runs, and each source's newest run. */
  runs: RunIndex;
  /** Daily rollups of the 90-day bar (which covers every uptime window too). */
  rollups: RollupLine[];
  /** The instant freshness is judged against (build time). */
  nowMs: number;
}

/** One check's result in one run. */
export interface CheckSample {
  /** When the run started, epoch ms. */
  t: number;
  result: CheckResult;
  /** The place that ran it: set only in a multi-place check's merged `recent` (ComponentModel). */
  source?: string;
}

export { getDayFoldSettings } from './day-parts.ts';

/**
 * Reads the retained runs and rollups once per build, whatever number of pages asks. Day files are
 * folded through the build cache (day-cache.ts): a past day is parsed once, not on every build.
 */
export const getHistory = cachePerBuild(async ({ dataDir }): Promise<History> => {
  const config = await getConfig();
  const nowMs = getBuildTimeMs();
  const window = getRawWindow(config.site, nowMs);
  const settings = getDayFoldSettings(config);
  const runs = new RunIndexBuilder(window, {
    reuseJoins: getRenderContext() !== undefined,
    placedIds: listPlacedIds(config),
  });
  const [read, rollups] = await Promise.all([
    // Day files folded meanwhile by the warm-up that astro.config.mjs starts with the build.
    getDayCacheWarmUp().then(() =>
      readDayParts(dataDir, {
        settings,
        cacheDir: resolveCacheDir(dataDir),
        ...window,
        onWarning: warnOnConsole(dataDir),
        onPart: (part, index) => runs.add(part, index),
        // The data renderer reads the same days again on every render (collectors/render), and
        // leaves tidying the cache folder to the full builds between them.
        keepInMemory: getRenderContext() !== undefined,
        tidy: getRenderContext() === undefined,
      }),
    ),
    readRollupsOnce(dataDir, nowMs - BAR_DAYS * DAY_MS),
  ]);
  warnOfFutureRuns(read.futureRuns, nowMs);
  return {
    runs: runs.finish(),
    rollups: renameRollups(rollups, settings.renames),
    nowMs,
  };
});

// The rollups the last render read for each reader ('bar', 'older'), and the day and file stamps they were read at.
const lastRollups = new Map<string, { key: string; lines: Promise<SourcedRollupLine[]> }>();

/**
 * The rollups older than the 90-day bar, back to site.rollupRetentionDays: what the year-long and
 * all-kept badge figures (src/data/shields-endpoints.ts) add to a component's own rollups.
 */
export const getOlderRollups = cachePerBuild(async ({ dataDir }): Promise<RollupLine[]> => {
  const config = await getConfig();
  const nowMs = getBuildTimeMs();
  const barStartDay = toUtcDay(nowMs - BAR_DAYS * DAY_MS);
  const lines = await readRollupsOnce(dataDir, nowMs - config.site.rollupRetentionDays * DAY_MS, 'older');
  const older = lines.filter((line) => line.day < barStartDay);
  return renameRollups(older, getDayFoldSettings(config).renames);
});

/**
 * The daily rollups from sinceMs's day on. A build reads them; the data renderer reads them again
 * only when a rollup file changed or the day moved on (they change when retention folds a day).
 */
async function readRollupsOnce(
  dataDir: string,
  sinceMs: number,
  reader = 'bar',
): Promise<SourcedRollupLine[]> {
  const read = () => readRollups(dataDir, { since: new Date(sinceMs) });
  if (getRenderContext() === undefined) return read();
  const stamps = await Promise.all(
    (await listRollupSources(dataDir)).map(async (source) => {
      const months = await listRollupMonths(dataDir, source);
      const times = await Promise.all(
        months.map(async (month) => {
          const stats = await stat(path.join(dataDir, getRollupFile(source, month)), { bigint: true }).catch(
            () => undefined,
          );
          return stats === undefined ? '-' : `${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}`;
        }),
      );
      return `${source}[${months.map((month, index) => `${month}=${times[index]}`).join(',')}]`;
    }),
  );
  const key = `${path.resolve(dataDir)}\0${toUtcDay(sinceMs)}\0${stamps.join(';')}`;
  const last = lastRollups.get(reader);
  if (last?.key === key) return last.lines;
  const entry = { key, lines: read() };
  entry.lines.catch(() => {
    if (lastRollups.get(reader) === entry) lastRollups.delete(reader);
  });
  lastRollups.set(reader, entry);
  return entry.lines;
}

/**
 * Runs stamped later than the build's clock (beyond a little skew) come from a collector whose clock
 * jumped ahead; the newest run decides a status, so one of them would pin a check to it. They are
 * left out, with a warning (`vigil validate` names their files and lines).
 */
export function warnOfFutureRuns(dropped: readonly RunHead[], nowMs: number): void {
  if (dropped.length === 0) return;
  const sorted = dropped.toSorted((a, b) => a.t - b.t || compareText(a.source, b.source));
  const sources = [...new Set(sorted.map((head) => head.source))].join(', ');
  console.warn(
    `vigil build: warning: ${sorted.length} run${sorted.length === 1 ? '' : 's'} from the future ignored (source ${sources}, first at ${sorted[0]?.stamp}; the build's clock is ${new Date(nowMs).toISOString()}); run vigil validate to find them`,
  );
}

/** Each check's daily rollups, keyed by check id, in the order read (by day). */
export function indexRollupsByCheck(rollups: readonly RollupLine[]): Map<string, RollupLine[]> {
  const rollupsByCheck = new Map<string, RollupLine[]>();
  for (const rollup of rollups) {
    const lines = rollupsByCheck.get(rollup.id);
    if (lines) lines.push(rollup);
    else rollupsByCheck.set(rollup.id, [rollup]);
  }
  return rollupsByCheck;
}
