// The chart.js half of the history charts, loaded by draw-charts.ts only when a chart nears the
// viewport: only the controllers, elements and scales a line chart uses are registered.
import {
  Chart,
  type ChartDataset,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ScriptableContext,
  Tooltip,
} from 'chart.js';
import { getSiteLocale, t } from '../i18n/browser.ts';
import { formatClockTime, formatDate, formatDateTime, formatZoneName } from '../lib/format.ts';
import { formatMetricValue, type MetricUnit } from '../lib/metric-format.ts';
import { buildTimeTicks, chooseTickStepMs } from '../lib/time-ticks.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

/** What MetricChart.astro embeds: one metric, its series per range, the zone its times are read in. */
export interface ChartPayload {
  label: string;
  unit: MetricUnit;
  timeZone: string;
  /** Epoch ms that each point's time counts seconds from. */
  baseMs: number;
  defaultRange: string;
  ranges: {
    id: string;
    title: string;
    resolution: 'run' | 'day';
    /** [seconds after baseMs, v]; a null v is a gap (a missing run, a day without data). */
    points: [seconds: number, v: number | null][];
    /** Day ranges: each day's highest value. */
    highest?: [seconds: number, v: number | null][];
  }[];
}

export type ChartPoint = { x: number; y: number | null };
export type LineChart = Chart<'line', ChartPoint[]>;
type PayloadRange = ChartPayload['ranges'][number];

// Tools and tests read what is drawn with VigilChart.getChart(canvas).data, as with chart.js itself.
(globalThis as Record<string, unknown>).VigilChart = Chart;

/** Draws one chart on its canvas, showing one of its ranges. */
export function createChart(
  canvas: HTMLCanvasElement,
  payload: ChartPayload,
  range: PayloadRange,
): LineChart {
  const { timeZone, unit } = payload;
  // Set as the axis builds its ticks, read as it labels them (both during chart.js's own update).
  let tickStepMs = 0;
  const chart: LineChart = new Chart<'line', ChartPoint[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: {
        point: { radius: pointRadius, hoverRadius: 5, hitRadius: 6, borderWidth: 0 },
        line: { borderWidth: 2, tension: 0 },
      },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: t('browserComponent.chartTime') },
          // Even ticks on the zone's clock: full hours or midnights, never round numbers of ms.
          afterBuildTicks: (scale) => {
            tickStepMs = chooseTickStepMs(scale.min, scale.max);
            scale.ticks = buildTimeTicks(scale.min, scale.max, timeZone).map((value) => ({ value }));
          },
          ticks: {
            autoSkip: false,
            maxRotation: 0,
            callback: (value) => formatTick(Number(value), tickStepMs, timeZone),
          },
        },
        y: {
          beginAtZero: unit !== 'count',
          ticks: {
            maxTicksLimit: 5,
            // Counts tick at whole numbers: "1", never "0.95".
            ...(unit === 'count' && { precision: 0 }),
            callback: (value) => formatMetricValue(Number(value), unit),
          },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => formatPointTime(items[0]?.parsed.x ?? 0, items[0]?.chart.canvas, timeZone),
            label: (item) =>
              `${item.dataset.label ?? ''}: ${formatMetricValue(item.parsed.y ?? 0, unit)}`.replace(
                /^: /,
                '',
              ),
          },
        },
      },
    },
  });
  showRange(chart, payload, range);
  return chart;
}

