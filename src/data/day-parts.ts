import { type FormerIds, mapFormerIds, renameSnapshotResults } from '../../core/history/former-ids.ts';
import {
  EMPTY_RUN_SERIES,
  findFirstRunAfter,
  findFirstRunAtOrAfter,
  joinRunSeries,
  type RunSeries,
  RunSeriesBuilder,
  sliceRunSeries,
} from '../../core/history/run-series.ts';
import { DAY_MS } from '../../core/history/utc-day.ts';
import { isMultiPlace } from '../../core/model/check-places.ts';
import type { Config, SiteSettings, SnapshotLine } from '../../core/model/index.ts';
import { HEAL_DETAIL_KEY, type HealRecord, HealRecordSchema } from '../../core/results/heal-record.ts';
import { compareText } from '../../core/store/read-jsonl.ts';
import { FUTURE_TOLERANCE_MS } from '../../core/store/read-snapshots.ts';
import { hideCollectorAddresses } from './collector-address.ts';
import type { CheckSample } from './history.ts';

/** The longest uptime window the site shows (30 d); raw runs are read at least this far back. */
export const LONGEST_WINDOW_MS = 30 * DAY_MS;

/** The runs a build reads: the retention (at least the longest uptime window) up to its clock, plus a little skew. */
export function getRawWindow(
  site: Pick<SiteSettings, 'retentionDays'>,
  nowMs: number,
): { sinceMs: number; untilMs: number } {
  const rawWindowMs = Math.max(site.retentionDays * DAY_MS, LONGEST_WINDOW_MS);
  return { sinceMs: nowMs - rawWindowMs, untilMs: nowMs + FUTURE_TOLERANCE_MS };
}

/** Check types whose pages read every run's detail, not only the newest: their results are kept in full. */
const FULL_HISTORY_TYPES: ReadonlySet<string> = new Set(['slurm', 'pbs']);

/** How this site reads day files: renames, which checks keep every result, whether addresses show. */
export function getDayFoldSettings(config: Pick<Config, 'checks' | 'site'>): DayFoldSettings {
  return {
    renames: mapFormerIds(config.checks),
    fullHistoryIds: new Set(
      config.checks
        .filter(
          (check) => FULL_HISTORY_TYPES.has(check.type) || (check.type === 'docker' && check.expandServices),
        )
        .map((check) => check.id),
    ),
    showCollectorAddress: config.site.showCollectorAddress,
  };
}

/** How many of a check's newest results are kept in full: the "latest results" table lists them. */
export const RECENT_RESULT_COUNT = 20;

/** What a run says of itself, without its results: the hosts page reads the newest per source. */
export interface RunHead {
  t: number;
  /** `t` as stored: the future-run warning quotes it. */
  stamp: string;
  source: string;
  agent: SnapshotLine['agent'];
  durationMs: number | undefined;
}

/** One check's runs of one day file. */
export interface CheckDayPart {
  series: RunSeries;
  /** Its newest RECENT_RESULT_COUNT results in full, oldest first. */
  recent: CheckSample[];
  /** Its newest result whose heal record reads. */
  heal: { t: number; record: HealRecord } | undefined;
  /** Every result in full, for the checks whose pages read each run's detail; undefined for the rest. */
  full: CheckSample[] | undefined;
}

/** One day file of one source, folded: the unit the build cache keeps. */
export interface DayPart {
  source: string;
  /** Its runs' heads in time order. */
  heads: RunHead[];
  /** Per check id, in order of first appearance. */
  checks: Map<string, CheckDayPart>;
  /** The latest run time in the file, epoch ms (-Infinity when empty). */
  newestT: number;
}

/** The checks seen from several places: their runs are joined per place (RunIndexBuilder's placedIds). */
export function listPlacedIds(config: Pick<Config, 'checks'>): Set<string> {
  return new Set(config.checks.filter((check) => isMultiPlace(check)).map((check) => check.id));
}

/** How day files are read for this site: part of the cache key, since each changes what a part holds. */
export interface DayFoldSettings {
  /** Renamed checks (`formerIds`): results stored under an old id count under the id now. */
  renames: FormerIds;
  /** Checks whose every result is kept in full (slurm and pbs: trend, reservations; docker: services). */
  fullHistoryIds: ReadonlySet<string>;
  /** `site.showCollectorAddress`: false scrubs the collector's host and address from what is kept. */
  showCollectorAddress: boolean;
}

