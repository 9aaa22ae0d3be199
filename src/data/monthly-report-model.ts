// The monthly reports of a build (/reports/, /reports/YYYY-MM/ and its CSV): the site model over every
// kept rollup, each month folded per component (monthly-report.ts), with the month's incidents.
import { listOccurrences } from '../../core/incidents/recurrence.ts';
import { toSitePath } from '../lib/site-path.ts';
import { cachePerBuild } from './build-cache.ts';
import { getConfig } from './config.ts';
import { getHistory, getOlderRollups } from './history.ts';
import { getPublishedIncidentRecords } from './incident-records.ts';
import { getIncidents, type IncidentModel } from './incidents.ts';
import {
  foldComponentMonth,
  getMonthSpan,
  listMonths,
  type MonthFigures,
  type MonthSpan,
  poolMonthFigures,
} from './monthly-report.ts';
import { type ComponentModel, deriveSiteModel, type SiteModel } from './site-model.ts';

/** A month's figures pooled over several components. */
export type PooledFigures = ReturnType<typeof poolMonthFigures>;

export interface ComponentReport {
  id: string;
  name: string;
  /** Its group's name ("Other" without one). */
  groupName: string;
  href: string;
  /** False for a Compose service: it counts through its docker check, as on the front page. */
  isCounted: boolean;
  figures: MonthFigures;
  /** The incidents (not maintenance) that touched it in the month, oldest first. */
  incidents: IncidentModel[];
}

export interface GroupReport {
  id: string | undefined;
  name: string;
  figures: PooledFigures;
  components: ComponentReport[];
}

/** One incident or maintenance window inside the month. */
export interface ReportEntry {
  incident: IncidentModel;
  startMs: number;
  /** Undefined while still open. */
  endMs: number | undefined;
  /** Its length, to the build's clock while open. */
  durationMs: number;
}

export interface MonthReport {
  span: MonthSpan;
  overall: PooledFigures;
  groups: GroupReport[];
  /** Every component listed, in group order (the CSV's rows). */
  components: ComponentReport[];
  incidents: ReportEntry[];
  maintenances: ReportEntry[];
  /** The first day with data when that is after the 1st (the data start mid-month). */
  dataStartDay: string | undefined;
  /** Days after the data start when no component had any data. */
  noDataDays: string[];
}

/**
 * The site model with every kept rollup (the front page's holds the 90-day bar's): the same runs,
 * maintenance marks and judged places, so a report's day is the bar's day.
 */
export const getReportSiteModel = cachePerBuild(async (): Promise<SiteModel> => {
  const [config, history, older, records] = await Promise.all([
    getConfig(),
    getHistory(),
    getOlderRollups(),
    getPublishedIncidentRecords(),
  ]);
  return deriveSiteModel({
    config,
    runs: history.runs,
    rollups: [...older, ...history.rollups],
    nowMs: history.nowMs,
    incidents: records.map((record) => record.incident),
  });
});

/** The components a report lists: a disabled check that never ran has nothing to report. */
function listReported(model: SiteModel): ComponentModel[] {
  return model.components.filter((component) => !component.isDisabledWithoutData);
}

/** Every month the data covers, newest first (the current month included, even before its data). */
export const listReportMonths = cachePerBuild(async (): Promise<string[]> => {
  const model = await getReportSiteModel();
  let firstMs = model.nowMs;
  for (const component of listReported(model)) {
    const firstRollup = component.rollups[0]?.day;
    if (firstRollup !== undefined) firstMs = Math.min(firstMs, Date.parse(`${firstRollup}T00:00:00Z`));
    if (component.firstSeenMs !== undefined) firstMs = Math.min(firstMs, component.firstSeenMs);
  }
  return listMonths(firstMs, model.nowMs);
});