/** Puts one range's series on the chart, its axis tight to the data and its zone named. */
export function showRange(chart: LineChart, payload: ChartPayload, range: PayloadRange): void {
  const toPoints = (pairs: [number, number | null][]): ChartPoint[] =>
    pairs.map(([seconds, y]) => ({ x: payload.baseMs + seconds * 1000, y }));
  const isDaily = range.resolution === 'day';
  const datasets: ChartDataset<'line', ChartPoint[]>[] = [
    {
      label: isDaily ? t('browserComponent.chartDayMean') : payload.label,
      data: toPoints(range.points),
      spanGaps: false,
    },
  ];
  if (isDaily && range.highest !== undefined) {
    datasets.push({
      label: t('browserComponent.chartDayHighest'),
      data: toPoints(range.highest),
      spanGaps: false,
      borderDash: [4, 3],
    });
  }
  chart.data.datasets = datasets;
  const times = range.points.map(([seconds]) => payload.baseMs + seconds * 1000);
  // A lone point still gets an axis of an hour (a day, by day) around it.
  const padMs = times.length > 1 ? 0 : isDaily ? 43_200_000 : 1_800_000;
  const x = chart.options.scales?.x;
  if (x !== undefined) {
    x.min = Math.min(...times) - padMs;
    x.max = Math.max(...times) + padMs;
    x.title = {
      display: true,
      text: t('browserComponent.chartTimeIn', { zone: describeZone(x.min, x.max, payload.timeZone) }),
    };
  }
  chart.canvas.dataset.range = range.id;
  chart.canvas.dataset.resolution = range.resolution;
  applyTheme(chart);
  chart.update('none');
}

/** Takes the page's theme again (the reader toggled it or the system's changed). */
export function recolorChart(chart: LineChart): void {
  applyTheme(chart);
  chart.update('none');
}

// Dots where a line cannot show a value: few runs, or a value with a gap (or the edge) on both sides.
function pointRadius(context: ScriptableContext<'line'>): number {
  const data = context.dataset.data as ChartPoint[];
  const index = context.dataIndex;
  const isolated = (data[index - 1]?.y ?? null) === null && (data[index + 1]?.y ?? null) === null;
  if (isolated) return 4;
  return data.length < 60 ? 3 : 0;
}

function applyTheme(chart: LineChart): void {
  const style = getComputedStyle(document.documentElement);
  const line = style.getPropertyValue('--chart-line').trim() || '#0969da';
  const grid = style.getPropertyValue('--chart-grid').trim() || '#d1d9e0';
  const text = style.getPropertyValue('--fg-muted').trim() || '#59636e';
  for (const dataset of chart.data.datasets) {
    dataset.borderColor = line;
    dataset.backgroundColor = line;
    dataset.pointBackgroundColor = line;
    dataset.pointBorderColor = line;
    dataset.pointHoverBackgroundColor = line;
  }
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (scale === undefined) continue;
    scale.grid = { ...scale.grid, color: grid };
    scale.ticks = { ...scale.ticks, color: text };
    scale.border = { color: grid };
    if ('title' in scale && scale.title?.text)
      scale.title = { display: true, text: scale.title.text, color: text };
  }
}

// The zone's name over the axis: "UTC", or "CET/CEST" when the range crosses a daylight-saving change.
function describeZone(minMs: number, maxMs: number, timeZone: string): string {
  const names = new Set([formatZoneName(minMs, timeZone), formatZoneName(maxMs, timeZone)]);
  return [...names].join('/');
}

// Clock times for steps under a day, dates beyond; the zone is named in the axis title.
function formatTick(epochMs: number, stepMs: number, timeZone: string): string {
  if (stepMs >= 86_400_000) return formatShortDate(epochMs, timeZone);
  return formatClockTime(epochMs, timeZone);
}

function formatPointTime(epochMs: number, canvas: HTMLCanvasElement | undefined, timeZone: string): string {
  if (canvas?.dataset.resolution === 'day')
    return t('browserComponent.chartUtcDay', { date: formatDate(epochMs, 'UTC') });
  return formatDateTime(epochMs, timeZone);
}

const shortDates = new Map<string, Intl.DateTimeFormat>();

function formatShortDate(epochMs: number, timeZone: string): string {
  let format = shortDates.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(getSiteLocale(), { timeZone, day: 'numeric', month: 'short' });
    shortDates.set(timeZone, format);
  }
  return format.format(epochMs);
}
