import { Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { formatMetricValue, type MetricUnit } from '../lib/metric-format.ts';
import { THEME_CHANGE_EVENT } from './theme-toggle.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

interface ChartPayload {
  label: string;
  unit: MetricUnit;
  gapMs: number;
  points: [t: number, v: number][];
}

type ChartPoint = { x: number; y: number | null };

/**
 * Draws every `figure[data-chart]` on the page once, one chart per task so a page of many charts
 * never blocks input for long; redraws colours when the theme changes.
 */
export function drawCharts(): void {
  const charts: Chart<'line', ChartPoint[]>[] = [];
  const pending = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
  const drawNext = () => {
    const figure = pending.shift();
    if (figure === undefined) return;
    const canvas = figure.querySelector('canvas');
    const payloadText = figure.querySelector('script[data-chart-series]')?.textContent;
    if (canvas && payloadText && !Chart.getChart(canvas)) {
      const payload = JSON.parse(payloadText) as ChartPayload;
      if (payload.points.length > 0) {
        charts.push(createChart(canvas, payload));
        canvas.dataset.chartDrawn = 'true';
      }
    }
    if (pending.length > 0) setTimeout(drawNext, 0);
  };
  drawNext();
  const recolor = () => {
    for (const chart of charts) {
      applyTheme(chart);
      chart.update('none');
    }
  };
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', recolor);
  document.addEventListener(THEME_CHANGE_EVENT, recolor);
}

function createChart(canvas: HTMLCanvasElement, payload: ChartPayload): Chart<'line', ChartPoint[]> {
  const points = payload.points;
  // A lone run still gets an axis of an hour around it.
  const padMs = points.length > 1 ? 0 : 1_800_000;
  const firstMs = (points[0]?.[0] ?? 0) - padMs;
  const lastMs = (points.at(-1)?.[0] ?? 0) + padMs;
  const spanMs = lastMs - firstMs;
  const chart = new Chart<'line', ChartPoint[]>(canvas, {
    type: 'line',
    data: { datasets: [{ label: payload.label, data: insertGaps(points, payload.gapMs), spanGaps: false }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: {
        // Dots only when there are few runs, so a lone one is visible; dense lines stay clean.
        point: { radius: points.length < 60 ? 2.5 : 0, hitRadius: 6 },
        line: { borderWidth: 1.5, tension: 0 },
      },
      scales: {
        x: {
          type: 'linear',
          // Tight to the data: a linear axis would otherwise pad to round numbers of milliseconds.
          min: firstMs,
          max: lastMs,
          ticks: { maxTicksLimit: 6, callback: (value) => formatTick(Number(value), spanMs) },
        },
        y: {
          beginAtZero: payload.unit !== 'count',
          ticks: { maxTicksLimit: 5, callback: (value) => formatMetricValue(Number(value), payload.unit) },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => formatInstant(items[0]?.parsed.x ?? 0),
            label: (item) => formatMetricValue(item.parsed.y ?? 0, payload.unit),
          },
        },
      },
    },
  });
  applyTheme(chart);
  chart.update('none');
  return chart;
}

/** A null point between two runs further apart than gapMs, so chart.js breaks the line there. */
function insertGaps(points: readonly [number, number][], gapMs: number): ChartPoint[] {
  const data: ChartPoint[] = [];
  let previousT: number | undefined;
  for (const [t, v] of points) {
    if (previousT !== undefined && t - previousT > gapMs) data.push({ x: (previousT + t) / 2, y: null });
    data.push({ x: t, y: v });
    previousT = t;
  }
  return data;
}

function applyTheme(chart: Chart<'line', ChartPoint[]>): void {
  const style = getComputedStyle(document.documentElement);
  const line = style.getPropertyValue('--chart-line').trim();
  const grid = style.getPropertyValue('--chart-grid').trim();
  const text = style.getPropertyValue('--fg-muted').trim();
  for (const dataset of chart.data.datasets) {
    dataset.borderColor = line;
    dataset.backgroundColor = line;
  }
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (scale === undefined) continue;
    scale.grid = { ...scale.grid, color: grid };
    scale.ticks = { ...scale.ticks, color: text };
  }
}

// Time on a linear axis, in the reader's zone: clock times for a day or less, dates beyond.
function formatTick(epochMs: number, spanMs: number): string {
  const options: Intl.DateTimeFormatOptions =
    spanMs <= 36 * 3_600_000 ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(undefined, options).format(epochMs);
}

function formatInstant(epochMs: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}
