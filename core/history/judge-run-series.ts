// The judged history of a check seen from several places: one RunSeries that uptime, the daily bar and
// the charts read as they read any check's runs, so they follow the quorum, not one place.
import { EMPTY_RUN_SERIES, getRunSpanMs, type RunSeries, toStatusCode } from './run-series.ts';

export interface JudgeSettings {
  /** How old a place's newest run may be and still vote (the check's staleAfter, the core rule). */
  staleAfterMs: number;
  /** How many places must agree (the check's resolved quorum). */
  required: number;
}

/**
 * The places' runs judged at every instant one of them ran: at each run time T of any place (equal
 * times once), each place votes with its newest run at or before T when that run is not older than
 * staleAfterMs at T (a folded run counts from the end of its span), else it is silent; the judged run
 * at T has the status judgePlaces would give those votes (unknown with fewer than `required` fresh votes),
 * `ms` and each metric the (lower) median of the fresh votes' values (NaN left out), and, when places' runs are
 * folded, a span until the earliest fresh vote's span ends. Runs are taken as stored
 * (failuresBeforeDown already applied per place); maintenance is marked on the result afterwards.
 * One pass over all runs: linear in their number (times the number of places).
 */
export function judgeRunSeries(places: readonly RunSeries[], settings: JudgeSettings): RunSeries {
  const count = places.length;
  const capacity = places.reduce((sum, series) => sum + series.length, 0);
  if (capacity === 0) return EMPTY_RUN_SERIES;
  const isFolded = places.some((series) => series.spanMs !== undefined);
  const names: string[] = [];
  for (const series of places)
    for (const name of series.metrics.keys()) if (!names.includes(name)) names.push(name);
  const columns = names.map((name) => places.map((series) => series.metrics.get(name)));
  const t = new Float64Array(capacity);
  const status = new Uint8Array(capacity);
  const ms = new Float64Array(capacity);
  const metrics = names.map(() => new Float64Array(capacity).fill(Number.NaN));
  const spanMs = isFolded ? new Float64Array(capacity) : undefined;
  const next = new Int32Array(count);
  const newest = new Int32Array(count).fill(-1);
  /** Each place's vote at the instant judged: its newest run's status code, or -1 when it is silent. */
  const vote = new Int8Array(count);
  const upCode = toStatusCode('up');
  const degradedCode = toStatusCode('degraded');
  const downCode = toStatusCode('down');
  const unknownCode = toStatusCode('unknown');
  const { staleAfterMs, required } = settings;
  const msColumns = places.map((series) => series.ms);
  const times = places.map((series) => series.t);
  const statuses = places.map((series) => series.status);
  const lengths = places.map((series) => series.length);
  const values: number[] = [];
  let length = 0;
  for (;;) {
    let at = Number.POSITIVE_INFINITY;
    for (let place = 0; place < count; place++) {
      const index = next[place] as number;
      if (index < (lengths[place] as number)) {
        const runT = (times[place] as Float64Array)[index] as number;
        if (runT < at) at = runT;
      }
    }
    if (at === Number.POSITIVE_INFINITY) break;
    let spanEndMs = Number.POSITIVE_INFINITY;
    let fresh = 0;
    let down = 0;
    let bad = 0;
    for (let place = 0; place < count; place++) {
      const placeT = times[place] as Float64Array;
      const placeLength = lengths[place] as number;
      let index = next[place] as number;
      // This place's newest run at or before `at`.
      while (index < placeLength && (placeT[index] as number) <= at) index += 1;
      next[place] = index;
      const run = index - 1;
      newest[place] = run;
      if (run < 0) {
        vote[place] = -1;
        continue;
      }
      const endMs = isFolded
        ? (placeT[run] as number) + getRunSpanMs(places[place] as RunSeries, run)
        : (placeT[run] as number);
      if (at - endMs > staleAfterMs) {
        vote[place] = -1;
        continue;
      }
      const code = (statuses[place] as Uint8Array)[run] as number;
      vote[place] = code;
      if (endMs < spanEndMs) spanEndMs = endMs;
      if (code === downCode) down += 1;
      if (code === downCode || code === degradedCode) bad += 1;
      // Unknown stored by the place itself is no vote either (judgePlaces' rule).
      if (code !== unknownCode) fresh += 1;
      else vote[place] = -1;
    }
    // judgePlaces' rule (place-judge.ts), counted inline: this loop runs for every run of every place.
    let judged: number;
    if (fresh < required) judged = unknownCode;
    else if (down >= required) judged = downCode;
    else if (bad >= required) judged = degradedCode;
    else judged = upCode;
    t[length] = at;
    status[length] = judged;
    ms[length] = median(pickFresh(values, vote, newest, msColumns));
    if (Number.isNaN(ms[length] as number)) ms[length] = 0;
    for (let metric = 0; metric < names.length; metric++)
      (metrics[metric] as Float64Array)[length] = median(
        pickFresh(values, vote, newest, columns[metric] as (Float64Array | undefined)[]),
      );
    if (spanMs !== undefined && Number.isFinite(spanEndMs)) spanMs[length] = Math.max(0, spanEndMs - at);
    length += 1;
  }
  const trimmed = new Map<string, Float64Array>();
  names.forEach((name, metric) => {
    const column = (metrics[metric] as Float64Array).slice(0, length);
    if (column.some((value) => !Number.isNaN(value))) trimmed.set(name, column);
  });
  return {
    length,
    t: t.slice(0, length),
    status: status.slice(0, length),
    ms: ms.slice(0, length),
    metrics: trimmed,
    ...(spanMs !== undefined && { spanMs: spanMs.slice(0, length), runs: new Float64Array(length).fill(1) }),
  };
}

