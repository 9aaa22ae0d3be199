import { isDataStale } from '../../core/history/freshness.ts';
import { percentile } from '../../core/history/percentile.ts';
import {
  findFirstRunAtOrAfter,
  fromStatusCode,
  getRunCount,
  getRunMetrics,
  type RunSeries,
} from '../../core/history/run-series.ts';
import { createEmptyTally } from '../../core/history/uptime.ts';
import { DAY_MS } from '../../core/history/utc-day.ts';
import { stripMarkup } from '../../core/incidents/plain-text.ts';
import { type CheckStatus, COMPONENT_STATUS_PRESENTATION, type StatusTally } from '../../core/model/index.ts';
import { describeMetric } from '../../core/results/metric-vocabulary.ts';
import type { SqlTable } from '../../core/results/sql.ts';
import type { MetricUnit } from '../lib/metric-format.ts';
import { getRenderContext } from './build-clock.ts';
import { toCapacityEntries } from './capacity-figures.ts';
import { UPTIME_WINDOWS } from './component-status.ts';
import type { DailyCell } from './daily-bars.ts';
import type { ComponentModel } from './site-model.ts';
import { readStoredSqlTables } from './sql-tables.ts';

const HOUR_MS = 3_600_000;

/** How far back `history` lists every run. */
export const RAW_HISTORY_MS = DAY_MS;

/** The most bytes of runs `history` holds (a check run every minute with many metrics reaches it first). */
export const HISTORY_BYTE_BUDGET = 256 * 1024;

type RunEntry = { t: string; status: CheckStatus; ms: number; metrics: Record<string, number> };

/** One UTC hour of runs older than `history`: counts by status, probe time, metric mean and max. */
export interface HourEntry {
  /** The hour's start. */
  t: string;
  runs: StatusTally;
  /** Median and slowest probe time of the hour's runs. */
  ms: { p50: number; max: number };
  metrics: Record<string, { mean: number; max: number }>;
}

/** One UTC day of the 90-day bar. */
export interface DayEntry {
  day: string;
  /** Up or degraded time over time with data; null without data. */
  uptime: number | null;
  downMs: number;
  degradedMs: number;
  maintenanceMs: number;
  status: DailyCell['status'];
}

/**
 * GET /api/vigil/components/<id>.json: one component with its current state, every run of the last
 * 24 hours, older retained runs by the hour and the 90 days of the bar by the day. Its size is bounded
 * whatever the retention and number of metrics (about 100 KB for a check run every 5 minutes).
 */
export interface ComponentDocument {
  id: string;
  name: string;
  description: string | null;
  type: string;
  group: string | null;
  enabled: boolean;
  status: ComponentModel['status'];
  componentStatus: ComponentModel['componentStatus'];
  statusText: string;
  isStale: boolean;
  uptime: Record<string, number | null>;
  latest: LatestEntry | null;
  /** Every run since `historySince`, oldest first: time, status, probe milliseconds and metrics. */
  history: RunEntry[];
  /** Where `history` starts: 24 hours before the build, later when the byte budget ran out first. */
  historySince: string;
  /** The retained runs before `historySince`, one entry per UTC hour that has runs, oldest first. */
  hourly: HourEntry[];
  /** The last 90 UTC days, oldest first, as the front page's bar shows them. */
  daily: DayEntry[];
  /** Each metric name of `latest`, `history` and `hourly` as the site labels it: `{ "pingMs": { "label": "Response time", "unit": "ms" } }`. */
  metricLabels: Record<string, { label: string; unit: MetricUnit }>;
  /** The check's `facts:` (static configuration, never secrets) as written; absent when it has none. */
  facts?: Record<string, string | number | boolean>;
  /** A database check's `tables:` rows in its newest result, by name: `{ columns, rows, truncated, title?, error? }`. */
  tables?: Record<string, SqlTable>;
  /** Capacity metrics of `latest` out of their whole: `{ "visitorSlotsAvailable": { "value": 12, "max": 20, "text": "12 / 20" } }`; absent when the check declares none. */
  capacities?: Record<string, { value: number; max: number; text: string }>;
  /** A check seen from several places: how many places must agree, of how many (absent for one place). */
  quorum?: { required: number; total: number };
  /**
   * A check seen from several places: each place as it saw the target, in config order (absent for
   * one place). The fields above (`status`, `history`, `uptime`, `daily`) are then the judged ones.
   */
  places?: ComponentPlaceEntry[];
}

