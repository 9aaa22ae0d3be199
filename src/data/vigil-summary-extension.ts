import type { CheckStatus, ComponentStatus } from '../../core/model/index.ts';
import type { ClusterFigures } from '../lib/cluster-figures-text.ts';
import { toCapacityEntries } from './capacity-figures.ts';
import type { ClusterModel } from './clusters.ts';
import type { UptimeWindowKey } from './component-status.ts';
import type { IncidentDay } from './incident-days.ts';
import { toVigilServices, type VigilSummaryService } from './service-api.ts';
import type { SiteModel } from './site-model.ts';
import { toSummaryUptime } from './summary-uptime.ts';

/** One check as live refresh needs it: enough to judge it again by the reader's clock and redraw its row. */
export interface VigilSummaryComponent {
  /** Its status as judged at build time, "no_data" included. */
  status: ComponentStatus;
  /** Its newest result; null when it never ran. */
  updated_at: string | null;
  /** Its newest result older than this shows "No data" (core/history/freshness.ts). */
  stale_after_ms: number;
  /** How often it runs: its own interval, else the site's (added with per-check intervals). */
  interval_ms?: number;
  /** Its status while that result is current, incidents and maintenance applied. */
  fresh_status: CheckStatus;
  /** Its status once that result is stale. */
  stale_status: CheckStatus;
  /** false: a disabled check that never ran ("Disabled"; it does not colour its group). */
  counts: boolean;
  /** Uptime ratios (null: no data in the window). */
  uptime: Record<UptimeWindowKey, number | null>;
  /** Time down and degraded in each window, ms. */
  uptime_durations_ms: Record<UptimeWindowKey, { down: number; degraded: number }>;
  /** Today's cell of the 90-day bar (UTC day); degraded_ms and maintenance_ms were added later. */
  today: {
    day: string;
    status: ComponentStatus;
    ratio: number | null;
    down_ms: number;
    degraded_ms?: number;
    maintenance_ms?: number;
  } | null;
  /** A check seen from several places: how many must agree, of how many (absent for one place; added later). */
  quorum?: { required: number; total: number };
  /** A check seen from several places: each place in config order (absent for one place; added later). */
  places?: VigilSummaryPlace[];
  /**
   * Its capacities that its newest run filled, by metric name ("12 / 20"); only for a check that declares
   * capacities (`max:` / `of:`), so live refresh redraws the front page's figure (added later).
   */
  capacities?: Record<string, { value: number; max: number; text: string }>;
}

/** One place of a multi-place check: enough for live refresh to judge the places again by the reader's clock. */
export interface VigilSummaryPlace {
  source: string;
  /** The source's name from config. */
  name: string;
  /** The place's vote at build time: its newest stored status, unknown when that is stale or missing. */
  status: CheckStatus;
  /** Its newest result; null when it never ran there. */
  updated_at: string | null;
  /** Its newest result's probe time; null when it never ran there. */
  ms: number | null;
}

/** One entry of the front page's "Past incidents" days, as live refresh redraws it (IncidentPastDays). */
export interface VigilPastIncident {
  id: string;
  name: string;
  kind: 'incident' | 'maintenance';
  impact: string;
  /** The calendar day, in the site's time zone, it began on: "2026-12-01". */
  day: string;
  /** Its badge's word: "Identified", "Resolved", "In progress". */
  badge: string;
  /** Where it stands: "active", "resolved", "in-progress", "completed". */
  phase: string;
  /** The status of its latest line and when it was taken. */
  latest_status: string;
  latest_at: string;
  /** The first line of the newest update, as plain text; null without one. */
  summary: string | null;
}