/**
 * Folds one day file's valid lines into columns per check, with the few results kept in full. Lines
 * are taken in time order (a stable sort, so equal times keep file order).
 */
export function foldDayLines(
  source: string,
  lines: readonly SnapshotLine[],
  settings: DayFoldSettings,
): DayPart {
  const timed = lines.map((line) => ({ t: Date.parse(line.t), line }));
  timed.sort((a, b) => a.t - b.t);
  const sorted = hideCollectorAddresses(
    renameSnapshotResults(
      timed.map(({ line }) => line),
      settings.renames,
    ),
    settings.showCollectorAddress,
  );
  const builders = new Map<string, { series: RunSeriesBuilder; part: CheckDayPart }>();
  const heads: RunHead[] = [];
  for (let index = 0; index < sorted.length; index++) {
    const line = sorted[index] as SnapshotLine;
    const t = (timed[index] as { t: number }).t;
    heads.push({ t, stamp: line.t, source: line.source, agent: line.agent, durationMs: line.durationMs });
    for (const result of line.results) {
      let entry = builders.get(result.id);
      if (entry === undefined) {
        entry = {
          series: new RunSeriesBuilder(),
          part: {
            series: EMPTY_RUN_SERIES,
            recent: [],
            heal: undefined,
            full: settings.fullHistoryIds.has(result.id) ? [] : undefined,
          },
        };
        builders.set(result.id, entry);
      }
      entry.series.push(
        t,
        result.status,
        result.ms,
        result.metrics,
        result.folded?.spanMs,
        result.folded?.runs,
      );
      const sample = { t, result };
      entry.part.full?.push(sample);
      entry.part.recent.push(sample);
      if (entry.part.recent.length > 2 * RECENT_RESULT_COUNT)
        entry.part.recent.splice(0, RECENT_RESULT_COUNT);
      const stored = result.detail[HEAL_DETAIL_KEY];
      if (stored !== undefined) {
        const heal = HealRecordSchema.safeParse(stored);
        if (heal.success) entry.part.heal = { t, record: heal.data };
      }
    }
  }
  const checks = new Map<string, CheckDayPart>();
  for (const [id, { series, part }] of builders) {
    checks.set(id, { ...part, series: series.finish(), recent: part.recent.slice(-RECENT_RESULT_COUNT) });
  }
  return { source, heads, checks, newestT: timed.at(-1)?.t ?? Number.NEGATIVE_INFINITY };
}

/** One check's retained runs, joined from its day parts. */
export interface CheckHistory {
  series: RunSeries;
  /** The newest RECENT_RESULT_COUNT results in full, oldest first. */
  recent: CheckSample[];
  heal: { t: number; record: HealRecord } | undefined;
  full: CheckSample[] | undefined;
}

/** Every check's retained runs and the newest run of each source. */
export interface RunIndex {
  /** By check id; a check seen from several places is not here but in `places`. */
  checks: Map<string, CheckHistory>;
  /**
   * Each multi-place check's runs per place: check id → source → history. Only the ids given as
   * `placedIds` are split so; every other check keeps one history whatever source wrote it (its
   * history stays whole when it moves from one source to another).
   */
  places: Map<string, Map<string, CheckHistory>>;
  /** The newest kept run of each source. */
  newestBySource: Map<string, RunHead>;
  /** The newest kept run of any source, epoch ms. */
  newestDataMs: number | undefined;
}

export const EMPTY_CHECK_HISTORY: CheckHistory = {
  series: EMPTY_RUN_SERIES,
  recent: [],
  heal: undefined,
  full: undefined,
};

/**
 * Joins day parts (in file order: by source, then by day) into each check's history, keeping runs
 * with t in [sinceMs, untilMs]: the same runs, in the same order, as one sort of every line by time
 * and source. Parts that hold runs after untilMs must have been folded with those lines left out
 * (see readDayParts); the results they keep in full would otherwise miss the runs before them.
 */
export function joinDayParts(
  parts: readonly DayPart[],
  window: { sinceMs: number; untilMs: number },
  placedIds: ReadonlySet<string> = new Set(),
): RunIndex {
  const builder = new RunIndexBuilder(window, { placedIds });
  parts.forEach((part, index) => {
    builder.add(part, index);
  });
  return builder.finish();
}

