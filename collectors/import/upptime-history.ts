// `vigil import upptime FILE --history`: an Upptime repository's status timeline (the git history of
// history/<slug>.yml) as Vigil's daily rollups, so the 90-day bars and uptime figures start full.

import path from 'node:path';
import { countNoun } from '../../core/count-noun.ts';
import { type FoldSample, foldIntoRollup } from '../../core/history/fold-rollup.ts';
import { createEmptyTally, uptimeRatio } from '../../core/history/uptime.ts';
import { DAY_MS, getUtcDayStartMs, toUtcDay, toUtcMonth } from '../../core/history/utc-day.ts';
import type { RollupLine, StatusTally } from '../../core/model/snapshot.ts';
import { compareText } from '../../core/store/read-jsonl.ts';
import { listRollupMonths, readRollupMonth, readRollups } from '../../core/store/read-rollups.ts';
import { listSnapshotDays, listSnapshotSources, readSnapshotDay } from '../../core/store/read-snapshots.ts';
import { assertUrlSafeSource, getRollupFile } from '../../core/store/store-paths.ts';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import { type CommandRunner, runCommand } from '../transport/run-command.ts';
import { readUpptimeTimeline, type UpptimeRecord } from './upptime-git-log.ts';
import { toVigilCheckId } from './upptime-slug.ts';

/** The folder under data/rollups/ the imported days go to. */
export const UPPTIME_IMPORT_SOURCE = 'upptime-import';

/**
 * How long one committed status vouches for without a newer commit. Upptime commits a site's file
 * when its status changes and once a day anyway (its response-time workflow, 23:00 UTC by default),
 * so a longer silence means the monitor was not running: that time is a gap, not the old status.
 */
export const DEFAULT_MAX_SILENCE_MS = 2 * DAY_MS;

export interface ImportUpptimeHistoryOptions {
  /** The Upptime repository (a clone with its history). */
  repoDir: string;
  /** The imported checks (status.config.yaml entries); a history file is matched to one by id. */
  checks: readonly Record<string, unknown>[];
  dataDir: string;
  /** Only UTC days before now's day are imported: today is for the collector. */
  now: Date;
  /** Rollup folder name; default UPPTIME_IMPORT_SOURCE. */
  source?: string;
  /** How many days back (default 400, as long as Vigil keeps rollups). */
  days?: number;
  maxSilenceMs?: number;
  /** The command runner git runs through (tests pass their own). */
  run?: CommandRunner;
  /** Most time git may take (default 120 s) and most bytes it may print (default 64 MiB). */
  timeoutMs?: number;
  maxOutputBytes?: number;
}

/** The metric each check type keeps Upptime's response time as. */
const RESPONSE_METRIC: Record<string, string> = { http: 'latencyMs', tcp: 'connectMs' };

/** Writes the rollups; `lines` says what was imported, what was not, and what the user must know. */
export async function importUpptimeHistory(
  options: ImportUpptimeHistoryOptions,
): Promise<{ lines: string[] }> {
  const source = options.source ?? UPPTIME_IMPORT_SOURCE;
  assertUrlSafeSource(source, 'importUpptimeHistory');
  const maxSilenceMs = options.maxSilenceMs ?? DEFAULT_MAX_SILENCE_MS;
  const todayMs = getUtcDayStartMs(toUtcDay(options.now.getTime()));
  const firstDayMs = todayMs - (options.days ?? 400) * DAY_MS;
  const timeline = await readUpptimeTimeline({
    repoDir: options.repoDir,
    sinceMs: firstDayMs - maxSilenceMs - DAY_MS,
    run: options.run ?? runCommand,
    signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    maxOutputBytes: options.maxOutputBytes ?? 64 * 1024 * 1024,
  });
  const typeById = new Map(options.checks.map((check) => [String(check.id), String(check.type)]));
  const lines: string[] = [];
  const recordsById = new Map<string, UpptimeRecord[]>();
  for (const [slug, records] of [...timeline.bySlug].sort(([a], [b]) => compareText(a, b))) {
    const id = toVigilCheckId(slug);
    if (typeById.has(id)) recordsById.set(id, records);
    else lines.push(`history/${slug}.yml: no imported check has the id "${id}"; not imported`);
  }
  for (const id of typeById.keys()) {
    if (!recordsById.has(id))
      lines.push(`${id}: no history file for it in ${options.repoDir}; no days imported`);
  }
  const covered = await findCoveredDays(options.dataDir, source, new Set(recordsById.keys()));
  const folded: RollupLine[] = [];
  for (const [id, records] of recordsById) {
    const metric = RESPONSE_METRIC[typeById.get(id) ?? ''];
    const samples = records.map((record) => toFoldSample(record, metric));
    const days = foldDays(id, samples, { firstDayMs, todayMs, maxSilenceMs });
    const kept = days.filter((line) => !covered.has(`${line.day}\n${id}`));
    folded.push(...kept);
    lines.push(describeCheck(id, kept, days.length - kept.length, records));
  }
  const files = await writeRollups(options.dataDir, source, new Set(recordsById.keys()), folded);
  if (timeline.isShallow) {
    lines.push(
      `${options.repoDir} is a shallow clone: only the status changes it holds were read; \`git fetch --unshallow\` there and import again for the rest`,
    );
  }
  if (timeline.isTruncated) {
    lines.push(
      'git printed more than the output cap: the oldest status changes were not read (their days are gaps)',
    );
  }
  lines.push(
    `${folded.length} daily rollups written to ${files.length === 0 ? 'no file' : files.join(', ')}.`,
    'Upptime recorded status changes, not runs: each day holds the time spent in each status, as exact as the commits; its run counts are commits and its response times only those Upptime committed.',
    'The site matches history to checks by id: keep these ids (rename a check with formerIds), and leave data/rollups/' +
      `${source}/ in the repository.`,
  );
  return { lines };
}