type LatestEntry = {
  t: string;
  status: string;
  ms: number;
  message: string;
  metrics: Record<string, number>;
};

/** One place of a multi-place check in its component document. */
export interface ComponentPlaceEntry {
  source: string;
  name: string;
  /** The place's own status at build time: its newest result's, unknown when that is stale or missing. */
  status: CheckStatus;
  /** Its newest result is older than the check's staleAfter: it does not vote. */
  isStale: boolean;
  latest: LatestEntry | null;
  /** The place's own uptime ratios by window (null: no data in the window). */
  uptime: Record<string, number | null>;
}

export function buildComponentDocument(component: ComponentModel, nowMs: number): ComponentDocument {
  const latest = component.latest;
  const { runs } = component;
  const recent = listRecentRuns(runs, nowMs - RAW_HISTORY_MS);
  const end = findFirstRunAtOrAfter(runs, recent.sinceMs);
  return {
    id: component.id,
    name: component.name,
    description: component.description === undefined ? null : stripMarkup(component.description),
    type: component.type,
    group: component.groupId ?? null,
    enabled: component.isEnabled,
    status: component.status,
    componentStatus: component.componentStatus,
    statusText: COMPONENT_STATUS_PRESENTATION[component.componentStatus].label,
    isStale: component.isStale,
    uptime: Object.fromEntries(
      UPTIME_WINDOWS.map((window) => [window.key, component.uptime[window.key].ratio]),
    ),
    latest: toLatestEntry(latest),
    history: recent.entries,
    historySince: new Date(recent.sinceMs).toISOString(),
    hourly:
      getRenderContext() === undefined
        ? summarizeHours(runs, end)
        : summarizeHoursOnce(component.id, runs, end),
    daily: component.dailyCells.map((cell) => ({
      day: cell.day,
      uptime: cell.ratio,
      downMs: cell.downMs,
      degradedMs: cell.degradedMs,
      maintenanceMs: cell.maintenanceMs,
      status: cell.status,
    })),
    metricLabels: labelMetrics(component),
    ...(component.facts !== undefined && { facts: component.facts }),
    ...withTables(component),
    ...(component.capacities !== undefined && {
      capacities: toCapacityEntries(component.type, latest?.result.metrics ?? {}, component.capacities),
    }),
    ...(component.places !== undefined &&
      component.verdict !== undefined && {
        quorum: { required: component.verdict.required, total: component.verdict.total },
        places: component.places.map(
          (place): ComponentPlaceEntry => ({
            source: place.source,
            name: place.name,
            status: place.status,
            isStale: isDataStale(place.freshness.newestMs, component.staleAfterMs, nowMs),
            latest: toLatestEntry(place.latest),
            uptime: Object.fromEntries(
              UPTIME_WINDOWS.map((window) => [window.key, place.uptime[window.key].ratio]),
            ),
          }),
        ),
      }),
  };
}

/** `{ tables }` when the newest result holds a database check's tables, else nothing. */
function withTables(component: ComponentModel): { tables?: Record<string, SqlTable> } {
  const tables = readStoredSqlTables(component.type, component.latest?.result.detail);
  return tables === undefined ? {} : { tables };
}

function toLatestEntry(latest: ComponentModel['latest']): LatestEntry | null {
  return latest === undefined
    ? null
    : {
        t: new Date(latest.t).toISOString(),
        status: latest.result.status,
        ms: latest.result.ms,
        message: latest.result.message,
        metrics: latest.result.metrics,
      };
}

/** The runs since sinceMs, newest kept first while they fit the byte budget; and where they start. */
function listRecentRuns(runs: RunSeries, sinceMs: number): { entries: RunEntry[]; sinceMs: number } {
  const entries: RunEntry[] = [];
  let bytes = 0;
  let startMs = sinceMs;
  for (let index = runs.length - 1; index >= 0 && (runs.t[index] as number) >= sinceMs; index -= 1) {
    const t = runs.t[index] as number;
    const entry: RunEntry = {
      t: new Date(t).toISOString(),
      status: fromStatusCode(runs.status[index] as number),
      ms: runs.ms[index] as number,
      metrics: getRunMetrics(runs, index),
    };
    bytes += JSON.stringify(entry).length + 1;
    if (bytes > HISTORY_BYTE_BUDGET) {
      // Runs at this instant and before go to the hourly summary, those of this instant already listed too.
      startMs = t + 1;
      while (entries.length > 0 && Date.parse((entries.at(-1) as RunEntry).t) === t) entries.pop();
      break;
    }
    entries.push(entry);
  }
  return { entries: entries.reverse(), sinceMs: startMs };
}

