import {
  type CheckFreshness,
  getStaleAfterMs,
  judgeCheckStatus,
  judgePlacesAt,
  judgeStatus,
  type PlaceFreshness,
} from '../../core/history/freshness.ts';
import type { PlaceVerdict } from '../../core/history/place-judge.ts';
import { markMaintenanceRuns, type RunSeries, toRunSeries } from '../../core/history/run-series.ts';
import { buildStatusOverlay, markMaintenanceSamples } from '../../core/incidents/status-overlay.ts';
import { getCheckIntervalMs } from '../../core/model/check-schedule.ts';
import {
  type Capacities,
  type Check,
  type CheckStatus,
  type ComponentStatus,
  type Config,
  type Facts,
  type Group,
  type Incident,
  listCapacities,
  type RollupLine,
  type SiteSettings,
  type SnapshotLine,
  toComponentStatus,
} from '../../core/model/index.ts';
import type { HealRecord } from '../../core/results/heal-record.ts';
import { cachePerBuild } from './build-cache.ts';
import { computeUptimes, deriveCurrentStatus, type UptimeByWindow } from './component-status.ts';
import { expandComposeServices } from './compose-services.ts';
import { getConfig } from './config.ts';
import { buildDailyCells, type DailyCell } from './daily-bars.ts';
import {
  type CheckHistory,
  EMPTY_CHECK_HISTORY,
  indexSnapshotLines,
  listPlacedIds,
  RECENT_RESULT_COUNT,
  type RunIndex,
} from './day-parts.ts';
import { type CheckSample, getDayFoldSettings, getHistory, indexRollupsByCheck } from './history.ts';
import { getPublishedIncidentRecords } from './incident-records.ts';
import { derivePlacedHistory, indexPlaceRollups, type PlaceRollupLine } from './place-model.ts';
import { deriveServiceModels, type ServiceModel } from './service-model.ts';

/** One check as the site shows it. */
export interface ComponentModel {
  id: string;
  name: string;
  description: string | undefined;
  type: Check['type'];
  groupId: string | undefined;
  /** A Compose service shown on its own: the docker check it belongs to (see compose-services.ts). */
  parentId: string | undefined;
  /** The service (`services:`) it is a facet of, or its docker check is: shown in that card, not as a row. */
  serviceId?: string;
  /** false: no longer collected, but its history stays visible. */
  isEnabled: boolean;
  status: CheckStatus;
  componentStatus: ComponentStatus;
  /** There is a newest result, but it is too old to vouch for now. */
  isStale: boolean;
  /** A disabled check that never ran: listed as "Disabled", and it does not colour its group. */
  isDisabledWithoutData: boolean;
  /** How old its newest result may be before it shows "No data" (the core rule). */
  staleAfterMs: number;
  /** How often it runs: its own interval, else site.interval (core/model/check-schedule.ts). */
  intervalMs: number;
  /** What the browser needs to judge this check again by its own clock. */
  freshness: CheckFreshness;
  latest: CheckSample | undefined;
  /** The oldest retained result, epoch ms. */
  firstSeenMs: number | undefined;
  uptime: UptimeByWindow;
  /** Every retained run, oldest first, as columns (time, status, probe time, metrics). */
  runs: RunSeries;
  /** The newest results in full (RECENT_RESULT_COUNT), oldest first. */
  recent: readonly CheckSample[];
  /** Every retained result in full, for the types whose pages read each run (slurm, pbs); else undefined. */
  fullSamples: readonly CheckSample[] | undefined;
  /** The newest run of its heal command within the retained results. */
  lastHeal: HealRecord | undefined;
  /** Its `facts:` (a configuration summary) as written; absent when it has none, and for a Compose service. */
  facts?: Facts;
  /** Its capacity metrics (`max:` / `of:` on a recorded metric, `capacities:`); absent when it declares none. */
  capacities?: Capacities;
  /** Its daily rollups (days older than the retained results), oldest first: the long chart ranges. */
  rollups: readonly RollupLine[];
  /** The last 90 UTC days, oldest first, for the front page's bar. */
  dailyCells: DailyCell[];
  /**
   * A check seen from several places (`sources`): each place, in config order. Its `runs`, status,
   * uptime and bar above are then the judged ones (core/history/place-judge.ts).
   */
  places?: PlaceModel[];
  /** What the places said at build time: the note under the status ("down from 1 of 3 places"). */
  verdict?: PlaceVerdict;
}

/** One place of a multi-place check, as it saw the target. */
export interface PlaceModel {
  source: string;
  /** The source's name from config (`sources[].name`), else its id. */
  name: string;
  /** The place's own current status at build time: its newest stored status; unknown when stale or never ran. */
  status: CheckStatus;
  freshness: PlaceFreshness;
  latest: CheckSample | undefined;
  /** Its own retained runs: the per-place latency chart. */
  runs: RunSeries;
  rollups: readonly RollupLine[];
  uptime: UptimeByWindow;
}

