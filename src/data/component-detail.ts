import {
  findFirstRunAtOrAfter,
  getRunSpanMs,
  type RunSeries,
  sliceRunSeries,
  toStatusCode,
} from '../../core/history/run-series.ts';
import { DAY_MS } from '../../core/history/utc-day.ts';
import type { CheckStatus, CheckType } from '../../core/model/index.ts';
import { describeResultProblem, readResult } from '../../core/results/index.ts';
import {
  describeMetric,
  findResponseTimeMetric,
  NO_RESPONSE_TIME_TYPES,
  RESPONSE_TIME_LABEL,
} from '../../core/results/metric-vocabulary.ts';
import { t } from '../i18n/index.ts';
import {
  buildChart,
  type ChartSeries,
  getMissingRunStepMs,
  indexRollupDays,
  readRollupLatency,
  readRollupMetric,
} from './chart-series.ts';
import { type CurrentValues, listCurrentValues } from './current-values.ts';
import { RECENT_RESULT_COUNT } from './day-parts.ts';
import {
  type DetailList,
  type DetailTable,
  type HealEvent,
  isShownElsewhere,
  labelFromKey,
  listDetailTables,
} from './detail-tables.ts';
import type { SeriesPoint } from './downsample.ts';
import type { CheckSample } from './history.ts';
import { localizeMetricLabel, localizeTerm } from './metric-words.ts';
import { type ComponentModel, getSiteModel, type PlaceModel, type SiteModel } from './site-model.ts';
import {
  type FactView,
  listFacts,
  listSqlTables,
  type SqlTableView,
  withoutSqlTables,
} from './sql-tables.ts';

// Chart series moved to chart-series.ts; kept importable from here.
export { type ChartSeries, MAX_CHART_POINTS } from './chart-series.ts';

/** Check types with a page of their own under /clusters/, which shows their records. */
export const CLUSTER_TYPES: ReadonlySet<string> = new Set(['slurm', 'pbs']);

/** How many results the "latest results" table lists. */
export { RECENT_RESULT_COUNT } from './day-parts.ts';

/** Statuses whose probe time is a response time; a down run mostly measures its timeout. */
const TIMED_STATUS_CODES: ReadonlySet<number> = new Set(
  (['up', 'degraded', 'maintenance'] as const satisfies readonly CheckStatus[]).map(toStatusCode),
);

export interface ComponentDetail {
  component: ComponentModel;
  /**
   * Response time first, then each metric as first recorded, leaving out metrics that never changed;
   * each over 24 h and 7 d of runs and 30 and 90 days by day; empty with no data.
   */
  charts: ChartSeries[];
  /** Metrics of the newest result, grouped by kind, with per-partition (per-queue, per-GPU…) tables. */
  currentValues: CurrentValues;
  /** Plain facts of the newest result's detail (version, banner, host name). */
  currentDetails: { name: string; label: string; value: string }[];
  /** Records of the newest result's detail (containers, Compose services, GPUs); none for clusters, whose page shows them. */
  detailTables: DetailTable[];
  /** Sentences of the newest result's detail (problems, notes). */
  detailLists: DetailList[];
  /** Why the newest result does not read as a result of the check's type (another version wrote it). */
  unreadable: string | undefined;
  /** The newest run of the check's heal command within the retained results. */
  lastHeal: HealEvent | undefined;
  /** A database check's `tables:` rows in the newest result, in config order. */
  sqlTables: SqlTableView[];
  /** The check's `facts:`, shown as "Configuration". */
  facts: FactView[];
  /** Newest first; a multi-place check's from every place, each with its `source`. */
  recentResults: CheckSample[];
  /** A check seen from several places: each place's own response-time chart, in config order; else empty. */
  placeCharts: PlaceChart[];
}

/** One place's response time, as that place measured it. */
export interface PlaceChart {
  source: string;
  name: string;
  /** Undefined while the place has no timed run to chart. */
  chart: ChartSeries | undefined;
}

/** The ids that get a component page: every configured check, enabled or not. */
export async function listComponentIds(): Promise<string[]> {
  const model = await getSiteModel();
  return model.components.map((component) => component.id);
}

/** What the component page shows for one check. */
export async function getComponentDetail(id: string): Promise<ComponentDetail> {
  const model = await getSiteModel();
  const component = model.components.find((candidate) => candidate.id === id);
  if (component === undefined) throw new Error(`getComponentDetail: no check with id ${JSON.stringify(id)}`);
  return deriveComponentDetail(component, model);
}

export function deriveComponentDetail(
  component: ComponentModel,
  model: Pick<SiteModel, 'site' | 'nowMs' | 'staleAfterMs'>,
): ComponentDetail {
  const { runs, latest } = component;
  const retainedSinceMs = model.nowMs - model.site.retentionDays * DAY_MS;
  const reading = latest === undefined ? undefined : readResult(component.type, latest.result);
  const currentValues = listCurrentValues(component.type, latest?.result.metrics ?? {}, component.capacities);
  return {
    component,
    charts: labelJudgedCharts(
      component,
      buildChartSeries(
        component.type,
        sliceRunSeries(runs, findFirstRunAtOrAfter(runs, retainedSinceMs), runs.length),
        component.rollups,
        model,
        component.intervalMs,
      ),
    ),
    currentValues,
    currentDetails: listScalarDetails(latest?.result.detail ?? {}, currentValues),
    ...(CLUSTER_TYPES.has(component.type)
      ? { detailTables: [], detailLists: [] }
      : toTablesAndLists(withoutSqlTables(component.type, latest?.result.detail ?? {}))),
    unreadable: reading?.success === false ? describeResultProblem(reading.error) : undefined,
    lastHeal: component.lastHeal,
    sqlTables: listSqlTables(component.type, latest?.result.detail ?? {}),
    facts: listFacts(component.facts),
    recentResults: component.recent.slice(-RECENT_RESULT_COUNT).reverse(),
    placeCharts: (component.places ?? []).map((place) => ({
      source: place.source,
      name: place.name,
      chart: buildPlaceChart(component, place, model, retainedSinceMs),
    })),
  };
}

