import {
  meanResponseTimeMs,
  type ResponseTimeSum,
  sumResponseTimes,
} from '../../core/history/mean-response-time.ts';
import {
  createEmptyTally,
  type UptimeResult,
  uptimeForWindow,
  uptimeRatio,
} from '../../core/history/uptime.ts';
import { DAY_MS } from '../../core/history/utc-day.ts';
import type { ComponentStatus, RollupLine } from '../../core/model/index.ts';
import { findResponseTimeMetric, NO_RESPONSE_TIME_TYPES } from '../../core/results/metric-vocabulary.ts';
import { formatUptime } from '../lib/format.ts';
import { BADGE_COLOR, describeStatusBadge } from './badge-svg.ts';
import type { UptimeWindowKey } from './component-status.ts';
import type { ComponentModel, GroupModel } from './site-model.ts';

// The shields.io endpoint badges (https://shields.io/badges/endpoint-badge) of each component and
// group, at the paths and with the labels and colour scales Upptime writes (`api/<slug>/uptime.json`…),
// so a README that pointed img.shields.io/endpoint at an Upptime repository points at Vigil unchanged.

/** The JSON shields' endpoint badge reads. */
export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
}

/** A window a figure covers: the page's own 24 h / 7 d / 30 d, a year, or everything kept (site.rollupRetentionDays). */
type FigureWindow = UptimeWindowKey | '1y' | 'all';

const WINDOW_MS: Record<FigureWindow, number> = {
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
  '1y': 365 * DAY_MS,
  all: Number.POSITIVE_INFINITY,
};

/** Each endpoint file (`<name>.json`), what it says, and Upptime's label for it. */
export const SHIELDS_ENDPOINTS = [
  { name: 'status', kind: 'status', window: undefined, label: 'status' },
  { name: 'uptime', kind: 'uptime', window: 'all', label: 'uptime' },
  { name: 'uptime-day', kind: 'uptime', window: '24h', label: 'uptime 24h' },
  { name: 'uptime-week', kind: 'uptime', window: '7d', label: 'uptime 7d' },
  { name: 'uptime-month', kind: 'uptime', window: '30d', label: 'uptime 30d' },
  { name: 'uptime-year', kind: 'uptime', window: '1y', label: 'uptime 1y' },
  { name: 'response-time', kind: 'response-time', window: 'all', label: 'response time' },
  { name: 'response-time-day', kind: 'response-time', window: '24h', label: 'response time 24h' },
  { name: 'response-time-week', kind: 'response-time', window: '7d', label: 'response time 7d' },
  { name: 'response-time-month', kind: 'response-time', window: '30d', label: 'response time 30d' },
  { name: 'response-time-year', kind: 'response-time', window: '1y', label: 'response time 1y' },
] as const satisfies readonly {
  name: string;
  kind: string;
  window: FigureWindow | undefined;
  label: string;
}[];

export type ShieldsEndpointName = (typeof SHIELDS_ENDPOINTS)[number]['name'];

/** What a component's or a group's endpoints are made of. */
export interface BadgeFigures {
  status: ComponentStatus;
  uptime: Record<FigureWindow, number | null>;
  responseTimeMs: Record<FigureWindow, number | null>;
}

const NO_DATA_COLOR = 'lightgrey';

/** The endpoint JSON of one figure. */
export function buildShieldsEndpoint(name: ShieldsEndpointName, figures: BadgeFigures): ShieldsEndpoint {
  const endpoint = SHIELDS_ENDPOINTS.find((candidate) => candidate.name === name);
  if (endpoint === undefined) throw new Error(`unknown shields endpoint ${JSON.stringify(name)}`);
  if (endpoint.kind === 'status') {
    const { message } = describeStatusBadge('', figures.status);
    return { schemaVersion: 1, label: endpoint.label, message, color: BADGE_COLOR[figures.status] };
  }
  if (endpoint.kind === 'uptime') {
    const ratio = figures.uptime[endpoint.window];
    return ratio === null
      ? { schemaVersion: 1, label: endpoint.label, message: 'no data', color: NO_DATA_COLOR }
      : {
          schemaVersion: 1,
          label: endpoint.label,
          message: formatUptime(ratio),
          color: pickUptimeColor(ratio),
        };
  }
  const meanMs = figures.responseTimeMs[endpoint.window];
  return meanMs === null
    ? { schemaVersion: 1, label: endpoint.label, message: 'no data', color: NO_DATA_COLOR }
    : {
        schemaVersion: 1,
        label: endpoint.label,
        message: `${Math.round(meanMs)} ms`,
        color: pickResponseTimeColor(Math.round(meanMs)),
      };
}

/** Upptime's uptime scale: brightgreen above 95 %, then a step per 5 % down to red at 75 % or less. */
export function pickUptimeColor(ratio: number): string {
  const percent = ratio * 100;
  if (percent > 95) return 'brightgreen';
  if (percent > 90) return 'green';
  if (percent > 85) return 'yellowgreen';
  if (percent > 80) return 'yellow';
  if (percent > 75) return 'orange';
  return 'red';
}