/** Runs [0, end) by UTC hour. */
function summarizeHours(runs: RunSeries, end: number): HourEntry[] {
  return listHours(runs, end).map(({ hourMs, start, stop }) => summarizeHour(runs, hourMs, start, stop));
}

/** Where each UTC hour of runs [0, end) starts and stops. */
function listHours(runs: RunSeries, end: number): { hourMs: number; start: number; stop: number }[] {
  const hours: { hourMs: number; start: number; stop: number }[] = [];
  let start = 0;
  while (start < end) {
    const hourMs = Math.floor((runs.t[start] as number) / HOUR_MS) * HOUR_MS;
    let stop = start;
    while (stop < end && (runs.t[stop] as number) < hourMs + HOUR_MS) stop += 1;
    hours.push({ hourMs, start, stop });
    start = stop;
  }
  return hours;
}

// The data renderer (collectors/render) builds the documents of the same components again and again;
// their hours older than a day are the same each time. Each component keeps the hours its last
// document used, under a key of the hour's runs (sums of times, statuses, probe times): a rewritten hour
// (thinning, maintenance marked by a new build) has another key. Inside an Astro build each document
// is built once, so nothing is kept there.
const hoursByComponent = new Map<string, Map<string, HourEntry>>();

function summarizeHoursOnce(id: string, runs: RunSeries, end: number): HourEntry[] {
  const known = hoursByComponent.get(id);
  const used = new Map<string, HourEntry>();
  const hours = listHours(runs, end).map(({ hourMs, start, stop }) => {
    // Sums and a hash of the statuses in order, not a list: the key is built for every hour of every
    // document, on every render.
    let times = 0;
    let statuses = 0;
    let probeMs = 0;
    let count = 0;
    for (let index = start; index < stop; index++) {
      times += runs.t[index] as number;
      statuses = (Math.imul(statuses, 31) + (runs.status[index] as number)) | 0;
      probeMs += runs.ms[index] as number;
      count += getRunCount(runs, index);
    }
    const key = `${hourMs}:${stop - start}:${count}:${times}:${statuses}:${probeMs}`;
    const entry = known?.get(key) ?? summarizeHour(runs, hourMs, start, stop);
    used.set(key, entry);
    return entry;
  });
  hoursByComponent.set(id, used);
  return hours;
}

/** Forgets the hours kept for the data renderer (it closed). */
export function forgetComponentHours(): void {
  hoursByComponent.clear();
}

function summarizeHour(runs: RunSeries, hourMs: number, start: number, stop: number): HourEntry {
  const counts = createEmptyTally();
  const times: number[] = [];
  for (let index = start; index < stop; index++) {
    // A folded result counts as the runs it stands for (see CheckResult.folded).
    counts[fromStatusCode(runs.status[index] as number)] += getRunCount(runs, index);
    times.push(runs.ms[index] as number);
  }
  times.sort((a, b) => a - b);
  const metrics: HourEntry['metrics'] = {};
  for (const [name, values] of runs.metrics) {
    let total = 0;
    let count = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let index = start; index < stop; index++) {
      const value = values[index] as number;
      if (Number.isNaN(value)) continue;
      total += value;
      count += 1;
      max = Math.max(max, value);
    }
    if (count > 0) metrics[name] = { mean: total / count, max };
  }
  return {
    t: new Date(hourMs).toISOString(),
    runs: counts,
    ms: { p50: percentile(times, 50), max: times.at(-1) as number },
    metrics,
  };
}

/** The site's one label and unit of every metric name the component's results hold. */
function labelMetrics(component: ComponentModel): ComponentDocument['metricLabels'] {
  const names = component.runs.metrics.keys();
  return Object.fromEntries(
    [...names].map((name) => {
      const { label, unit } = describeMetric(component.type, name);
      return [name, { label, unit }];
    }),
  );
}