/** The fresh votes' values of one column (NaN and places without the column left out), into `values`. */
function pickFresh(
  values: number[],
  vote: Int8Array,
  newest: Int32Array,
  column: readonly (Float64Array | undefined)[],
): number[] {
  values.length = 0;
  for (let place = 0; place < vote.length; place++) {
    if ((vote[place] as number) < 0) continue;
    const value = column[place]?.[newest[place] as number];
    if (value !== undefined && !Number.isNaN(value)) values.push(value);
  }
  return values;
}

/**
 * The middle value, always one a place measured (the lower of the two middle ones for an even count:
 * two places answering 200 and 503 give 200, not an HTTP status nobody saw); NaN for none.
 * Reorders `values`.
 */
function median(values: number[]): number {
  const count = values.length;
  if (count === 0) return Number.NaN;
  const a = values[0] as number;
  if (count === 1) return a;
  const b = values[1] as number;
  if (count === 2) return Math.min(a, b);
  if (count === 3) {
    const c = values[2] as number;
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
  // A handful of places: insertion sort beats sort()'s comparator calls.
  for (let i = 1; i < count; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) > value) {
      values[j + 1] = values[j] as number;
      j -= 1;
    }
    values[j + 1] = value;
  }
  const middle = count >>> 1;
  return count % 2 === 1 ? (values[middle] as number) : (values[middle - 1] as number);
}

// The judged series of the last inputs, by the identity of the first place's series: the data
// renderer (collectors/render) joins unchanged places to the very same series again (lastJoins), so
// each render does not judge every multi-place check anew.
const judged = new WeakMap<
  RunSeries,
  { places: readonly RunSeries[]; settings: JudgeSettings; series: RunSeries }
>();

/** judgeRunSeries, memoised by the identity of the places' series and the settings. */
export function judgeRunSeriesOnce(places: readonly RunSeries[], settings: JudgeSettings): RunSeries {
  const key = places[0];
  if (key === undefined) return EMPTY_RUN_SERIES;
  const known = judged.get(key);
  if (
    known !== undefined &&
    known.settings.staleAfterMs === settings.staleAfterMs &&
    known.settings.required === settings.required &&
    known.places.length === places.length &&
    known.places.every((series, index) => series === places[index])
  )
    return known.series;
  const series = judgeRunSeries(places, settings);
  judged.set(key, { places: [...places], settings: { ...settings }, series });
  return series;
}