/** Upptime's response-time scale: brightgreen under 200 ms, a step per 200 ms, red from 1 s. */
export function pickResponseTimeColor(ms: number): string {
  if (ms < 200) return 'brightgreen';
  if (ms < 400) return 'green';
  if (ms < 600) return 'yellowgreen';
  if (ms < 800) return 'yellow';
  if (ms < 1000) return 'orange';
  return 'red';
}

interface ComponentSums {
  uptime: Record<FigureWindow, UptimeResult>;
  responseTimes: Record<FigureWindow, ResponseTimeSum>;
}

const FIGURE_WINDOWS = Object.keys(WINDOW_MS) as FigureWindow[];
const sumsByComponent = new WeakMap<ComponentModel, ComponentSums>();

/**
 * A component's uptime (the page's own 24 h / 7 d / 30 d figures; a year and everything kept by the same
 * core math) and its response-time sums per window, computed once per model.
 */
function getComponentSums(component: ComponentModel, context: FigureContext): ComponentSums {
  const known = sumsByComponent.get(component);
  if (known !== undefined) return known;
  const { nowMs } = context;
  const uptime = {} as Record<FigureWindow, UptimeResult>;
  const responseTimes = {} as Record<FigureWindow, ResponseTimeSum>;
  // A multi-place check's older days are its places' (judged only within the bar): they are left out.
  const older = component.places === undefined ? (context.olderRollups.get(component.id) ?? []) : [];
  const rollups = older.length === 0 ? component.rollups : [...older, ...component.rollups];
  const timing = readResponseTimes(component, rollups);
  for (const window of FIGURE_WINDOWS) {
    const from = nowMs - WINDOW_MS[window];
    uptime[window] =
      window === '24h' || window === '7d' || window === '30d'
        ? component.uptime[window]
        : uptimeForWindow({
            samples: component.runs,
            rollups,
            from,
            to: nowMs,
            maxGapMs: component.staleAfterMs,
          });
    responseTimes[window] = sumResponseTimes({ ...timing, runs: component.runs, from, to: nowMs });
  }
  const sums = { uptime, responseTimes };
  sumsByComponent.set(component, sums);
  return sums;
}

/**
 * Which value is a run's response time: the metric the type stores for it (http: time to headers,
 * tcp: connect…), as the component's chart shows it, else the probe's own time.
 */
function readResponseTimes(
  component: ComponentModel,
  rollups: readonly RollupLine[],
): {
  valuesMs: ArrayLike<number>;
  rollups: readonly RollupLine[];
  readRollupMs: (rollup: RollupLine) => number | undefined;
} {
  const names = new Set(component.runs.metrics.keys());
  for (const rollup of rollups) for (const name of Object.keys(rollup.metrics)) names.add(name);
  const metric = findResponseTimeMetric(component.type, names);
  if (NO_RESPONSE_TIME_TYPES.has(component.type))
    return {
      valuesMs: new Float64Array(component.runs.length).fill(Number.NaN),
      rollups,
      readRollupMs: () => undefined,
    };
  if (metric === undefined)
    return {
      valuesMs: component.runs.ms,
      rollups,
      readRollupMs: (rollup) => rollup.latencyMs?.p50,
    };
  return {
    valuesMs: component.runs.metrics.get(metric) ?? new Float64Array(component.runs.length).fill(Number.NaN),
    rollups,
    readRollupMs: (rollup) => rollup.metrics[metric]?.mean,
  };
}

/** The build's clock and each check's rollups older than the model's (getOlderRollups, by check id). */
export interface FigureContext {
  nowMs: number;
  olderRollups: ReadonlyMap<string, readonly RollupLine[]>;
}

/** A component's figures. */
export function getComponentFigures(component: ComponentModel, context: FigureContext): BadgeFigures {
  return poolFigures(component.componentStatus, [getComponentSums(component, context)]);
}

/**
 * A group's figures: its status as the front page rolls it up, uptime over its checks' time together
 * (each check's up, degraded and down time summed, so a check with more judged time weighs more), and
 * the mean response time of all its checks' runs. Compose services count through their docker check.
 */
export function getGroupFigures(group: GroupModel, context: FigureContext): BadgeFigures {
  const counted = group.components.filter((component) => component.parentId === undefined);
  return poolFigures(
    group.status,
    counted.map((component) => getComponentSums(component, context)),
  );
}

function poolFigures(status: ComponentStatus, sums: readonly ComponentSums[]): BadgeFigures {
  const uptime = {} as BadgeFigures['uptime'];
  const responseTimeMs = {} as BadgeFigures['responseTimeMs'];
  for (const window of FIGURE_WINDOWS) {
    const tally = createEmptyTally();
    for (const sum of sums)
      for (const key of Object.keys(tally) as (keyof typeof tally)[])
        tally[key] += sum.uptime[window].durationsMs[key];
    uptime[window] = sums.length === 1 ? (sums[0]?.uptime[window].ratio ?? null) : uptimeRatio(tally);
    responseTimeMs[window] = meanResponseTimeMs(sums.map((sum) => sum.responseTimes[window]));
  }
  return { status, uptime, responseTimeMs };
}
