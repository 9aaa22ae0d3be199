import { isDataStale } from '../../core/history/freshness.ts';
import type { RunSeries } from '../../core/history/run-series.ts';
import { type UptimeResult, uptimeForWindow } from '../../core/history/uptime.ts';
import { DAY_MS } from '../../core/history/utc-day.ts';
import type { CheckStatus, RollupLine } from '../../core/model/index.ts';
import type { CheckSample } from './history.ts';

export interface CurrentStatus {
  /** The newest result's status, or `unknown` when there is none or it is stale. */
  status: CheckStatus;
  /** The newest result, fresh or not. */
  latest: CheckSample | undefined;
  /** True when there is a result but it is older than the stale threshold. */
  isStale: boolean;
}

/** A check's status now: its newest result, unless that is missing or older than staleAfterMs. */
export function deriveCurrentStatus(
  samples: readonly CheckSample[],
  clock: { nowMs: number; staleAfterMs: number },
): CurrentStatus {
  const latest = samples.at(-1);
  if (latest === undefined) return { status: 'unknown', latest, isStale: false };
  const isStale = isDataStale(latest.t, clock.staleAfterMs, clock.nowMs);
  return { status: isStale ? 'unknown' : latest.result.status, latest, isStale };
}

export const UPTIME_WINDOWS = [
  { key: '24h', label: '24 hours', shortLabel: '24 h', durationMs: DAY_MS },
  { key: '7d', label: '7 days', shortLabel: '7 d', durationMs: 7 * DAY_MS },
  { key: '30d', label: '30 days', shortLabel: '30 d', durationMs: 30 * DAY_MS },
] as const;

export type UptimeWindowKey = (typeof UPTIME_WINDOWS)[number]['key'];

/** Uptime ratio (null where there was no judged time) and time per status, per window ending now. */
export type UptimeByWindow = Record<UptimeWindowKey, UptimeResult>;

/**
 * Uptime over the last 24 h, 7 d and 30 d. A result vouches for at most staleAfterMs, so silence is a
 * gap rather than up; days older than the raw runs come from the daily rollups.
 */
export function computeUptimes(
  runs: RunSeries,
  rollups: readonly RollupLine[],
  clock: { nowMs: number; staleAfterMs: number },
): UptimeByWindow {
  const uptime = {} as UptimeByWindow;
  for (const window of UPTIME_WINDOWS) {
    uptime[window.key] = uptimeForWindow({
      samples: runs,
      rollups,
      from: clock.nowMs - window.durationMs,
      to: clock.nowMs,
      maxGapMs: clock.staleAfterMs,
    });
  }
  return uptime;
}