interface CheckAccumulator {
  series: { series: RunSeries; rank: number }[];
  /** At most RECENT_RESULT_COUNT: the newest of the parts added so far. */
  recent: { sample: CheckSample; rank: number; order: number }[];
  heal: { t: number; record: HealRecord; rank: number } | undefined;
  full: { samples: readonly CheckSample[]; rank: number }[] | undefined;
}

/**
 * joinDayParts one part at a time, in any order: each part is given its place in file order (its
 * rank), and only what the join keeps of it is held (its columns, the newest results of each check,
 * the newest run of its source), so a build never holds every day's results in full at once.
 */
// Each check's parts and their join, as the last index with reuseJoins made them.
let lastJoins = new Map<string, { inputs: RunSeries[]; series: RunSeries }>();

/** Forgets the joins kept for reuseJoins (the data renderer closed). */
export function forgetJoinedRuns(): void {
  lastJoins = new Map();
}

export class RunIndexBuilder {
  /** By check id, or by placeKey(id, source) for a multi-place check. */
  private readonly byCheck = new Map<string, CheckAccumulator>();
  private readonly newest = new Map<string, { head: RunHead; rank: number }>();

  private readonly window: { sinceMs: number; untilMs: number };
  private readonly reuseJoins: boolean;
  private readonly placedIds: ReadonlySet<string>;
  /** placeKey → [check id, source]. */
  private readonly placeOf = new Map<string, [string, string]>();

  /**
   * reuseJoins: a check whose parts are the very ones the last index joined gets that join again (the
   * data renderer keeps unchanged days in memory, so most checks' parts are the same from one render
   * to the next); only one builder at a time may use it. placedIds: the checks seen from several places,
   * whose runs are kept per source (RunIndex.places); the split happens here, not in the fold, so the
   * day cache does not depend on which checks are multi-place.
   */
  constructor(
    window: { sinceMs: number; untilMs: number },
    options: { reuseJoins?: boolean; placedIds?: ReadonlySet<string> } = {},
  ) {
    this.window = window;
    this.reuseJoins = options.reuseJoins ?? false;
    this.placedIds = options.placedIds ?? new Set();
  }

  add(part: DayPart, rank: number): void {
    for (let index = part.heads.length - 1; index >= 0; index -= 1) {
      const head = part.heads[index] as RunHead;
      if (head.t > this.window.untilMs) continue;
      if (head.t < this.window.sinceMs) break;
      const known = this.newest.get(head.source);
      if (known === undefined || head.t > known.head.t || (head.t === known.head.t && rank > known.rank))
        this.newest.set(head.source, { head, rank });
      break;
    }
    for (const [checkId, whole] of part.checks) {
      const checkPart = clipPart(whole, this.window);
      if (checkPart.series.length === 0) continue;
      const id = this.placedIds.has(checkId) ? placeKey(checkId, part.source) : checkId;
      let accumulator = this.byCheck.get(id);
      if (accumulator === undefined) {
        accumulator = { series: [], recent: [], heal: undefined, full: undefined };
        this.byCheck.set(id, accumulator);
        if (id !== checkId) this.placeOf.set(id, [checkId, part.source]);
      }
      accumulator.series.push({ series: checkPart.series, rank });
      accumulator.recent = [
        ...accumulator.recent,
        ...checkPart.recent.map((sample, order) => ({ sample, rank, order })),
      ]
        .sort((a, b) => a.sample.t - b.sample.t || a.rank - b.rank || a.order - b.order)
        .slice(-RECENT_RESULT_COUNT);
      const heal = checkPart.heal;
      const known = accumulator.heal;
      if (
        heal !== undefined &&
        (known === undefined || heal.t > known.t || (heal.t === known.t && rank > known.rank))
      )
        accumulator.heal = { ...heal, rank };
      if (checkPart.full !== undefined) {
        accumulator.full ??= [];
        accumulator.full.push({ samples: checkPart.full, rank });
      }
    }
  }