/** A cluster's overview figures from its newest run with aggregates, as live refresh redraws them. */
export interface VigilClusterFigures extends ClusterFigures {
  /** When that run was collected. */
  collected_at: string;
  /** The scheduler check's newest message ("2451 of 2570 nodes usable; …"), beside its status (added later). */
  message?: string;
  /** Distinct users with jobs running or waiting; only when the scheduler's jobs were listed with owners (added later). */
  active_users?: number;
  /** The utilization gauges (CPU, GPU, memory allocation), by label, percent of the whole. */
  gauges: { label: string; percent: number; warn_above_percent: number }[];
  /** The node bar's segments in its order: each state, its kind (colour), count and share 0–100. */
  node_segments: { state: string; kind: string; count: number; percent: number }[];
  /**
   * Its login nodes' users and load (null: not counted), and the overview's line about them; only for
   * a cluster with a `login` check among its login nodes (added with the login check type).
   */
  login?: {
    up: number;
    total: number;
    users: number | null;
    nodes: { id: string; users: number | null; load: [number, number, number] | null }[];
  };
}

/**
 * What Vigil adds to summary.json under the `vigil` key. Statuspage's words cannot say "no data" or
 * "stale", so the pages' live refresh reads these instead; Statuspage clients ignore unknown
 * fields. Names follow the snake_case of the rest of the document.
 */
export interface VigilSummaryExtension {
  /** Version of this object's shape; fields are only ever added. */
  v: 1;
  /** When the site was built. */
  generated_at: string;
  /** The newest run of any collector; null with no data at all. */
  newest_data_at: string | null;
  /** The site's default stale-after (`site.staleAfter`); each check has its own in `components`. */
  stale_after_ms: number;
  /** How often an open page re-reads this document. */
  refresh_seconds: number;
  /** The shortest collection interval of the front page's checks (the site's when none has its own); each check's is in `components`. */
  interval_ms: number;
  /** The overall status in Vigil's words, "no_data" included. */
  status: ComponentStatus;
  /** Every check on the front page (disabled ones too), by id. */
  components: Record<string, VigilSummaryComponent>;
  /** Each front-page group; id null is "Other", the checks with no group. */
  groups: { id: string | null; status: ComponentStatus }[];
  /** What began on each of the front page's past days, newest first (added in a later build). */
  past_incidents?: VigilPastIncident[];
  /** Each slurm or pbs check's overview figures, by id; one without aggregates yet is left out (added later). */
  clusters?: Record<string, VigilClusterFigures>;
  /** Each service (`services:`) by id: its uptime, today's bar cell and facet messages (only when some are configured). */
  services?: Record<string, VigilSummaryService>;
}

/**
 * The shortest and longest interval of the checks still collected (of every check when none is),
 * the site's when there is no check: what "collected every …" says of a page.
 */
export function getIntervalRangeMs(
  components: readonly Pick<SiteModel['components'][number], 'intervalMs' | 'isEnabled'>[],
  siteIntervalMs: number,
): { shortestMs: number; longestMs: number } {
  const enabled = components.filter((component) => component.isEnabled);
  const intervals = (enabled.length > 0 ? enabled : components).map((component) => component.intervalMs);
  if (intervals.length === 0) return { shortestMs: siteIntervalMs, longestMs: siteIntervalMs };
  return { shortestMs: Math.min(...intervals), longestMs: Math.max(...intervals) };
}