/** Each month's report, folded once per build (the index, the page and the CSV read the same one). */
export const getMonthReports = cachePerBuild(async (): Promise<Map<string, MonthReport>> => {
  const [model, months, incidents, records] = await Promise.all([
    getReportSiteModel(),
    listReportMonths(),
    getIncidents(),
    getPublishedIncidentRecords(),
  ]);
  const recordBySlug = new Map(records.map((record) => [record.slug, record.incident]));
  const reports = new Map<string, MonthReport>();
  for (const month of months) {
    const span = getMonthSpan(month, model.nowMs);
    if (span === undefined) continue;
    const entries = listMonthEntries(incidents, recordBySlug, span, model.nowMs);
    reports.set(month, foldMonthReport(model, span, entries));
  }
  return reports;
});

/** The report of `month`; undefined for a month the data does not cover. */
export async function getMonthReport(month: string): Promise<MonthReport | undefined> {
  return (await getMonthReports()).get(month);
}

/** A month's report from the site model and the month's incident windows. */
export function foldMonthReport(
  model: SiteModel,
  span: MonthSpan,
  entries: readonly ReportEntry[],
): MonthReport {
  const reported = new Set(listReported(model));
  const groups: GroupReport[] = [];
  const counted: MonthFigures[] = [];
  for (const group of model.groups) {
    const components = group.components
      .filter((component) => reported.has(component))
      .map((component): ComponentReport => {
        const figures = foldComponentMonth(component, span, model.nowMs);
        const isCounted = component.parentId === undefined;
        if (isCounted) counted.push(figures);
        return {
          id: component.id,
          name: component.name,
          groupName: group.name,
          href: toSitePath(`components/${component.id}/`),
          isCounted,
          figures,
          incidents: entries
            .filter(
              (entry) =>
                entry.incident.kind === 'incident' && entry.incident.affectedCheckIds.includes(component.id),
            )
            .map((entry) => entry.incident),
        };
      });
    if (components.length === 0) continue;
    const figures = poolMonthFigures(components.filter((c) => c.isCounted).map((c) => c.figures));
    groups.push({ id: group.id, name: group.name, figures, components });
  }
  const components = groups.flatMap((group) => group.components);
  const days = components[0]?.figures.days.map((cell) => cell.day) ?? [];
  const hasData = (day: string) =>
    components.some((component) => !component.figures.noDataDays.includes(day));
  const firstDataDay = days.find(hasData);
  return {
    span,
    overall: poolMonthFigures(counted),
    groups,
    components,
    incidents: entries.filter((entry) => entry.incident.kind === 'incident'),
    maintenances: entries.filter((entry) => entry.incident.kind === 'maintenance'),
    dataStartDay: firstDataDay !== undefined && firstDataDay !== days[0] ? firstDataDay : undefined,
    noDataDays: firstDataDay === undefined ? days : days.filter((day) => day > firstDataDay && !hasData(day)),
  };
}

/**
 * The incidents and maintenance windows that overlap the month's span, oldest first: a recurring
 * maintenance once per occurrence inside it, an open incident up to the build's clock.
 */
export function listMonthEntries(
  incidents: readonly IncidentModel[],
  recordBySlug: ReadonlyMap<string, Parameters<typeof listOccurrences>[0]>,
  span: MonthSpan,
  nowMs: number,
): ReportEntry[] {
  const entries: ReportEntry[] = [];
  for (const incident of incidents) {
    const record = recordBySlug.get(incident.slug);
    const windows =
      incident.recurrence !== undefined && record !== undefined
        ? listOccurrences(record, span.fromMs, span.toMs).map((o) => ({ startMs: o.startMs, endMs: o.endMs }))
        : [{ startMs: incident.startMs, endMs: incident.endMs }];
    for (const { startMs, endMs } of windows) {
      const shownEndMs = endMs === undefined || endMs > nowMs ? undefined : endMs;
      if (startMs >= span.toMs || (shownEndMs ?? nowMs) < span.fromMs || startMs > nowMs) continue;
      // An end still to come (a maintenance's planned end, an incident resolved after the build's
      // clock) is under way at build time: open, to the clock.
      entries.push({
        incident,
        startMs,
        endMs: shownEndMs,
        durationMs: Math.max(0, (shownEndMs ?? nowMs) - startMs),
      });
    }
  }
  return entries.sort((a, b) => a.startMs - b.startMs || a.incident.slug.localeCompare(b.incident.slug));
}
