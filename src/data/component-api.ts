import { fromStatusCode, getRunMetrics } from '../../core/history/run-series.ts';
import { stripMarkup } from '../../core/incidents/plain-text.ts';
import { COMPONENT_STATUS_PRESENTATION } from '../../core/model/index.ts';
import { describeMetric } from '../../core/results/metric-vocabulary.ts';
import type { MetricUnit } from '../lib/metric-format.ts';
import { UPTIME_WINDOWS } from './component-status.ts';
import type { ComponentModel } from './site-model.ts';

/** GET /api/vigil/components/<id>.json: one component with its current state and full retained history. */
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
  latest: { t: string; status: string; ms: number; message: string; metrics: Record<string, number> } | null;
  /** Every retained run, oldest first: time, status, probe milliseconds and metrics. */
  history: { t: string; status: string; ms: number; metrics: Record<string, number> }[];
  /** Each metric name of `latest` and `history` as the site labels it: `{ "pingMs": { "label": "Response time", "unit": "ms" } }`. */
  metricLabels: Record<string, { label: string; unit: MetricUnit }>;
}

export function buildComponentDocument(component: ComponentModel): ComponentDocument {
  const latest = component.latest;
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
    latest:
      latest === undefined
        ? null
        : {
            t: new Date(latest.t).toISOString(),
            status: latest.result.status,
            ms: latest.result.ms,
            message: latest.result.message,
            metrics: latest.result.metrics,
          },
    history: Array.from({ length: component.runs.length }, (_, index) => ({
      t: new Date(component.runs.t[index] as number).toISOString(),
      status: fromStatusCode(component.runs.status[index] as number),
      ms: component.runs.ms[index] as number,
      metrics: getRunMetrics(component.runs, index),
    })),
    metricLabels: labelMetrics(component),
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
