// The judged history of a check seen from several places: one RunSeries that uptime, the daily bar and
// the charts read as they read any check's runs, so they follow the quorum, not one place.
import { judgePlaces } from './place-judge.ts';
import {
  EMPTY_RUN_SERIES,
  fromStatusCode,
  getRunSpanMs,
  type RunSeries,
  RunSeriesBuilder,
} from './run-series.ts';

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
 * at T has the status judgePlaces gives those votes (unknown with fewer than `required` fresh votes),
 * `ms` and each metric the median of the fresh votes' values (NaN left out), and, when places' runs are
 * folded, a span until the earliest fresh vote's span ends. Runs are taken as stored
 * (failuresBeforeDown already applied per place); maintenance is marked on the result afterwards.
 * One pass over all runs: linear in their number (times the number of places).
 */
export function judgeRunSeries(places: readonly RunSeries[], settings: JudgeSettings): RunSeries {
  const nonEmpty = places.filter((series) => series.length > 0);
  if (nonEmpty.length === 0) return EMPTY_RUN_SERIES;
  const isFolded = places.some((series) => series.spanMs !== undefined);
  const names: string[] = [];
  for (const series of places)
    for (const name of series.metrics.keys()) if (!names.includes(name)) names.push(name);
  const next = places.map(() => 0);
  const newest = places.map(() => -1);
  const votes: ReturnType<typeof fromStatusCode>[] = places.map(() => 'unknown');
  const builder = new RunSeriesBuilder();
  const values: number[] = [];
  for (;;) {
    let t = Number.POSITIVE_INFINITY;
    places.forEach((series, index) => {
      const at = next[index] as number;
      if (at < series.length) t = Math.min(t, series.t[at] as number);
    });
    if (t === Number.POSITIVE_INFINITY) break;
    // Each place's newest run at or before t.
    places.forEach((series, index) => {
      let at = next[index] as number;
      while (at < series.length && (series.t[at] as number) <= t) at += 1;
      next[index] = at;
      newest[index] = at - 1;
    });
    let spanEndMs = Number.POSITIVE_INFINITY;
    places.forEach((series, index) => {
      const at = newest[index] as number;
      const endMs = at < 0 ? Number.NEGATIVE_INFINITY : (series.t[at] as number) + getRunSpanMs(series, at);
      const isFresh = at >= 0 && t - endMs <= settings.staleAfterMs;
      votes[index] = isFresh ? fromStatusCode(series.status[at] as number) : 'unknown';
      if (isFresh) spanEndMs = Math.min(spanEndMs, endMs);
    });
    const verdict = judgePlaces(votes, settings.required);
    const pick = (column: (series: RunSeries) => Float64Array | undefined) => {
      values.length = 0;
      places.forEach((series, index) => {
        const value = votes[index] === 'unknown' ? undefined : column(series)?.[newest[index] as number];
        if (value !== undefined && !Number.isNaN(value)) values.push(value);
      });
      return median(values);
    };
    const metrics: Record<string, number> = {};
    for (const name of names) {
      const value = pick((series) => series.metrics.get(name));
      if (!Number.isNaN(value)) metrics[name] = value;
    }
    const spanMs = isFolded && Number.isFinite(spanEndMs) ? Math.max(0, spanEndMs - t) : 0;
    const ms = pick((series) => series.ms);
    builder.push(t, verdict.status, Number.isNaN(ms) ? 0 : ms, metrics, spanMs);
  }
  return builder.finish();
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. Reorders `values`. */
function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  if (values.length === 1) return values[0] as number;
  values.sort((a, b) => a - b);
  const middle = values.length >>> 1;
  return values.length % 2 === 1
    ? (values[middle] as number)
    : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
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