/** A response-time chart of the judged runs of a multi-place check: the median of its places' times. */
function labelJudgedCharts(component: ComponentModel, charts: ChartSeries[]): ChartSeries[] {
  if (component.places === undefined) return charts;
  return charts.map((chart) =>
    isResponseTimeChart(component.type, chart)
      ? { ...chart, label: t('component.chartMedianOfPlaces', { name: chart.label }) }
      : chart,
  );
}

function isResponseTimeChart(type: CheckType, chart: ChartSeries): boolean {
  return chart.key === 'ms' || chart.key === findResponseTimeMetric(type, [chart.key]);
}

/**
 * A place's response-time chart, titled by the place and keyed apart from the component's own: the
 * first series buildChartSeries gives is the response time (the probe's time, or the metric that
 * measures it); a place with none has no chart.
 */
function buildPlaceChart(
  component: ComponentModel,
  place: PlaceModel,
  model: Pick<SiteModel, 'nowMs'>,
  retainedSinceMs: number,
): ChartSeries | undefined {
  const runs = sliceRunSeries(
    place.runs,
    findFirstRunAtOrAfter(place.runs, retainedSinceMs),
    place.runs.length,
  );
  const [first] = buildChartSeries(component.type, runs, place.rollups, model, component.intervalMs);
  if (first === undefined) return undefined;
  if (!isResponseTimeChart(component.type, first)) return undefined;
  return {
    ...first,
    key: `${first.key}@${place.source}`,
    label: t('component.chartFromPlace', { name: first.label, place: place.name }),
  };
}

/** A run's point; a folded run (see CheckResult.folded) draws its mean across the span it stands for. */
function pushRunPoints(points: SeriesPoint[], runs: RunSeries, index: number, v: number): void {
  const t = runs.t[index] as number;
  points.push({ t, v });
  const spanMs = getRunSpanMs(runs, index);
  if (spanMs > 0) points.push({ t: t + spanMs, v });
}

function buildChartSeries(
  type: CheckType,
  runs: RunSeries,
  rollups: ComponentModel['rollups'],
  model: Pick<SiteModel, 'nowMs'>,
  intervalMs: number,
): ChartSeries[] {
  // Gaps are judged by the check's own interval: a 30 s check misses a run after 45 s, not 7.5 min.
  const clock = { nowMs: model.nowMs, maxStepMs: getMissingRunStepMs(intervalMs) };
  const responsePoints: SeriesPoint[] = [];
  for (let index = 0; index < runs.length; index++) {
    if (TIMED_STATUS_CODES.has(runs.status[index] as number))
      pushRunPoints(responsePoints, runs, index, runs.ms[index] as number);
  }
  const metricPoints = new Map<string, SeriesPoint[]>();
  for (const [name, values] of runs.metrics) {
    const points: SeriesPoint[] = [];
    for (let index = 0; index < runs.length; index++) {
      const v = values[index] as number;
      if (!Number.isNaN(v)) pushRunPoints(points, runs, index, v);
    }
    metricPoints.set(name, points);
  }
  const charts: ChartSeries[] = [];
  // A probe that measures its target's own response time (http: time to headers; tcp: connect;
  // redis: PING; a command: its run time) charts that; the probe's time would repeat it.
  if (
    responsePoints.length > 0 &&
    !NO_RESPONSE_TIME_TYPES.has(type) &&
    findResponseTimeMetric(type, metricPoints.keys()) === undefined
  ) {
    const rollupDays = indexRollupDays(rollups, readRollupLatency);
    charts.push(
      ...buildChart(
        { key: 'ms', label: localizeTerm(RESPONSE_TIME_LABEL), unit: 'ms' },
        { runs: responsePoints, rollupDays, dayCenter: 'median', ...clock },
      ),
    );
  }
  for (const [name, points] of metricPoints) {
    // A value that never changed (cores, total memory) says all it has under "current values".
    if (points.every((point) => point.v === points[0]?.v)) continue;
    const rollupDays = indexRollupDays(rollups, readRollupMetric(name));
    charts.push(
      ...buildChart(
        { key: name, ...describeChartMetric(type, name) },
        { runs: points, rollupDays, ...clock },
      ),
    );
  }
  return charts;
}

/** A metric's one label and unit, as its chart titles it. */
function describeChartMetric(type: CheckType, name: string): Pick<ChartSeries, 'label' | 'unit'> {
  return { label: localizeMetricLabel(type, name), unit: describeMetric(type, name).unit };
}

/**
 * The detail facts a person can read at a glance (version, banner, host name); nested data is left
 * to richer pages, and a fact "Current values" already gives (host's uptime in words) to it.
 */
function listScalarDetails(
  detail: Record<string, unknown>,
  currentValues: CurrentValues,
): { name: string; label: string; value: string }[] {
  const shown = new Set(currentValues.groups.flatMap((group) => group.facts.map((fact) => fact.label)));
  return Object.entries(detail)
    .filter((entry): entry is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof entry[1]),
    )
    .filter(([name, value]) => !isShownElsewhere(name) && value !== '')
    .map(([name, value]) => ({ name, label: labelFromKey(name), value: String(value) }))
    .filter((fact) => !shown.has(fact.label));
}

function toTablesAndLists(
  detail: Record<string, unknown>,
): Pick<ComponentDetail, 'detailTables' | 'detailLists'> {
  const { tables, lists } = listDetailTables(detail);
  return { detailTables: tables, detailLists: lists };
}
