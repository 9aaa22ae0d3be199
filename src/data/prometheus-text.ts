import type { ComponentStatus } from '../../core/model/index.ts';
import { COMPONENT_STATUS_PRESENTATION } from '../../core/model/index.ts';
import { UPTIME_WINDOWS } from './component-status.ts';
import type { SiteModel } from './site-model.ts';

const STATUSES = Object.keys(COMPONENT_STATUS_PRESENTATION) as ComponentStatus[];

interface MetricFamily {
  name: string;
  help: string;
  samples: { labels: Record<string, string>; value: number }[];
}

/** The site's state in the Prometheus text exposition format (version 0.0.4), for a textfile or HTTP scrape. */
export function renderPrometheusText(model: SiteModel): string {
  const components = model.components.filter((component) => component.isEnabled);
  const families: MetricFamily[] = [
    {
      name: 'vigil_component_status',
      help: 'Status of each component: 1 for the status it is in, 0 for the others.',
      samples: components.flatMap((component) =>
        STATUSES.map((status) => ({
          labels: { component: component.id, group: component.groupId ?? '', status },
          value: component.componentStatus === status ? 1 : 0,
        })),
      ),
    },
    {
      name: 'vigil_component_uptime_ratio',
      help: 'Share of time up or degraded over the window (gaps in the data excluded).',
      samples: components.flatMap((component) =>
        UPTIME_WINDOWS.flatMap((window) => {
          const ratio = component.uptime[window.key].ratio;
          return ratio === null
            ? []
            : [{ labels: { component: component.id, window: window.key }, value: ratio }];
        }),
      ),
    },
    {
      // Prometheus wants base units (promtool: 'use base unit "seconds"'): the probe's ms in seconds,
      // rounded to the microsecond so 44.9 ms reads 0.0449, not 0.044899999999999995.
      name: 'vigil_component_latency_seconds',
      help: 'Response time of each component in seconds: how long its newest probe took.',
      samples: components.flatMap((component) =>
        component.latest === undefined
          ? []
          : [
              {
                labels: { component: component.id },
                value: Math.round(component.latest.result.ms * 1000) / 1_000_000,
              },
            ],
      ),
    },
    {
      name: 'vigil_component_last_result_timestamp_seconds',
      help: 'When the newest result of each component was collected (Unix time).',
      samples: components.flatMap((component) =>
        component.latest === undefined
          ? []
          : [{ labels: { component: component.id }, value: component.latest.t / 1000 }],
      ),
    },
    {
      name: 'vigil_page_status',
      help: 'Overall page status: 1 for the status it is in, 0 for the others.',
      samples: STATUSES.map((status) => ({ labels: { status }, value: model.overall === status ? 1 : 0 })),
    },
    {
      name: 'vigil_data_updated_timestamp_seconds',
      help: 'When the newest data of any collector was collected (Unix time).',
      samples: model.newestDataMs === undefined ? [] : [{ labels: {}, value: model.newestDataMs / 1000 }],
    },
  ];
  return `${families
    .filter((family) => family.samples.length > 0)
    .map(renderFamily)
    .join('\n')}\n`;
}

function renderFamily(family: MetricFamily): string {
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} gauge`];
  for (const sample of family.samples) {
    const labels = Object.entries(sample.labels).map(([key, value]) => `${key}="${escapeLabelValue(value)}"`);
    lines.push(`${family.name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${sample.value}`);
  }
  return lines.join('\n');
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
