import type { CheckStatus } from '../model/status.ts';

/** Every check status, in the order of their codes in a RunSeries. */
export const STATUS_BY_CODE: readonly CheckStatus[] = ['up', 'degraded', 'down', 'maintenance', 'unknown'];

const CODE_BY_STATUS = new Map(STATUS_BY_CODE.map((status, code) => [status, code]));

export function toStatusCode(status: CheckStatus): number {
  return CODE_BY_STATUS.get(status) as number;
}

export function fromStatusCode(code: number): CheckStatus {
  return STATUS_BY_CODE[code] ?? 'unknown';
}

/**
 * One check's runs, oldest first, as columns: what uptime, the daily bar, charts and the history API
 * read of every run (time, status, probe milliseconds, metrics). A few bytes per run instead of an
 * object per result, so a build holds weeks of thousands of checks and walks them without garbage.
 */
export interface RunSeries {
  readonly length: number;
  /** When each run started, epoch ms, ascending. */
  readonly t: Float64Array;
  /** Each run's status as a code (STATUS_BY_CODE). */
  readonly status: Uint8Array;
  /** How long each run's probe took. */
  readonly ms: Float64Array;
  /** Each metric's value per run, NaN where a run did not report it; names in order of first report. */
  readonly metrics: ReadonlyMap<string, Float64Array>;
  /**
   * How long after its `t` each run still stands for runs (a folded result's `folded.spanMs`, 0 for a
   * plain run): uptime lets it vouch for that span. Absent when no run of the series is folded.
   */
  readonly spanMs?: Float64Array;
  /** How many runs each result stands for (a folded result's `folded.runs`, 1 for a plain run); absent with spanMs. */
  readonly runs?: Float64Array;
}

export const EMPTY_RUN_SERIES: RunSeries = {
  length: 0,
  t: new Float64Array(0),
  status: new Uint8Array(0),
  ms: new Float64Array(0),
  metrics: new Map(),
};

/** Appends runs one at a time; `finish()` returns the series, trimmed to its length. */
export class RunSeriesBuilder {
  private t: Float64Array = new Float64Array(16);
  private status: Uint8Array = new Uint8Array(16);
  private ms: Float64Array = new Float64Array(16);
  private readonly metrics = new Map<string, Float64Array>();
  /** Allocated with the first folded run. */
  private spanMs: Float64Array | undefined;
  private runs: Float64Array | undefined;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(
    t: number,
    status: CheckStatus,
    ms: number,
    metrics: Readonly<Record<string, number>>,
    spanMs = 0,
    runs = 1,
  ): void {
    if (this.count === this.t.length) this.grow();
    const index = this.count;
    if (spanMs > 0 || runs !== 1) {
      this.spanMs ??= new Float64Array(this.t.length);
      this.runs ??= new Float64Array(this.t.length).fill(1);
      this.spanMs[index] = spanMs;
      this.runs[index] = runs;
    }
    this.t[index] = t;
    this.status[index] = toStatusCode(status);
    this.ms[index] = ms;
    for (const name in metrics) {
      let values = this.metrics.get(name);
      if (values === undefined) {
        values = new Float64Array(this.t.length).fill(Number.NaN);
        this.metrics.set(name, values);
      }
      values[index] = metrics[name] as number;
    }
    this.count += 1;
  }

  finish(): RunSeries {
    const length = this.count;
    const metrics = new Map<string, Float64Array>();
    for (const [name, values] of this.metrics) metrics.set(name, values.slice(0, length));
    return {
      length,
      t: this.t.slice(0, length),
      status: this.status.slice(0, length),
      ms: this.ms.slice(0, length),
      metrics,
      ...(this.spanMs !== undefined && { spanMs: this.spanMs.slice(0, length) }),
      ...(this.runs !== undefined && { runs: this.runs.slice(0, length) }),
    };
  }

  private grow(): void {
    const size = this.t.length * 2;
    this.t = resize(this.t, size, 0);
    this.ms = resize(this.ms, size, 0);
    if (this.spanMs !== undefined) this.spanMs = resize(this.spanMs, size, 0);
    if (this.runs !== undefined) this.runs = resize(this.runs, size, 1);
    const status = new Uint8Array(size);
    status.set(this.status);
    this.status = status;
    for (const [name, values] of this.metrics) this.metrics.set(name, resize(values, size, Number.NaN));
  }
}

function resize(values: Float64Array, size: number, fill: number): Float64Array {
  const grown = new Float64Array(size).fill(fill, values.length);
  grown.set(values);
  return grown;
}

/** The series of runs given as objects (tests, Compose services drawn from a docker check's runs). */
export function toRunSeries(
  runs: Iterable<{
    t: number;
    result: {
      status: CheckStatus;
      ms: number;
      metrics: Readonly<Record<string, number>>;
      folded?: { spanMs: number; runs: number } | undefined;
    };
  }>,
): RunSeries {
  const builder = new RunSeriesBuilder();
  for (const { t, result } of runs)
    builder.push(t, result.status, result.ms, result.metrics, result.folded?.spanMs, result.folded?.runs);
  return builder.finish();
}

/** The metrics a series' run reported, in the series' order of names. */
export function getRunMetrics(series: RunSeries, index: number): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, values] of series.metrics) {
    const value = values[index] as number;
    if (!Number.isNaN(value)) metrics[name] = value;
  }
  return metrics;
}

