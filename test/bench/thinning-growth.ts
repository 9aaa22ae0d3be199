// Repository growth of sub-minute checks: bytes of snapshot data per day for one 5 s check, and for
// 200 checks at 15 s, raw as the collector writes it and after thinning (site.fullRateWindow: 1 h), against
// the same checks at 1 minute (the bound the fold aims at). Prints figures; asserts nothing.
import { FOLD_BUCKET_MS, type ThinnedCheck, thinDayText } from '../../collectors/store/thin-day.ts';
import type { CheckStatus } from '../../core/model/status.ts';
import { generateSnapshotLines } from '../helpers/generate-snapshots.ts';
import { recordTarget } from './target-table.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY_START = Date.parse('2026-11-30T00:00:00Z');
const WINDOW_MS = HOUR;
/** How much more than one result a minute a folded day may take. */
const BOUND_FACTOR = 1.25;

/** A realistic day: a few short outages and slow spells, so folding keeps status changes. */
function statusAt(id: string, t: number): CheckStatus {
  const minute = Math.floor((t - DAY_START) / MIN);
  const offset = id.length + Number(id.replace(/\D/g, '') || 0);
  if ((minute + offset) % 293 < 3) return 'down';
  if ((minute + offset) % 157 === 0) return 'degraded';
  return 'up';
}

interface DayBytes {
  rawBytes: number;
  /** The newest day: everything but the last hour folded. */
  todayBytes: number;
  /** A past day: every minute folded. */
  pastBytes: number;
  thinMs: number;
  /** The past day's thinned text, hour by hour. */
  pastText: string[];
}

/**
 * One day of `ids` at `intervalMs`, hour by hour (a fold never spans a minute, so an hour's text thins
 * the same alone as within its day), raw and thinned.
 */
function measureDay(ids: readonly string[], intervalMs: number): DayBytes {
  const checks = new Map<string, ThinnedCheck>(ids.map((id) => [id, { maxGapMs: 3 * intervalMs }]));
  const dayEnd = DAY_START + 24 * HOUR;
  let rawBytes = 0;
  let todayBytes = 0;
  let pastBytes = 0;
  let thinMs = 0;
  const pastText: string[] = [];
  for (let hour = DAY_START; hour < dayEnd; hour += HOUR) {
    const lines = generateSnapshotLines({
      source: 'web',
      checkIds: ids,
      from: new Date(hour),
      to: new Date(hour + HOUR),
      intervalMs,
      statusAt,
    });
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    rawBytes += Buffer.byteLength(text);
    if (intervalMs >= FOLD_BUCKET_MS) {
      todayBytes += Buffer.byteLength(text);
      pastBytes += Buffer.byteLength(text);
      continue;
    }
    const startedAt = performance.now();
    const past = thinDayText(text, { checks, foldBeforeMs: dayEnd });
    thinMs += performance.now() - startedAt;
    pastBytes += Buffer.byteLength(past.text);
    pastText.push(past.text);
    const today =
      hour + HOUR <= dayEnd - WINDOW_MS
        ? past
        : thinDayText(text, { checks, foldBeforeMs: dayEnd - WINDOW_MS });
    todayBytes += Buffer.byteLength(today.text);
  }
  return { rawBytes, todayBytes, pastBytes, thinMs, pastText };
}

/**
 * What one fold pass costs at the end of a day (the day file as thinned so far): it parses only the
 * lines since the last fold (10 minutes), against a pass that parses every line of the day.
 */