/** A heading on the front page with its components; `id` is undefined for "Other" (checks with no group). */
export interface GroupModel {
  id: string | undefined;
  name: string;
  description: string | undefined;
  isCollapsed: boolean;
  status: ComponentStatus;
  /** Its checks, a service's facets among them (in the service's group, whatever their own `group`). */
  components: ComponentModel[];
  /** Its services (`services:`), in config order: each one card in place of its facets' rows. */
  services: ServiceModel[];
}

export interface SiteModel {
  site: SiteSettings;
  nowMs: number;
  /** The site-wide default (`site.staleAfter`); a check's own is `ComponentModel.staleAfterMs`. */
  staleAfterMs: number;
  /** The newest run of any source, epoch ms; undefined with no data at all. */
  newestDataMs: number | undefined;
  overall: ComponentStatus;
  groups: GroupModel[];
  /** Every configured check in config order, each docker check with expandServices followed by its services. */
  components: ComponentModel[];
  /** Every configured service (`services:`), in config order. */
  services: ServiceModel[];
}

export interface SiteModelInput {
  config: Config;
  /** The runs as a build reads them (getHistory)… */
  runs?: RunIndex;
  /** …or lines held in memory (tests), indexed here the same way. */
  snapshots?: readonly SnapshotLine[];
  /** The daily rollups; a multi-place check's are told apart by their `source` (as read from data/rollups/). */
  rollups: readonly PlaceRollupLine[];
  nowMs: number;
  /** Published incidents and maintenance: they override statuses, and maintenance time is not downtime. */
  incidents?: readonly Incident[];
}

/** Current status, uptime and grouping of every check, from the config and the runs read. */
export function deriveSiteModel({
  config,
  runs: read,
  snapshots = [],
  rollups,
  nowMs,
  incidents = [],
}: SiteModelInput): SiteModel {
  const placedIds = listPlacedIds(config);
  const runs = read ?? indexSnapshotLines(snapshots, getDayFoldSettings(config), undefined, placedIds);
  const expanded = expandComposeServices(config.checks, listFullSamples(runs));
  const rollupsByCheck = indexRollupsByCheck(rollups);
  const rollupsByPlace = indexPlaceRollups(rollups, placedIds);
  const sourceNames = new Map(config.sources.map((source) => [source.id, source.name]));
  const overlay = buildStatusOverlay(incidents, config, nowMs);
  const disabledSources = new Set(config.sources.filter((s) => !s.enabled).map((s) => s.id));
  const serviceOf = new Map(config.services.flatMap((service) => service.checks.map((id) => [id, service])));
  const components = expanded.checks.map((check): ComponentModel => {
    const parentId = expanded.parentOf.get(check.id);
    // A service is under the maintenance and incidents of its docker check.
    const overlayId = parentId ?? check.id;
    const windows = overlay.getMaintenanceWindows(overlayId);
    const staleAfterMs = getStaleAfterMs(check, config.site);
    const clock = { nowMs, staleAfterMs };
    // A check seen from several places: its runs, status, uptime and bar are the judged ones.
    const placed =
      parentId === undefined && check.sources !== undefined && check.quorum !== undefined
        ? derivePlacedHistory({
            sources: check.sources,
            quorum: check.quorum,
            histories: runs.places.get(check.id),
            rollups: rollupsByPlace.get(check.id),
            sourceNames,
            windows,
            clock,
          })
        : undefined;
    const history =
      placed?.history ??
      (parentId === undefined
        ? (runs.checks.get(check.id) ?? EMPTY_CHECK_HISTORY)
        : toCheckHistory(expanded.samplesByCheck.get(check.id) ?? []));
    const series = markMaintenanceRuns(history.series, windows);
    const recent = markMaintenanceSamples(history.recent, windows);
    const current = deriveCurrentStatus(recent, clock);
    const isEnabled = check.enabled && !disabledSources.has(check.source);
    const freshness: CheckFreshness = {
      newestMs: current.latest?.t ?? null,
      staleAfterMs,
      fresh: overlay.getStatus(overlayId, current.latest?.result.status ?? 'unknown'),
      stale: overlay.getStatus(overlayId, 'unknown'),
      counts: isEnabled || series.length > 0,
    };
    let verdict: PlaceVerdict | undefined;
    if (placed !== undefined) {
      freshness.places = placed.placeFreshness;
      freshness.quorum = placed.quorum;
      verdict = judgePlacesAt(freshness, nowMs);
      freshness.fresh = overlay.getStatus(overlayId, verdict?.status ?? 'unknown');
    }
    const status = judgeCheckStatus(freshness, nowMs);
    const checkRollups = placed?.rollups ?? rollupsByCheck.get(check.id) ?? [];
    // A facet is listed in its service's group: the card stands there, so its status counts there.
    const service = serviceOf.get(parentId ?? check.id);
    return {
      id: check.id,
      name: check.name,
      description: check.description,
      type: check.type,
      groupId: service === undefined ? check.group : service.group,
      parentId,
      ...(service !== undefined && { serviceId: service.id }),
      isEnabled,
      status,
      componentStatus: toComponentStatus(status),
      isStale: current.isStale,
      isDisabledWithoutData: !freshness.counts,
      staleAfterMs,
      intervalMs: getCheckIntervalMs(check, config.site),
      freshness,
      latest: current.latest,
      firstSeenMs: series.length > 0 ? series.t[0] : undefined,
      uptime: computeUptimes(series, checkRollups, clock),
      runs: series,
      recent,
      fullSamples: history.full === undefined ? undefined : markMaintenanceSamples(history.full, windows),
      lastHeal: history.heal?.record,
      ...(parentId === undefined && check.facts !== undefined && { facts: check.facts }),
      ...withCapacities(parentId === undefined ? check : undefined),
      rollups: checkRollups,
      dailyCells: buildDailyCells(series, checkRollups, clock),
      ...(placed !== undefined && { places: placed.places }),
      ...(verdict !== undefined && { verdict }),
    };
  });
  const services = deriveServiceModels(config.services, components, nowMs);
  return {
    site: config.site,
    nowMs,
    staleAfterMs: config.site.staleAfter,
    newestDataMs: runs.newestDataMs,
    // Services are counted once, through their docker check.
    overall: judgeStatus(countedFreshness(components), nowMs).status,
    groups: groupComponents(config.groups, components, services, nowMs),
    components,
    services,
  };
}