/** The `vigil` object of summary.json for one build. */
export function buildVigilSummaryExtension(model: SiteModel): VigilSummaryExtension {
  const toIso = (epochMs: number | undefined) =>
    epochMs === undefined ? null : new Date(epochMs).toISOString();
  return {
    v: 1,
    generated_at: new Date(model.nowMs).toISOString(),
    newest_data_at: toIso(model.newestDataMs),
    stale_after_ms: model.staleAfterMs,
    refresh_seconds: model.site.refreshSeconds,
    interval_ms: getIntervalRangeMs(model.components, model.site.interval).shortestMs,
    status: model.overall,
    components: Object.fromEntries(
      model.components.map((component): [string, VigilSummaryComponent] => {
        return [
          component.id,
          {
            status: component.componentStatus,
            updated_at: toIso(component.latest?.t),
            stale_after_ms: component.staleAfterMs,
            interval_ms: component.intervalMs,
            fresh_status: component.freshness.fresh,
            stale_status: component.freshness.stale,
            counts: component.freshness.counts,
            ...toSummaryUptime(component),
            ...(component.places !== undefined &&
              component.verdict !== undefined && {
                quorum: { required: component.verdict.required, total: component.verdict.total },
                places: component.places.map(
                  (place): VigilSummaryPlace => ({
                    source: place.source,
                    name: place.name,
                    // The vote live refresh judges with: the stored status (not the maintenance-marked one
                    // the row shows, which would count as up), unknown when stale.
                    status: place.status === 'unknown' ? 'unknown' : place.freshness.status,
                    updated_at: toIso(place.latest?.t),
                    ms: place.latest?.result.ms ?? null,
                  }),
                ),
              }),
            ...(component.capacities !== undefined && {
              capacities: toCapacityEntries(
                component.type,
                component.latest?.result.metrics ?? {},
                component.capacities,
              ),
            }),
          },
        ];
      }),
    ),
    groups: model.groups.map((group) => ({ id: group.id ?? null, status: group.status })),
    ...(model.services.length > 0 && { services: toVigilServices(model.services) }),
  };
}

/** The front page's past days as `past_incidents`: one entry per incident or maintenance, newest first. */
export function toVigilPastIncidents(days: readonly IncidentDay[]): VigilPastIncident[] {
  return days.flatMap((day) =>
    day.incidents.map(({ incident, summary }) => ({
      id: incident.slug,
      name: incident.title,
      kind: incident.kind,
      impact: incident.impact,
      day: day.key,
      badge: incident.badgeLabel,
      phase: incident.phase,
      latest_status: incident.latestStatus,
      latest_at: new Date(incident.latestAtMs).toISOString(),
      summary: summary ?? null,
    })),
  );
}

/** Each cluster's overview figures as `clusters`: only clusters whose newest aggregates are readable. */
export function toVigilClusters(clusters: readonly ClusterModel[]): Record<string, VigilClusterFigures> {
  return Object.fromEntries(
    clusters.flatMap((cluster): [string, VigilClusterFigures][] => {
      const summary = cluster.summary;
      if (summary === undefined || cluster.collectedAtMs === undefined) return [];
      const { usable, total, down, drained, maintenance } = summary.resources.nodes;
      return [
        [
          cluster.id,
          {
            collected_at: new Date(cluster.collectedAtMs).toISOString(),
            ...(cluster.component.latest !== undefined && {
              message: cluster.component.latest.result.message,
            }),
            nodes: { usable, total, down, drained, maintenance },
            jobs:
              summary.jobs === null ? null : { running: summary.jobs.running, pending: summary.jobs.pending },
            ...(summary.jobs?.activeUsers !== undefined && { active_users: summary.jobs.activeUsers }),
            gauges: cluster.gauges.map((gauge) => ({
              label: gauge.label,
              percent: gauge.percent,
              warn_above_percent: gauge.warnAbovePercent,
            })),
            node_segments: cluster.nodeSegments.map(({ state, kind, count, percent }) => ({
              state,
              kind,
              count,
              percent,
            })),
            ...toVigilLogin(cluster),
          },
        ],
      ];
    }),
  );
}

/** The login figures of a cluster with a login check among its login nodes; nothing otherwise. */
function toVigilLogin(cluster: ClusterModel): Pick<VigilClusterFigures, 'login'> {
  const summary = cluster.loginSummary;
  if (summary === undefined) return {};
  const nodes = cluster.loginNodes.map((row) => ({
    id: row.component.id,
    users: row.users ?? null,
    load:
      row.load1 === undefined || row.load5 === undefined || row.load15 === undefined
        ? null
        : ([row.load1, row.load5, row.load15] as [number, number, number]),
  }));
  return { login: { up: summary.up, total: summary.total, users: summary.users ?? null, nodes } };
}
