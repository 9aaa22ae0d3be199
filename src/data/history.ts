import { mapFormerIds, renameRollups, renameSnapshotResults } from '../../core/history/former-ids.ts';
import { DAY_MS } from '../../core/history/utc-day.ts';
import type { CheckResult, RollupLine, SnapshotLine } from '../../core/model/index.ts';
import { readRollups } from '../../core/store/read-rollups.ts';
import { FUTURE_TOLERANCE_MS, readSnapshots } from '../../core/store/read-snapshots.ts';
import { cachePerBuild } from './build-cache.ts';
import { getBuildTimeMs } from './build-clock.ts';
import { hideCollectorAddresses } from './collector-address.ts';
import { getConfig } from './config.ts';
import { BAR_DAYS } from './daily-bars.ts';

/** The longest uptime window the site shows (30 d); raw runs are read at least this far back. */
export const LONGEST_WINDOW_MS = 30 * DAY_MS;

/** Everything the site renders from data/, read once per build. */
export interface History {
  /** Runs in the retained window, sorted by t. */
  snapshots: SnapshotLine[];
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
}

/** Reads snapshots and rollups once per build, whatever number of pages asks. */
export const getHistory = cachePerBuild(async ({ dataDir }): Promise<History> => {
  const config = await getConfig();
  const nowMs = getBuildTimeMs();
  const rawWindowMs = Math.max(config.site.retentionDays * DAY_MS, LONGEST_WINDOW_MS);
  const since = new Date(nowMs - rawWindowMs);
  const [snapshots, rollups] = await Promise.all([
    readSnapshots(dataDir, { since }),
    readRollups(dataDir, { since: new Date(nowMs - BAR_DAYS * DAY_MS) }),
  ]);
  const renames = mapFormerIds(config.checks);
  return {
    snapshots: hideCollectorAddresses(
      renameSnapshotResults(dropFutureRuns(snapshots, nowMs), renames),
      config.site.showCollectorAddress,
    ),
    rollups: renameRollups(rollups, renames),
    nowMs,
  };
});

/**
 * Runs stamped later than the build's clock (beyond a little skew) come from a collector whose clock
 * jumped ahead; the newest run decides a status, so one of them would pin a check to it. They are
 * left out, with a warning (`vigil validate` names their files and lines).
 */
export function dropFutureRuns(snapshots: SnapshotLine[], nowMs: number): SnapshotLine[] {
  const latestMs = nowMs + FUTURE_TOLERANCE_MS;
  const kept = snapshots.filter((line) => Date.parse(line.t) <= latestMs);
  const dropped = snapshots.filter((line) => Date.parse(line.t) > latestMs);
  if (dropped.length > 0) {
    const sources = [...new Set(dropped.map((line) => line.source))].join(', ');
    console.warn(
      `vigil build: warning: ${dropped.length} run${dropped.length === 1 ? '' : 's'} from the future ignored (source ${sources}, first at ${dropped[0]?.t}; the build's clock is ${new Date(nowMs).toISOString()}); run vigil validate to find them`,
    );
  }
  return dropped.length === 0 ? snapshots : kept;
}

/** Each check's results in time order, keyed by check id: one pass over all runs. */
export function indexSamplesByCheck(snapshots: readonly SnapshotLine[]): Map<string, CheckSample[]> {
  const samplesByCheck = new Map<string, CheckSample[]>();
  for (const line of snapshots) {
    const t = Date.parse(line.t);
    for (const result of line.results) {
      const samples = samplesByCheck.get(result.id);
      if (samples) samples.push({ t, result });
      else samplesByCheck.set(result.id, [{ t, result }]);
    }
  }
  return samplesByCheck;
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