/** The checks whose every result is kept in full (docker checks among them expand into services). */
function listFullSamples(runs: RunIndex): Map<string, CheckSample[]> {
  const full = new Map<string, CheckSample[]>();
  for (const [id, history] of runs.checks) if (history.full !== undefined) full.set(id, history.full);
  return full;
}

/** A Compose service's history, drawn from its docker check's results. */
// A check's capacity declarations (its `capacities:` and `max`/`of` on its JSON metrics), when it has any.
function withCapacities(check: Check | undefined): { capacities?: Capacities } {
  if (check === undefined) return {};
  const capacities = listCapacities({
    capacities: check.capacities,
    ...('json' in check && { json: check.json }),
  });
  return capacities === undefined ? {} : { capacities };
}

function toCheckHistory(samples: readonly CheckSample[]): CheckHistory {
  return {
    series: toRunSeries(samples),
    recent: samples.slice(-RECENT_RESULT_COUNT),
    heal: undefined,
    full: undefined,
  };
}

/** Configured groups in config order (empty ones left out), then "Other" when some checks have no group. */
function groupComponents(
  groups: readonly Group[],
  components: readonly ComponentModel[],
  services: readonly ServiceModel[],
  nowMs: number,
): GroupModel[] {
  const toGroup = (group: Omit<GroupModel, 'status'>): GroupModel => ({
    ...group,
    status: judgeStatus(countedFreshness(group.components), nowMs).status,
  });
  const configured = groups.map((group) =>
    toGroup({
      id: group.id,
      name: group.name,
      description: group.description,
      isCollapsed: group.collapsed,
      components: components.filter((component) => component.groupId === group.id),
      services: services.filter((service) => service.groupId === group.id),
    }),
  );
  const ungrouped = components.filter((component) => component.groupId === undefined);
  const other =
    ungrouped.length > 0
      ? [
          toGroup({
            id: undefined,
            name: 'Other',
            description: undefined,
            isCollapsed: false,
            components: ungrouped,
            services: services.filter((service) => service.groupId === undefined),
          }),
        ]
      : [];
  return [...configured.filter((group) => group.components.length > 0), ...other];
}

/** The checks a roll-up counts: services are counted once, through their docker check. */
export function countedFreshness(components: readonly ComponentModel[]): CheckFreshness[] {
  return components.filter((c) => c.parentId === undefined).map((c) => c.freshness);
}

/** The site model of this build: data/ is read and derived once, whatever number of pages asks. */
export const getSiteModel = cachePerBuild(async (): Promise<SiteModel> => {
  const [config, history, records] = await Promise.all([
    getConfig(),
    getHistory(),
    getPublishedIncidentRecords(),
  ]);
  return deriveSiteModel({
    config,
    runs: history.runs,
    rollups: history.rollups,
    nowMs: history.nowMs,
    incidents: records.map((record) => record.incident),
  });
});
