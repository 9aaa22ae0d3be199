// A check seen from several places, as the site model needs it: each place's own history, status and
// uptime, and the judged history (core/history/judge-run-series.ts) that the component's uptime, bar and
// status follow.
import { isDataStale, type PlaceFreshness } from '../../core/history/freshness.ts';
import { estimateJudgedRollups } from '../../core/history/judge-rollups.ts';
import { judgeRunSeriesOnce } from '../../core/history/judge-run-series.ts';
import { markMaintenanceRuns } from '../../core/history/run-series.ts';
import type { TimeWindow } from '../../core/incidents/status-overlay.ts';
import { markMaintenanceSamples } from '../../core/incidents/status-overlay.ts';
import type { RollupLine } from '../../core/model/index.ts';
import { computeUptimes } from './component-status.ts';
import { type CheckHistory, EMPTY_CHECK_HISTORY, RECENT_RESULT_COUNT } from './day-parts.ts';
import type { CheckSample } from './history.ts';
import type { PlaceModel } from './site-model.ts';

/** A rollup line as read from data/rollups/<source>/: tests may give lines without their source. */
export type PlaceRollupLine = RollupLine & { source?: string };

/** What deriveSiteModel takes of a multi-place check: its places, and the history it is judged by. */
export interface PlacedHistory {
  /** How many places must agree (the check's resolved quorum). */
  quorum: number;
  places: PlaceModel[];
  placeFreshness: PlaceFreshness[];
  /** The judged runs (maintenance not yet marked) and the places' newest results merged by time. */
  history: CheckHistory;
  /** The judged daily rollups, estimated from the places' (judge-rollups.ts). */
  rollups: RollupLine[];
}

/** Each multi-place check's rollups per source: check id → source → lines in the order read. */
export function indexPlaceRollups(
  rollups: readonly PlaceRollupLine[],
  placedIds: ReadonlySet<string>,
): Map<string, Map<string, RollupLine[]>> {
  const index = new Map<string, Map<string, RollupLine[]>>();
  if (placedIds.size === 0) return index;
  for (const rollup of rollups) {
    if (!placedIds.has(rollup.id) || rollup.source === undefined) continue;
    let bySource = index.get(rollup.id);
    if (bySource === undefined) {
      bySource = new Map();
      index.set(rollup.id, bySource);
    }
    const lines = bySource.get(rollup.source);
    if (lines) lines.push(rollup);
    else bySource.set(rollup.source, [rollup]);
  }
  return index;
}

/**
 * A multi-place check's places in the order `sources` lists them, each judged by the core staleness
 * rule at nowMs, and the judged history: every run time of any place judged from the places' newest
 * runs then (judgeRunSeries), memoised by the identity of the places' joined series.
 */
export function derivePlacedHistory(input: {
  sources: readonly string[];
  quorum: number;
  histories: ReadonlyMap<string, CheckHistory> | undefined;
  rollups: ReadonlyMap<string, readonly RollupLine[]> | undefined;
  sourceNames: ReadonlyMap<string, string>;
  windows: readonly TimeWindow[];
  clock: { nowMs: number; staleAfterMs: number };
}): PlacedHistory {
  const { clock, windows } = input;
  const histories = input.sources.map((source) => input.histories?.get(source) ?? EMPTY_CHECK_HISTORY);
  const places = input.sources.map((source, index): PlaceModel => {
    const history = histories[index] as CheckHistory;
    const stored = history.recent.at(-1);
    const freshness: PlaceFreshness = {
      source,
      newestMs: stored?.t ?? null,
      status: stored?.result.status ?? 'unknown',
    };
    const isCurrent = stored !== undefined && !isDataStale(stored.t, clock.staleAfterMs, clock.nowMs);
    const runs = markMaintenanceRuns(history.series, windows);
    const rollups = input.rollups?.get(source) ?? [];
    const latest = markMaintenanceSamples(stored === undefined ? [] : [{ ...stored, source }], windows)[0];
    return {
      source,
      name: input.sourceNames.get(source) ?? source,
      // Its newest result's status as the page shows that result: maintenance when taken in a maintenance
      // window (the freshness keeps the stored status, which the quorum votes with).
      status: isCurrent && latest !== undefined ? latest.result.status : 'unknown',
      freshness,
      latest,
      runs,
      rollups,
      uptime: computeUptimes(runs, rollups, clock),
    };
  });
  const series = judgeRunSeriesOnce(
    histories.map((history) => history.series),
    { staleAfterMs: clock.staleAfterMs, required: input.quorum },
  );
  return {
    quorum: input.quorum,
    places,
    placeFreshness: places.map((place) => place.freshness),
    history: { series, recent: mergeRecent(input.sources, histories), heal: undefined, full: undefined },
    rollups: estimateJudgedRollups(
      places.map((place) => place.rollups),
      input.quorum,
    ),
  };
}

/** The places' newest results merged by time (equal times in the order of `sources`), each with its source. */
function mergeRecent(sources: readonly string[], histories: readonly CheckHistory[]): CheckSample[] {
  const merged = histories.flatMap((history, index) =>
    history.recent.map((sample) => ({ ...sample, source: sources[index] as string, index })),
  );
  merged.sort((a, b) => a.t - b.t || a.index - b.index);
  return merged.slice(-RECENT_RESULT_COUNT).map(({ index: _, ...sample }) => sample);
}
