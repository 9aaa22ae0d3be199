// The history charts of a page, drawn only as each nears the viewport: drawing every chart at load
// blocked the main thread of a cluster page for most of a second. chart.js itself (chart-canvas.ts)
// loads with the first chart drawn. The figure keeps its space from the first paint, so a chart
// drawn late moves nothing.
import type { ChartPayload, LineChart } from './chart-canvas.ts';
import { THEME_CHANGE_EVENT } from './theme-toggle.ts';

/** How far outside the viewport a chart is drawn, so a reader scrolling to it finds it drawn. */
const DRAW_AHEAD_MARGIN = '400px 0px';

type ChartCanvas = typeof import('./chart-canvas.ts');
let chartCanvas: Promise<ChartCanvas> | undefined;
let loadedChartCanvas: ChartCanvas | undefined;
const loadChartCanvas = () => {
  chartCanvas ??= import('./chart-canvas.ts').then((loaded) => {
    loadedChartCanvas = loaded;
    return loaded;
  });
  return chartCanvas;
};

/**
 * Draws each `figure[data-chart]` of the page when it nears the viewport, one chart per task so
 * several coming into view never block input for long; its range buttons work from the start (a
 * press draws the chart if it is not yet); recolours the drawn charts when the theme changes.
 */
export function drawCharts(): void {
  const figures = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
  if (figures.length === 0) return;
  const drawn = new Map<HTMLElement, LineChart>();
  const requested = new Map<HTMLElement, Promise<LineChart | undefined>>();
  let queue = Promise.resolve();
  const draw = (figure: HTMLElement): Promise<LineChart | undefined> => {
    let request = requested.get(figure);
    if (request === undefined) {
      request = queue
        .then(() => drawFigure(figure))
        .then(async (chart) => {
          if (chart !== undefined) drawn.set(figure, chart);
          // The next chart waits for a new task: one chart's work per task.
          await new Promise((resolve) => setTimeout(resolve, 0));
          return chart;
        });
      queue = request.then(() => undefined);
      requested.set(figure, request);
    }
    return request;
  };
  for (const figure of figures) wireRangeButtons(figure, drawn, draw);
  if (typeof IntersectionObserver === 'function') {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          void draw(entry.target as HTMLElement);
        }
      },
      { rootMargin: DRAW_AHEAD_MARGIN },
    );
    for (const figure of figures) observer.observe(figure);
  } else {
    for (const figure of figures) void draw(figure);
  }
  const recolor = async () => {
    if (drawn.size === 0) return;
    const { recolorChart } = await loadChartCanvas();
    for (const chart of drawn.values()) recolorChart(chart);
  };
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', recolor);
  document.addEventListener(THEME_CHANGE_EVENT, recolor);
}

const payloads = new WeakMap<HTMLElement, ChartPayload | null>();

/** The series the build embedded in the figure, read once. */
function readPayload(figure: HTMLElement): ChartPayload | undefined {
  let payload = payloads.get(figure);
  if (payload === undefined) {
    const text = figure.querySelector('script[data-chart-series]')?.textContent;
    payload = text ? (JSON.parse(text) as ChartPayload) : null;
    payloads.set(figure, payload);
  }
  return payload ?? undefined;
}

async function drawFigure(figure: HTMLElement): Promise<LineChart | undefined> {
  const canvas = figure.querySelector('canvas');
  const payload = readPayload(figure);
  const range = payload?.ranges.find((candidate) => candidate.id === payload.defaultRange);
  if (canvas === null || payload === undefined || range === undefined) return undefined;
  const { createChart } = await loadChartCanvas();
  const chart = createChart(canvas, payload, range);
  canvas.dataset.chartDrawn = 'true';
  return chart;
}

/** The range buttons: pressed state, a caption that announces the range shown, shown once they work. */
function wireRangeButtons(
  figure: HTMLElement,
  drawn: ReadonlyMap<HTMLElement, LineChart>,
  draw: (figure: HTMLElement) => Promise<LineChart | undefined>,
): void {
  const group = figure.querySelector<HTMLElement>('[data-chart-ranges]');
  const summary = figure.querySelector<HTMLElement>('[data-chart-summary]');
  if (group === null) return;
  const buttons = [...group.querySelectorAll<HTMLButtonElement>('button[data-range]')];
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const payload = readPayload(figure);
      const range = payload?.ranges.find((candidate) => candidate.id === button.dataset.range);
      if (payload === undefined || range === undefined) return;
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      if (summary !== null) summary.textContent = button.dataset.summary ?? range.title;
      const show = (chart: LineChart | undefined) => {
        // Only the range pressed last is shown, whichever draw finishes first.
        if (chart !== undefined && button.getAttribute('aria-pressed') === 'true')
          loadedChartCanvas?.showRange(chart, payload, range);
      };
      const chart = drawn.get(figure);
      if (chart === undefined) void draw(figure).then(show);
      else show(chart);
    });
  }
  group.dataset.ready = 'true';
}