function toFoldSample(record: UpptimeRecord, metric: string | undefined): FoldSample {
  const measured = record.responseTimeMs > 0;
  return {
    t: record.t,
    status: record.status,
    ms: record.responseTimeMs,
    metrics: measured && metric !== undefined ? { [metric]: record.responseTimeMs } : {},
  };
}

/**
 * Each UTC day from the first record (or firstDayMs) to yesterday, folded by the rollups' own code
 * from the day's records and the last one before it. A day the records do not reach is left out: a gap.
 */
function foldDays(
  id: string,
  samples: readonly FoldSample[],
  range: { firstDayMs: number; todayMs: number; maxSilenceMs: number },
): RollupLine[] {
  const first = samples[0];
  if (first === undefined) return [];
  const lines: RollupLine[] = [];
  let start = 0;
  for (
    let dayMs = Math.max(range.firstDayMs, getUtcDayStartMs(toUtcDay(first.t)));
    dayMs < range.todayMs;
    dayMs += DAY_MS
  ) {
    while (start + 1 < samples.length && (samples[start + 1] as FoldSample).t < dayMs) start += 1;
    let end = start;
    while (end < samples.length && (samples[end] as FoldSample).t < dayMs + DAY_MS) end += 1;
    const daySamples = samples.slice(start, end);
    const day = toUtcDay(dayMs);
    const line = foldIntoRollup(day, id, daySamples, range.maxSilenceMs);
    if (sumTally(line.durationsMs) === 0) continue;
    // Upptime writes 0 ms where it measured nothing (a site that did not answer): only real
    // measurements make the day's response time.
    const measured = daySamples.filter((sample) => sample.ms > 0 && sample.t >= dayMs);
    line.latencyMs =
      measured.length === 0 ? null : foldIntoRollup(day, id, measured, range.maxSilenceMs).latencyMs;
    lines.push(line);
  }
  return lines;
}

/**
 * Days some other data already holds for a check (raw runs of any collector, rollups of another
 * source): there the site reads that data, and an imported day would only compete with it.
 */
async function findCoveredDays(
  dataDir: string,
  ownSource: string,
  ids: ReadonlySet<string>,
): Promise<Set<string>> {
  const covered = new Set<string>();
  const quiet = () => {};
  for (const source of await listSnapshotSources(dataDir)) {
    for (const day of await listSnapshotDays(dataDir, source)) {
      for (const line of await readSnapshotDay(dataDir, source, day, quiet)) {
        for (const result of line.results) if (ids.has(result.id)) covered.add(`${day}\n${result.id}`);
      }
    }
  }
  for (const line of await readRollups(dataDir, { onWarning: quiet })) {
    if (line.source !== ownSource && ids.has(line.id)) covered.add(`${line.day}\n${line.id}`);
  }
  return covered;
}

/**
 * Rewrites the import's month files atomically: the imported checks' earlier lines are replaced (so
 * importing again gives the same files), other checks' lines stay.
 */
async function writeRollups(
  dataDir: string,
  source: string,
  ids: ReadonlySet<string>,
  folded: readonly RollupLine[],
): Promise<string[]> {
  const byMonth = new Map<string, RollupLine[]>();
  for (const month of await listRollupMonths(dataDir, source)) byMonth.set(month, []);
  for (const line of folded) {
    const month = toUtcMonth(line.day);
    byMonth.set(month, [...(byMonth.get(month) ?? []), line]);
  }
  const written: string[] = [];
  for (const [month, lines] of [...byMonth].sort(([a], [b]) => compareText(a, b))) {
    const existing = await readRollupMonth(dataDir, source, month, () => {});
    const kept = existing.filter((line) => !ids.has(line.id));
    if (lines.length === 0 && kept.length === existing.length) continue;
    const merged = [...kept, ...lines].sort((a, b) => compareText(a.day, b.day) || compareText(a.id, b.id));
    const file = getRollupFile(source, month);
    await writeFileAtomic(
      path.join(dataDir, file),
      merged.map((line) => `${JSON.stringify(line)}\n`).join(''),
    );
    written.push(`data/${file}`);
  }
  return written;
}

function describeCheck(
  id: string,
  kept: readonly RollupLine[],
  skipped: number,
  records: readonly UpptimeRecord[],
) {
  const total = createEmptyTally();
  for (const line of kept)
    for (const status of Object.keys(total) as (keyof StatusTally)[])
      total[status] += line.durationsMs[status];
  const ratio = uptimeRatio(total);
  const span =
    kept.length === 0
      ? 'no days'
      : `${countNoun(kept.length, 'day')} (${kept[0]?.day} … ${kept.at(-1)?.day})`;
  const uptime = ratio === null ? '' : `, uptime ${(ratio * 100).toFixed(2)} %`;
  const skippedText = skipped === 0 ? '' : `; ${countNoun(skipped, 'day')} left to data already in data/`;
  return `${id}: ${span} from ${countNoun(records.length, 'status record')}${uptime}${skippedText}`;
}

function sumTally(tally: StatusTally): number {
  return tally.up + tally.degraded + tally.down + tally.maintenance + tally.unknown;
}
