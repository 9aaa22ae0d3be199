// The 90-day bar in a constant number of elements, shared by the build (DailyBar.astro writes it)
// and the browser (daily-bar-tips.ts reads it, live refresh rewrites today), so a bar redrawn in the
// browser reads and looks as a rebuilt one would. Each day is said once:
//
// - its status by the drawing: an SVG a day wide per day, one path per status but operational (the
//   bar's background) stroking its runs of days, and one ("bx") marking the days with incidents;
// - its figures by `data-cells`, a token for each day that is neither operational (100 % up, nothing
//   down) nor without data, oldest first, space-separated: the time down, degraded and under
//   maintenance in minutes ("2.5s" where not whole minutes; empty where 0) and the uptime in
//   hundredths of a percent ("-" without data; empty where it is that of a day judged whole,
//   1 − down / 24 h), comma-separated, the figure the status is about first (FIELD_ORDER), trailing
//   empties left out: "120" on a major outage day is 2 h down, "60,8000" 1 h down of 5 h judged, "25"
//   on a degraded day 25 min degraded. A group's bar (data-kind="group") has a token for every day:
//   how many of its components were in each status, in STATUS_ORDER, trailing zeros left out;
// - its incidents by `data-incidents`, for each marked day the places of its incidents in the list
//   of links (the bar's template, or the page's), comma-separated: "0,3 1".
import type { ComponentStatus } from '../../core/model/index.ts';
import { t } from '../i18n/browser.ts';
import { type DayFigures, describeDayFigures, formatBarDay } from '../lib/daily-cell-text.ts';

/** The order of a group day's counts. */
export const STATUS_ORDER = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
  'no_data',
] as const satisfies readonly ComponentStatus[];

/** The class of each status's path in a bar's drawing: DailyBar's CSS colours each by the theme. */
const STATUS_CLASS = {
  degraded_performance: 'bd',
  partial_outage: 'bp',
  major_outage: 'bm',
  under_maintenance: 'bu',
  no_data: 'bn',
} as const satisfies Partial<Record<ComponentStatus, string>>;
const MARK_CLASS = 'bx';

/** One day of a bar. */
export interface BarDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  status: ComponentStatus;
  /** A component's day: its figures. */
  figures?: DayFigures;
  /** A group's day: how many of its components were in each status. */
  counts?: Partial<Record<ComponentStatus, number>>;
  /** Its incidents, by their place in the list of links. */
  incidents: readonly number[];
}

/** One path of a bar's drawing. */
export interface BarPath {
  className: string;
  d: string;
}

/** A bar as its markup holds it. */
export interface BarCode {
  /** The oldest day, YYYY-MM-DD (`data-from`). */
  from: string;
  /** `data-cells`. */
  cells: string;
  /** `data-incidents`; undefined without incidents. */
  incidents: string | undefined;
  paths: BarPath[];
}

export type BarKind = 'component' | 'group';

const DAY_MS = 86_400_000;
const FULL_DAY: DayFigures = { ratio: 1, downMs: 0, degradedMs: 0, maintenanceMs: 0 };
const NO_DATA_DAY: DayFigures = { ratio: null, downMs: 0, degradedMs: 0, maintenanceMs: 0 };

type FigureField = 'ratio' | 'down' | 'degraded' | 'maintenance';

/** A token's fields by the day's status: the figure the status is about comes first. */
const FIELD_ORDER: Record<ComponentStatus, readonly FigureField[]> = {
  operational: ['ratio', 'down', 'degraded', 'maintenance'],
  degraded_performance: ['degraded', 'ratio', 'down', 'maintenance'],
  partial_outage: ['down', 'ratio', 'degraded', 'maintenance'],
  major_outage: ['down', 'ratio', 'degraded', 'maintenance'],
  under_maintenance: ['maintenance', 'ratio', 'down', 'degraded'],
  no_data: ['ratio', 'down', 'degraded', 'maintenance'],
};

/** Days whose figures their status tells (buildDailyCells judges them so): they have no token. */
function isFigureless(status: ComponentStatus): status is 'operational' | 'no_data' {
  return status === 'operational' || status === 'no_data';
}

