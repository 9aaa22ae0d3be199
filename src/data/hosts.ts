import { getSourceStaleAfterMs, isDataStale } from '../../core/history/freshness.ts';
import { getCheckPlaces, isMultiPlace, runsOn } from '../../core/model/check-places.ts';
import { type Agent, type Config, toComponentStatus } from '../../core/model/index.ts';
import { type HostMetrics, readHostFilesystemMetric } from '../../core/results/host.ts';
import { describeResultProblem, readResult } from '../../core/results/index.ts';
import { cachePerBuild } from './build-cache.ts';
import { getConfig } from './config.ts';
import type { RunHead } from './day-parts.ts';
import { getHistory } from './history.ts';
import { localizeMetricLabel, localizeTerm } from './metric-words.ts';
import { type ComponentModel, getSiteModel, type SiteModel } from './site-model.ts';

export interface Gauge {
  label: string;
  /** 0–100. */
  percent: number;
  /** Past this the gauge reads as a warning. */
  warnAbovePercent: number;
}

/** One collector (source): where it runs, when it was last heard from, and its host's figures. */
export interface HostModel {
  source: string;
  name: string;
  description: string | undefined;
  /** The newest run's start, epoch ms. */
  lastSeenMs: number | undefined;
  agent: Agent | undefined;
  lastRunDurationMs: number | undefined;
  /** Its newest run is older than staleAfterMs (the core rule): its checks' statuses are out of date. */
  isStale: boolean;
  /** The shortest staleAfter of the checks it runs (site.staleAfter when it runs none). */
  staleAfterMs: number;
  /** `enabled: false` in config: retired, so not reporting is expected, not stale. */
  isEnabled: boolean;
  /** Every check this source runs (config), with its site status (a multi-place check's: this place's own). */
  components: ComponentModel[];
  /** The multi-place checks among `components`: their status is this place's own, not the judged one. */
  placedIds: ReadonlySet<string>;
  /** Host checks of this source with gauges from their newest result. */
  hostChecks: HostCheckModel[];
}

export interface HostCheckModel {
  component: ComponentModel;
  gauges: Gauge[];
  /** Why the newest result does not read as a host result (another version wrote it); no gauges then. */
  unreadable: string | undefined;
}

/** Every source the config names or the data holds, in config order then by name. */
export function deriveHosts(
  config: Config,
  newestBySource: ReadonlyMap<string, RunHead>,
  model: SiteModel,
): HostModel[] {
  const configured = config.sources.map((source) => source.id);
  const usedByChecks = config.checks.flatMap((check) => getCheckPlaces(check));
  const seen = [...newestBySource.keys()].sort();
  const sourceIds = [...new Set([...configured, ...usedByChecks, ...seen])];
  return sourceIds.map((source) => {
    const settings = config.sources.find((s) => s.id === source);
    const newest = newestBySource.get(source);
    const lastSeenMs = newest?.t;
    const itsChecks = config.checks.filter((check) => runsOn(check, source));
    const checkIds = new Set(itsChecks.map((check) => check.id));
    const components = model.components
      .filter((component) => checkIds.has(component.id))
      .map((component) => viewFromPlace(component, source, model.nowMs));
    const staleAfterMs = getSourceStaleAfterMs(itsChecks, config.site);
    return {
      source,
      name: settings?.name ?? source,
      description: settings?.description,
      lastSeenMs,
      agent: newest?.agent,
      lastRunDurationMs: newest?.durationMs,
      isEnabled: settings?.enabled ?? true,
      isStale:
        (settings?.enabled ?? true) &&
        (lastSeenMs === undefined || isDataStale(lastSeenMs, staleAfterMs, model.nowMs)),
      staleAfterMs,
      components,
      placedIds: new Set(itsChecks.filter((check) => isMultiPlace(check)).map((check) => check.id)),
      hostChecks: components.filter((component) => component.type === 'host').map(readHostCheck),
    };
  });
}

/**
 * A multi-place check as one of its places saw it: that place's own status, newest result, runs and
 * uptime (the component page has the judged one); any other check as it is.
 */
export function viewFromPlace(component: ComponentModel, source: string, nowMs: number): ComponentModel {
  const place = component.places?.find((candidate) => candidate.source === source);
  if (place === undefined) return component;
  const { places: _places, verdict: _verdict, ...rest } = component;
  return {
    ...rest,
    status: place.status,
    componentStatus: toComponentStatus(place.status),
    isStale: isDataStale(place.freshness.newestMs, component.staleAfterMs, nowMs),
    freshness: {
      newestMs: place.freshness.newestMs,
      staleAfterMs: component.staleAfterMs,
      fresh: place.freshness.status,
      stale: 'unknown',
      counts: component.freshness.counts,
    },
    latest: place.latest,
    runs: place.runs,
    rollups: place.rollups,
    uptime: place.uptime,
  };
}

function readHostCheck(component: ComponentModel): HostCheckModel {
  const latest = component.latest;
  if (latest === undefined) return { component, gauges: [], unreadable: undefined };
  const reading = readResult('host', latest.result);
  if (!reading.success) return { component, gauges: [], unreadable: describeResultProblem(reading.error) };
  return { component, gauges: buildHostGauges(reading.data.metrics), unreadable: undefined };
}

/** CPU, load per core, memory, swap and each filesystem as percentages, named as the metric vocabulary names them. */
export function buildHostGauges(metrics: HostMetrics): Gauge[] {
  const gauges: Gauge[] = [];
  const add = (label: string, percent: number | undefined, warnAbovePercent: number) => {
    if (percent !== undefined && Number.isFinite(percent)) {
      gauges.push({ label, percent: Math.max(0, Math.min(100, percent)), warnAbovePercent });
    }
  };
  add(localizeMetricLabel('host', 'cpuPercent'), metrics.cpuPercent, 90);
  const cores = metrics.cpuCores;
  if (metrics.load1 !== undefined && cores !== undefined && cores > 0)
    add(localizeTerm('Load per core'), (metrics.load1 / cores) * 100, 100);
  add(localizeMetricLabel('host', 'memUsedPercent'), metrics.memUsedPercent, 90);
  const swapTotal = metrics.swapTotalBytes;
  if (swapTotal !== undefined && swapTotal > 0 && metrics.swapUsedBytes !== undefined) {
    add(localizeTerm('Swap usage'), (metrics.swapUsedBytes / swapTotal) * 100, 50);
  }
  for (const [name, value] of Object.entries(metrics)) {
    const filesystem = readHostFilesystemMetric(name);
    if (filesystem?.field === 'usedPercent') add(localizeMetricLabel('host', name), value, 90);
  }
  return gauges;
}

/** The hosts of this build, derived once. */
export const getHosts = cachePerBuild(async (): Promise<HostModel[]> => {
  const [config, history, model] = await Promise.all([getConfig(), getHistory(), getSiteModel()]);
  return deriveHosts(config, history.runs.newestBySource, model);
});