  finish(): RunIndex {
    const checks = new Map<string, CheckHistory>();
    const places = new Map<string, Map<string, CheckHistory>>();
    const joined = new Map<string, { inputs: RunSeries[]; series: RunSeries }>();
    for (const [id, accumulator] of this.byCheck) {
      const sorted = accumulator.series.toSorted((a, b) => a.rank - b.rank);
      const inputs = sorted.map((entry) => entry.series);
      const known = this.reuseJoins ? lastJoins.get(id) : undefined;
      const series =
        known !== undefined &&
        known.inputs.length === inputs.length &&
        known.inputs.every((input, index) => input === inputs[index])
          ? known.series
          : joinRunSeries(sorted);
      if (this.reuseJoins) joined.set(id, { inputs, series });
      const history: CheckHistory = {
        series,
        recent: accumulator.recent.map(({ sample }) => sample),
        heal:
          accumulator.heal === undefined
            ? undefined
            : { t: accumulator.heal.t, record: accumulator.heal.record },
        full:
          accumulator.full === undefined
            ? undefined
            : joinSamples(accumulator.full.toSorted((a, b) => a.rank - b.rank)),
      };
      const place = this.placeOf.get(id);
      if (place === undefined) checks.set(id, history);
      else {
        const [checkId, source] = place;
        let bySource = places.get(checkId);
        if (bySource === undefined) {
          bySource = new Map();
          places.set(checkId, bySource);
        }
        bySource.set(source, history);
      }
    }
    if (this.reuseJoins) lastJoins = joined;
    const newestBySource = new Map<string, RunHead>();
    let newestDataMs: number | undefined;
    for (const [source, { head }] of [...this.newest].sort(([a], [b]) => compareText(a, b))) {
      newestBySource.set(source, head);
      newestDataMs = Math.max(newestDataMs ?? Number.NEGATIVE_INFINITY, head.t);
    }
    return { checks, places, newestBySource, newestDataMs };
  }
}

/** The key of one place's runs of a multi-place check ("@" is not in an id, so it cannot clash). */
function placeKey(id: string, source: string): string {
  return `${id}@${source}`;
}

function clipPart(part: CheckDayPart, window: { sinceMs: number; untilMs: number }): CheckDayPart {
  const { series } = part;
  if (series.length === 0) return part;
  const firstT = series.t[0] as number;
  const lastT = series.t[series.length - 1] as number;
  if (firstT >= window.sinceMs && lastT <= window.untilMs) return part;
  const keep = (sample: CheckSample) => sample.t >= window.sinceMs && sample.t <= window.untilMs;
  return {
    series: sliceRunSeries(
      series,
      findFirstRunAtOrAfter(series, window.sinceMs),
      findFirstRunAfter(series, window.untilMs),
    ),
    recent: part.recent.filter(keep),
    heal:
      part.heal !== undefined && part.heal.t >= window.sinceMs && part.heal.t <= window.untilMs
        ? part.heal
        : undefined,
    full: part.full?.filter(keep),
  };
}

/** Samples of several parts in time order; equal times keep source order, then part order. */
function joinSamples(parts: readonly { samples: readonly CheckSample[]; rank: number }[]): CheckSample[] {
  const ranked = parts.flatMap(({ samples, rank }) => samples.map((sample) => ({ sample, rank })));
  ranked.sort((a, b) => a.sample.t - b.sample.t || a.rank - b.rank);
  return ranked.map(({ sample }) => sample);
}

/**
 * Every check's history from snapshot lines held in memory (tests, small inputs): the lines are split
 * into day files as the store keeps them, folded and joined as a build reads them.
 */
export function indexSnapshotLines(
  lines: readonly SnapshotLine[],
  settings: DayFoldSettings,
  window: { sinceMs: number; untilMs: number } = {
    sinceMs: Number.NEGATIVE_INFINITY,
    untilMs: Number.POSITIVE_INFINITY,
  },
  placedIds: ReadonlySet<string> = new Set(),
): RunIndex {
  const files = new Map<string, { source: string; lines: SnapshotLine[] }>();
  for (const line of lines) {
    const key = `${line.source}\0${line.t.slice(0, 10)}`;
    const file = files.get(key);
    if (file) file.lines.push(line);
    else files.set(key, { source: line.source, lines: [line] });
  }
  const ordered = [...files.entries()].sort(([a], [b]) => compareText(a, b));
  const kept = ordered.map(([, file]) => ({
    source: file.source,
    lines: file.lines.filter((line) => {
      const t = Date.parse(line.t);
      return t >= window.sinceMs && t <= window.untilMs;
    }),
  }));
  return joinDayParts(
    kept.map((file) => foldDayLines(file.source, file.lines, settings)),
    window,
    placedIds,
  );
}