function measurePassCost(day: { label: string; text: string; checks: Map<string, ThinnedCheck> }): void {
  const dayEnd = DAY_START + 24 * HOUR;
  const time = (foldFromMs: number | undefined) => {
    const startedAt = performance.now();
    thinDayText(day.text, {
      checks: day.checks,
      foldBeforeMs: dayEnd,
      ...(foldFromMs !== undefined && { foldFromMs }),
    });
    return performance.now() - startedAt;
  };
  const passMs = Math.min(time(dayEnd - 10 * MIN), time(dayEnd - 10 * MIN));
  const fullMs = Math.min(time(undefined), time(undefined));
  recordTarget({
    measure: `one fold pass at the end of a day, ${day.label} (${size(Buffer.byteLength(day.text))} file)`,
    vigil: `${passMs.toFixed(0)} ms`,
    baseline: `${fullMs.toFixed(0)} ms parsing every line`,
    ratio: passMs / fullMs,
    target: 'cheap: parses only the lines since the last fold',
    met: passMs < fullMs / 3,
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const size = (bytes: number) => (bytes >= 10 * 1_048_576 ? mb(bytes) : kb(bytes));

export async function runThinningGrowthBench(): Promise<void> {
  const cases = [
    { label: 'one 5 s check', ids: ['fast'], intervalMs: 5 * SEC },
    {
      label: '200 checks at 15 s',
      ids: Array.from({ length: 200 }, (_, i) => `c${i}`),
      intervalMs: 15 * SEC,
    },
  ];
  const pastBytesByCase: number[] = [];
  let largestDay: { label: string; text: string; checks: Map<string, ThinnedCheck> } | undefined;
  for (const { label, ids, intervalMs } of cases) {
    const measured = measureDay(ids, intervalMs);
    const minutely = measureDay(ids, MIN);
    // The bound (the issue sets no figure, only that growth stays bounded): within a quarter of the
    // same checks at one result a minute, plus the window kept at full rate. A folded result is a
    // minute's result plus its `folded` field (about 23 bytes), so the day cannot be quite as small.
    const windowBytes = (measured.rawBytes * WINDOW_MS) / (24 * HOUR);
    const boundBytes = BOUND_FACTOR * minutely.rawBytes + windowBytes;
    console.log(
      `  ${label}: raw ${size(measured.rawBytes)}/day; thinned: a past day ${size(measured.pastBytes)}, the newest day ${size(measured.todayBytes)} (fold ${measured.thinMs.toFixed(0)} ms/day); at 1 min ${size(minutely.rawBytes)}/day`,
    );
    recordTarget({
      measure: `snapshot bytes per day, ${label}, thinned (newest day, 1 h full rate)`,
      vigil: size(measured.todayBytes),
      baseline: `${size(measured.rawBytes)} raw`,
      ratio: measured.todayBytes / measured.rawBytes,
      target: `bounded: ≤ ${BOUND_FACTOR}× the same checks at 1 min + the window (${size(boundBytes)})`,
      met: measured.todayBytes <= boundBytes,
    });
    pastBytesByCase.push(measured.pastBytes);
    largestDay = {
      label,
      text: measured.pastText.join(''),
      checks: new Map(ids.map((id) => [id, { maxGapMs: 3 * intervalMs }])),
    };
    recordTarget({
      measure: `snapshot bytes per day, ${label}, thinned (past day)`,
      vigil: size(measured.pastBytes),
      baseline: `${size(minutely.rawBytes)} at 1 min`,
      ratio: measured.pastBytes / minutely.rawBytes,
      target: `≤ ${BOUND_FACTOR}× the same checks at 1 min + the window`,
      met: measured.pastBytes <= boundBytes,
    });
  }
  if (largestDay !== undefined) measurePassCost(largestDay);
  // Bounded means independent of the interval: a 1 s check's folded day is about a 5 s check's.
  const everySecond = measureDay(['fast'], SEC);
  console.log(
    `  one 1 s check: raw ${size(everySecond.rawBytes)}/day; thinned: a past day ${size(everySecond.pastBytes)} (fold ${everySecond.thinMs.toFixed(0)} ms/day)`,
  );
  const fiveSecondPast = pastBytesByCase[0] as number;
  recordTarget({
    measure: 'snapshot bytes per day, one 1 s check, thinned (past day)',
    vigil: size(everySecond.pastBytes),
    baseline: `${size(fiveSecondPast)} for a 5 s check`,
    ratio: everySecond.pastBytes / fiveSecondPast,
    target: 'bounded: ≤ 1.1× the 5 s check (independent of the interval)',
    met: everySecond.pastBytes <= 1.1 * fiveSecondPast,
  });
}
