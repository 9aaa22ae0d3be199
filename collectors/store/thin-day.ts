import { SnapshotLineSchema } from '../../core/model/snapshot.ts';

/** The minute: folded results never span two. */
export const FOLD_BUCKET_MS = 60_000;

/** What folding needs to know of one sub-minute check. */
export interface ThinnedCheck {
  /** The longest silence one run vouches for (its staleAfter): runs further apart are never folded together. */
  maxGapMs: number;
}

export interface ThinDayOptions {
  /** The checks whose results are folded, by id; other checks' results are left as they are. */
  checks: ReadonlyMap<string, ThinnedCheck>;
  /** Only minutes that end at or before this instant are folded (now − site.fullRateWindow). */
  foldBeforeMs: number;
  /**
   * Lines before this instant (a minute boundary: an earlier pass folded up to it) are kept without
   * being parsed, so a pass costs the minutes it folds, not the whole day. Default: every line.
   */
  foldFromMs?: number;
}

export interface ThinDayOutcome {
  /** The day file's new text; the same string when nothing was folded. */
  text: string;
  /** Results folded into an earlier result of their check (and removed from their line). */
  foldedResults: number;
  /** Lines removed because every result they held was folded away. */
  removedLines: number;
}

/** One stored result as JSON.parse gave it: folding rewrites only the fields it owns. */
type RawResult = Record<string, unknown> & {
  id: string;
  status: string;
  raw?: string;
  ms: number;
  metrics?: Record<string, number>;
  folded?: { runs: number; spanMs: number };
};

interface Entry {
  row: number;
  result: RawResult;
  t: number;
  runs: number;
  spanMs: number;
}

/**
 * Folds one day file's sub-minute results: within each minute before `foldBeforeMs`, consecutive
 * results of one check with the same status (and raw status) and no gap longer than the check's
 * maxGapMs between them become one result, at the first one's line, with `folded: { runs, spanMs }`
 * and the mean `ms` and metrics. Every status change and every gap stays, so uptime is unchanged.
 * Lines that do not parse (a torn last line) and other checks' results are kept byte for byte; a
 * line whose every result was folded away is removed.
 */
export function thinDayText(text: string, options: ThinDayOptions): ThinDayOutcome {
  const rows = text.split('\n');
  const parsed = new Map<number, { line: { t: string; results: RawResult[] } }>();
  const byCheck = new Map<string, Entry[]>();
  const foldFromMs = options.foldFromMs ?? Number.NEGATIVE_INFINITY;
  rows.forEach((row, index) => {
    if (row.trim() === '') return;
    const headT = readHeadTime(row);
    if (headT !== undefined && (headT < foldFromMs || headT >= options.foldBeforeMs)) return;
    let json: unknown;
    try {
      json = JSON.parse(row);
    } catch {
      return;
    }
    if (!SnapshotLineSchema.safeParse(json).success) return;
    const line = json as { t: string; results: RawResult[] };
    const t = Date.parse(line.t);
    for (const result of line.results) {
      if (!options.checks.has(result.id)) continue;
      if (Math.floor(t / FOLD_BUCKET_MS) * FOLD_BUCKET_MS + FOLD_BUCKET_MS > options.foldBeforeMs) continue;
      parsed.set(index, { line });
      const entry: Entry = {
        row: index,
        result,
        t,
        runs: result.folded?.runs ?? 1,
        spanMs: result.folded?.spanMs ?? 0,
      };
      const entries = byCheck.get(result.id);
      if (entries) entries.push(entry);
      else byCheck.set(result.id, [entry]);
    }
  });

  const removed = new Set<RawResult>();
  const changedRows = new Set<number>();
  for (const [id, entries] of byCheck) {
    const { maxGapMs } = options.checks.get(id) as ThinnedCheck;
    entries.sort((a, b) => a.t - b.t);
    let group: Entry[] = [];
    const flush = () => {
      if (group.length > 1) {
        foldGroup(group, removed);
        for (const entry of group) changedRows.add(entry.row);
      }
      group = [];
    };
    for (const entry of entries) {
      const previous = group.at(-1);
      if (previous !== undefined && !canFoldTogether(previous, entry, maxGapMs)) flush();
      group.push(entry);
    }
    flush();
  }
  if (removed.size === 0) return { text, foldedResults: 0, removedLines: 0 };

  let removedLines = 0;
  const kept: string[] = [];
  rows.forEach((row, index) => {
    const entry = parsed.get(index);
    // Lines folding did not touch stay byte for byte.
    if (entry === undefined || !changedRows.has(index)) {
      kept.push(row);
      return;
    }
    const results = entry.line.results.filter((result) => !removed.has(result));
    if (results.length === 0) {
      removedLines += 1;
      return;
    }
    kept.push(JSON.stringify({ ...entry.line, results }));
  });
  return { text: kept.join('\n'), foldedResults: removed.size, removedLines };
}

/** A line's time from its head as the collector writes it (`{"v":1,"t":"…"`), without parsing the rest. */
export function readHeadTime(row: string): number | undefined {
  const match = /^\{"v":\d+,"t":"([^"]{1,40})"/.exec(row);
  if (match === null) return undefined;
  const t = Date.parse(match[1] as string);
  return Number.isFinite(t) ? t : undefined;
}

/** Same minute, same verdict, and the later run starts within maxGapMs of the earlier one's last run. */
function canFoldTogether(earlier: Entry, later: Entry, maxGapMs: number): boolean {
  return (
    Math.floor(earlier.t / FOLD_BUCKET_MS) === Math.floor(later.t / FOLD_BUCKET_MS) &&
    earlier.result.status === later.result.status &&
    earlier.result.raw === later.result.raw &&
    later.t - (earlier.t + earlier.spanMs) <= maxGapMs
  );
}

/** The group's first result becomes the folded one; the others are marked for removal. */
function foldGroup(group: readonly Entry[], removed: Set<RawResult>): void {
  const first = group[0] as Entry;
  const last = group.at(-1) as Entry;
  let runs = 0;
  const msSum = { total: 0, runs: 0, decimals: 0 };
  const metricSums = new Map<string, typeof msSum>();
  const add = (sum: typeof msSum, value: number, weight: number) => {
    sum.total += value * weight;
    sum.runs += weight;
    sum.decimals = Math.max(sum.decimals, countDecimals(value));
  };
  for (const entry of group) {
    runs += entry.runs;
    add(msSum, entry.result.ms, entry.runs);
    for (const [name, value] of Object.entries(entry.result.metrics ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      let sum = metricSums.get(name);
      if (sum === undefined) {
        sum = { total: 0, runs: 0, decimals: 0 };
        metricSums.set(name, sum);
      }
      add(sum, value, entry.runs);
    }
    if (entry !== first) removed.add(entry.result);
  }
  const metrics: Record<string, number> = {};
  for (const [name, sum] of metricSums) metrics[name] = roundMean(sum);
  first.result.ms = roundMean(msSum);
  first.result.metrics = metrics;
  // Empty detail is what the schema defaults to: a folded result does not spell it out.
  if (isEmptyObject(first.result.detail)) delete first.result.detail;
  first.result.folded = { runs, spanMs: last.t + last.spanMs - first.t };
}

/** A mean at the precision its runs were measured at (at most 6 decimals). */
function roundMean(sum: { total: number; runs: number; decimals: number }): number {
  const scale = 10 ** Math.min(6, sum.decimals);
  return Math.round((sum.total / sum.runs) * scale) / scale;
}

function countDecimals(value: number): number {
  if (Number.isInteger(value)) return 0;
  const text = String(value);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.length - text.indexOf('.') - 1;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