/** Writes a bar's days (oldest first) as its markup holds them. */
export function encodeBar(days: readonly BarDay[], kind: BarKind): BarCode {
  const tokens =
    kind === 'group'
      ? days.map((day) => encodeCounts(day.counts ?? {}))
      : days.flatMap((day) =>
          isFigureless(day.status) ? [] : [encodeFigures(day.status, day.figures ?? NO_DATA_DAY)],
        );
  const marked = days.filter((day) => day.incidents.length > 0);
  return {
    from: days[0]?.day ?? '',
    cells: tokens.join(' '),
    incidents: marked.length === 0 ? undefined : marked.map((day) => day.incidents.join(',')).join(' '),
    paths: drawBarPaths(
      days.map((day) => day.status),
      days.map((day) => day.incidents.length > 0),
    ),
  };
}

/** Reads a bar's days back from its markup; `dayCount` is the drawing's width (its viewBox). */
export function decodeBar(code: BarCode, dayCount: number, kind: BarKind): BarDay[] {
  const statuses = new Array<ComponentStatus>(dayCount).fill('operational');
  const marked = new Array<boolean>(dayCount).fill(false);
  for (const path of code.paths) {
    const status = (Object.keys(STATUS_CLASS) as (keyof typeof STATUS_CLASS)[]).find(
      (key) => STATUS_CLASS[key] === path.className,
    );
    if (status === undefined && path.className !== MARK_CLASS) continue;
    for (const [from, to] of readRuns(path.d))
      for (let index = from; index < Math.min(to, dayCount); index++) {
        if (status === undefined) marked[index] = true;
        else statuses[index] = status;
      }
  }
  const tokens = code.cells === '' ? [] : code.cells.split(' ');
  const incidentLists = (code.incidents ?? '').split(' ').filter(Boolean);
  const fromMs = Date.parse(`${code.from}T00:00:00Z`);
  let nextToken = 0;
  let nextIncidents = 0;
  return statuses.map((status, index) => {
    const day = new Date(fromMs + index * DAY_MS).toISOString().slice(0, 10);
    const incidents = marked[index]
      ? (incidentLists[nextIncidents++] ?? '').split(',').filter(Boolean).map(Number)
      : [];
    if (kind === 'group') return { day, status, counts: decodeCounts(tokens[index] ?? ''), incidents };
    const figures = isFigureless(status)
      ? status === 'operational'
        ? FULL_DAY
        : NO_DATA_DAY
      : decodeFigures(status, tokens[nextToken++] ?? '');
    return { day, status, figures, incidents };
  });
}

/**
 * The uptime a token leaves out: none for a day without data (maintenance only), else that of a day
 * judged whole, 1 − down / 24 h, which every past day with runs all day has.
 */
function findDefaultHundredths(status: ComponentStatus, downMs: number): string {
  if (status === 'no_data' || status === 'under_maintenance') return '-';
  return String(Math.floor((1 - downMs / DAY_MS) * 10_000 + 1e-9));
}

/** The token of one component's day (exported for its tests). */
export function encodeFigures(status: ComponentStatus, figures: DayFigures): string {
  const hundredths = figures.ratio === null ? '-' : String(Math.floor(figures.ratio * 10_000 + 1e-9));
  const values: Record<FigureField, string> = {
    ratio: hundredths === findDefaultHundredths(status, figures.downMs) ? '' : hundredths,
    down: encodeDuration(figures.downMs),
    degraded: encodeDuration(figures.degradedMs),
    maintenance: encodeDuration(figures.maintenanceMs),
  };
  const parts = FIELD_ORDER[status].map((field) => values[field]);
  while (parts.length > 0 && parts.at(-1) === '') parts.pop();
  return parts.join(',');
}

export function decodeFigures(status: ComponentStatus, token: string): DayFigures {
  const values = token.split(',');
  const field = (name: FigureField) => values[FIELD_ORDER[status].indexOf(name)] ?? '';
  const downMs = decodeDuration(field('down'));
  const hundredths = field('ratio') || findDefaultHundredths(status, downMs);
  return {
    ratio: hundredths === '-' ? null : Number(hundredths) / 10_000,
    downMs,
    degradedMs: decodeDuration(field('degraded')),
    maintenanceMs: decodeDuration(field('maintenance')),
  };
}

// Whole minutes as a number ("40"), anything else in seconds ("2.5s"): runs are minutes apart.
function encodeDuration(ms: number): string {
  if (ms === 0) return '';
  return ms % 60_000 === 0 ? String(ms / 60_000) : `${ms / 1000}s`;
}

function decodeDuration(text: string): number {
  if (text === '') return 0;
  return text.endsWith('s') ? Math.round(Number(text.slice(0, -1)) * 1000) : Number(text) * 60_000;
}