/** The runs at indexes [from, to), sharing nothing with the source. */
export function sliceRunSeries(series: RunSeries, from: number, to: number): RunSeries {
  const start = Math.max(0, Math.min(from, series.length));
  const end = Math.max(start, Math.min(to, series.length));
  if (start === 0 && end === series.length) return series;
  const metrics = new Map<string, Float64Array>();
  for (const [name, values] of series.metrics) {
    const part = values.slice(start, end);
    if (part.some((value) => !Number.isNaN(value))) metrics.set(name, part);
  }
  return {
    length: end - start,
    t: series.t.slice(start, end),
    status: series.status.slice(start, end),
    ms: series.ms.slice(start, end),
    metrics,
    ...(series.spanMs !== undefined && { spanMs: series.spanMs.slice(start, end) }),
    ...(series.runs !== undefined && { runs: series.runs.slice(start, end) }),
  };
}

/** How many runs the result at `index` stands for: its folded count, else 1. */
export function getRunCount(series: Pick<RunSeries, 'runs'>, index: number): number {
  return series.runs === undefined ? 1 : (series.runs[index] as number);
}

/** How long after its `t` the run at `index` stands for runs: its folded span, else 0. */
export function getRunSpanMs(series: Pick<RunSeries, 'spanMs'>, index: number): number {
  return series.spanMs === undefined ? 0 : (series.spanMs[index] as number);
}

/** The first index whose run is at or after `t` (the series' length when none is). */
export function findFirstRunAtOrAfter(series: Pick<RunSeries, 'length' | 't'>, t: number): number {
  let low = 0;
  let high = series.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((series.t[middle] as number) < t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index whose run is after `t` (the series' length when none is). */
export function findFirstRunAfter(series: Pick<RunSeries, 'length' | 't'>, t: number): number {
  let low = 0;
  let high = series.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((series.t[middle] as number) <= t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The runs with t in [fromMs, toMs]. */
export function selectRunsBetween(series: RunSeries, fromMs: number, toMs: number): RunSeries {
  return sliceRunSeries(series, findFirstRunAtOrAfter(series, fromMs), findFirstRunAfter(series, toMs));
}

/**
 * Several series of one check (one per day file) as one, in time order. Parts in `order` (file
 * order) are joined, then runs are stably sorted by time and the given tie-break, so runs of equal
 * time keep the order they had across files: the order one global sort of every run would give.
 */
export function joinRunSeries(parts: readonly { series: RunSeries; rank: number }[]): RunSeries {
  const nonEmpty = parts.filter((part) => part.series.length > 0);
  if (nonEmpty.length === 0) return EMPTY_RUN_SERIES;
  if (nonEmpty.length === 1) return (nonEmpty[0] as { series: RunSeries }).series;
  const length = nonEmpty.reduce((sum, part) => sum + part.series.length, 0);
  const names: string[] = [];
  for (const part of nonEmpty)
    for (const name of part.series.metrics.keys()) if (!names.includes(name)) names.push(name);
  const t = new Float64Array(length);
  const status = new Uint8Array(length);
  const ms = new Float64Array(length);
  const rank = new Float64Array(length);
  // Folded runs in any part: every part gets span and count columns (0 and 1 where it had none).
  const isFolded = nonEmpty.some((part) => part.series.spanMs !== undefined);
  const spanMs = isFolded ? new Float64Array(length) : undefined;
  const runs = isFolded ? new Float64Array(length).fill(1) : undefined;
  const metrics = new Map(names.map((name) => [name, new Float64Array(length).fill(Number.NaN)]));
  let offset = 0;
  for (const part of nonEmpty) {
    const { series } = part;
    t.set(series.t, offset);
    status.set(series.status, offset);
    ms.set(series.ms, offset);
    if (series.spanMs !== undefined) spanMs?.set(series.spanMs, offset);
    if (series.runs !== undefined) runs?.set(series.runs, offset);
    rank.fill(part.rank, offset, offset + series.length);
    for (const [name, values] of series.metrics) metrics.get(name)?.set(values, offset);
    offset += series.length;
  }
  if (isSorted(t, rank)) return { length, t, status, ms, metrics, ...(spanMs && runs && { spanMs, runs }) };
  const order = Array.from({ length }, (_, index) => index);
  order.sort((a, b) => (t[a] as number) - (t[b] as number) || (rank[a] as number) - (rank[b] as number));
  const pick = <A extends Float64Array | Uint8Array>(values: A, make: (n: number) => A): A => {
    const sorted = make(length);
    for (let index = 0; index < length; index++) sorted[index] = values[order[index] as number] as number;
    return sorted;
  };
  const toFloat = (n: number) => new Float64Array(n);
  return {
    length,
    t: pick(t, toFloat),
    status: pick(status, (n) => new Uint8Array(n)),
    ms: pick(ms, toFloat),
    metrics: new Map([...metrics].map(([name, values]) => [name, pick(values, toFloat)])),
    ...(spanMs && runs && { spanMs: pick(spanMs, toFloat), runs: pick(runs, toFloat) }),
  };
}

function isSorted(t: Float64Array, rank: Float64Array): boolean {
  for (let index = 1; index < t.length; index++) {
    const step = (t[index] as number) - (t[index - 1] as number);
    if (step < 0 || (step === 0 && (rank[index] as number) < (rank[index - 1] as number))) return false;
  }
  return true;
}

/** The series with its runs inside any window [startMs, endMs) counted as maintenance. */
export function markMaintenanceRuns(
  series: RunSeries,
  windows: readonly { startMs: number; endMs: number }[],
): RunSeries {
  if (windows.length === 0 || series.length === 0) return series;
  let status: Uint8Array | undefined;
  const code = toStatusCode('maintenance');
  for (const window of windows) {
    for (let index = findFirstRunAtOrAfter(series, window.startMs); index < series.length; index++) {
      if ((series.t[index] as number) >= window.endMs) break;
      status ??= series.status.slice();
      status[index] = code;
    }
  }
  return status === undefined ? series : { ...series, status };
}
