import { DAY_MS } from '../../core/history/utc-day.ts';
import type { CheckStatus } from '../../core/model/index.ts';
import { HTTP_METRICS } from '../../core/results/http.ts';
import { describeResultProblem, readResult } from '../../core/results/index.ts';
import { describeMetric, type MetricUnit } from '../lib/metric-format.ts';
import {
  type DetailList,
  type DetailTable,
  findLastHeal,
  type HealEvent,
  labelFromKey,
  listDetailTables,
} from './detail-tables.ts';
import {
  buildChart,
  type ChartSeries,
  getCheckIntervalMs,
  getMissingRunStepMs,
  indexRollupDays,
  readRollupLatency,
  readRollupMetric,
} from './chart-series.ts';
import type { SeriesPoint } from './downsample.ts';
import type { CheckSample } from './history.ts';
import { type ComponentModel, getSiteModel, type SiteModel } from './site-model.ts';

// Chart series moved to chart-series.ts; kept importable from here.
export { type ChartSeries, MAX_CHART_POINTS } from './chart-series.ts';

/** Check types with a page of their own under /clusters/, which shows their records. */
export const CLUSTER_TYPES: ReadonlySet<string> = new Set(['slurm', 'pbs']);

/** How many results the "latest results" table lists. */
export const RECENT_RESULT_COUNT = 20;

/** Statuses whose probe time is a response time; a down run mostly measures its timeout. */
const TIMED_STATUSES: ReadonlySet<CheckStatus> = new Set(['up', 'degraded', 'maintenance']);

export interface CurrentMetric {
  name: string;
  label: string;
  unit: MetricUnit;
  value: number;
}

export interface ComponentDetail {
  component: ComponentModel;
  /**
   * Over the retained window: response time first, then each metric as first recorded, leaving out
   * metrics that never changed; empty with no data.
   */
  charts: ChartSeries[];
  /** Metrics of the newest result. */
  currentMetrics: CurrentMetric[];
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
  /** Newest first. */
  recentResults: CheckSample[];
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
  const { samples, latest } = component;
  const retainedSinceMs = model.nowMs - model.site.retentionDays * DAY_MS;
  const reading = latest === undefined ? undefined : readResult(component.type, latest.result);
  return {
    component,
    charts: buildChartSeries(
      samples.filter((sample) => sample.t >= retainedSinceMs),
      component.rollups,
      model,
    ),
    currentMetrics: Object.entries(latest?.result.metrics ?? {}).map(([name, value]) => ({
      name,
      value,
      ...describeMetric(name),
    })),
    currentDetails: listScalarDetails(latest?.result.detail ?? {}),
    ...(CLUSTER_TYPES.has(component.type)
      ? { detailTables: [], detailLists: [] }
      : toTablesAndLists(latest?.result.detail ?? {})),
    unreadable: reading?.success === false ? describeResultProblem(reading.error) : undefined,
    lastHeal: findLastHeal(samples),
    recentResults: samples.slice(-RECENT_RESULT_COUNT).reverse(),
  };
}

function buildChartSeries(
  samples: readonly CheckSample[],
  rollups: ComponentModel['rollups'],
  model: Pick<SiteModel, 'site' | 'nowMs'>,
): ChartSeries[] {
  const clock = { nowMs: model.nowMs, maxStepMs: getMissingRunStepMs(getCheckIntervalMs({}, model.site)) };
  const responsePoints: SeriesPoint[] = [];
  const metricPoints = new Map<string, SeriesPoint[]>();
  for (const { t, result } of samples) {
    if (TIMED_STATUSES.has(result.status)) responsePoints.push({ t, v: result.ms });
    for (const [name, value] of Object.entries(result.metrics)) {
      const points = metricPoints.get(name);
      if (points) points.push({ t, v: value });
      else metricPoints.set(name, [{ t, v: value }]);
    }
  }
  const charts: ChartSeries[] = [];
  // A probe that measures its own latency (http: time to headers; jupyterhub names it alike) charts
  // that; the run time would repeat it.
  if (responsePoints.length > 0 && !metricPoints.has(HTTP_METRICS.latencyMs)) {
    const rollupDays = indexRollupDays(rollups, readRollupLatency);
    charts.push(
      ...buildChart(
        { key: 'ms', label: 'Response time', unit: 'ms' },
        { runs: responsePoints, rollupDays, ...clock },
      ),
    );
  }
  for (const [name, points] of metricPoints) {
    // A value that never changed (cores, total memory) says all it has under "current values".
    if (points.every((point) => point.v === points[0]?.v)) continue;
    const rollupDays = indexRollupDays(rollups, readRollupMetric(name));
    charts.push(
      ...buildChart({ key: name, ...describeMetric(name) }, { runs: points, rollupDays, ...clock }),
    );
  }
  return charts;
}

/** The detail facts a person can read at a glance (version, banner, host name); nested data is left to richer pages. */
function listScalarDetails(
  detail: Record<string, unknown>,
): { name: string; label: string; value: string }[] {
  return Object.entries(detail)
    .filter((entry): entry is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof entry[1]),
    )
    .map(([name, value]) => ({ name, label: labelFromKey(name), value: String(value) }));
}

function toTablesAndLists(
  detail: Record<string, unknown>,
): Pick<ComponentDetail, 'detailTables' | 'detailLists'> {
  const { tables, lists } = listDetailTables(detail);
  return { detailTables: tables, detailLists: lists };
}