function encodeCounts(counts: Partial<Record<ComponentStatus, number>>): string {
  const values = STATUS_ORDER.map((key) => String(counts[key] ?? 0));
  while (values.length > 0 && values.at(-1) === '0') values.pop();
  return values.join(',');
}

function decodeCounts(token: string): Partial<Record<ComponentStatus, number>> {
  const values = token.split(',');
  const counts: Partial<Record<ComponentStatus, number>> = {};
  STATUS_ORDER.forEach((key, at) => {
    const count = Number(values[at] || 0);
    if (count > 0) counts[key] = count;
  });
  return counts;
}

/**
 * The bar's drawing, in a viewBox a day wide per day and 1 high: per status but operational, one
 * path of horizontal strokes over its runs of days, each move relative to the last so the numbers
 * stay small; then the incident marks along the top edge.
 */
export function drawBarPaths(statuses: readonly ComponentStatus[], isMarked: readonly boolean[]): BarPath[] {
  const runsByClass = new Map<string, [number, number][]>();
  const addRun = (className: string, from: number, to: number) =>
    runsByClass.set(className, [...(runsByClass.get(className) ?? []), [from, to]]);
  for (let start = 0, index = 1; index <= statuses.length; index++) {
    if (index < statuses.length && statuses[index] === statuses[start]) continue;
    const status = statuses[start] ?? 'no_data';
    if (status !== 'operational') addRun(STATUS_CLASS[status], start, index);
    start = index;
  }
  isMarked.forEach((isDayMarked, index) => {
    if (isDayMarked) addRun(MARK_CLASS, index, index + 1);
  });
  return [...Object.values(STATUS_CLASS), MARK_CLASS].flatMap((className) => {
    const runs = runsByClass.get(className);
    if (runs === undefined) return [];
    const y = className === MARK_CLASS ? '0' : '.5';
    let penAt = 0;
    const d = runs
      .map(([from, to], at) => {
        const move = at === 0 ? `M${from} ${y}` : `m${from - penAt} 0`;
        penAt = to;
        return `${move}h${to - from}`;
      })
      .join('');
    return [{ className, d }];
  });
}

/** The runs of days [from, to) a path of drawBarPaths strokes. */
function readRuns(d: string): [number, number][] {
  const runs: [number, number][] = [];
  let penAt = 0;
  for (const [, move, x, , length] of d.matchAll(/([Mm])\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*h\s*([\d.]+)/g)) {
    const from = move === 'M' ? Number(x) : penAt + Number(x);
    penAt = from + Number(length);
    runs.push([from, penAt]);
  }
  return runs;
}

/** "1 Dec 2026: 99.86% up, 2 h down[ · titles]" or, for a group, "1 Dec 2026: 1 major outage, 9 operational". */
export function describeBarDay(barDay: BarDay, incidentTitles: readonly string[]): string {
  const titles = incidentTitles.length > 0 ? ` · ${incidentTitles.join('; ')}` : '';
  return `${formatBarDay(barDay.day)}: ${describeBarDayFigures(barDay)}${titles}`;
}

// "9 operational": how many of a group's components had each status that day.
const GROUP_WORDS = {
  operational: 'browserComponent.groupDayOperational',
  degraded_performance: 'browserComponent.groupDayDegraded',
  partial_outage: 'browserComponent.groupDayPartialOutage',
  major_outage: 'browserComponent.groupDayMajorOutage',
  under_maintenance: 'browserComponent.groupDayUnderMaintenance',
  no_data: 'browserComponent.groupDayNoData',
} as const satisfies Record<ComponentStatus, string>;

// Worst first, so the day's colour is explained by its first words.
const GROUP_WORD_ORDER: readonly ComponentStatus[] = [
  'major_outage',
  'partial_outage',
  'degraded_performance',
  'under_maintenance',
  'operational',
  'no_data',
];

function describeBarDayFigures(barDay: BarDay): string {
  if (barDay.figures !== undefined) return describeDayFigures(barDay.figures);
  const counts = barDay.counts ?? {};
  const parts = GROUP_WORD_ORDER.filter((status) => (counts[status] ?? 0) > 0).map((status) =>
    t(GROUP_WORDS[status], { count: counts[status] ?? 0 }),
  );
  return parts.length === 0 ? t('browserComponent.noData') : parts.join(t('browserComponent.listSeparator'));
}
