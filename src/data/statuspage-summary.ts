import { createHash } from 'node:crypto';
import { toUtcDay } from '../../core/history/utc-day.ts';
import { stripMarkup } from '../../core/incidents/plain-text.ts';
import type { ComponentStatus, SiteSettings } from '../../core/model/index.ts';
import { COMPONENT_STATUS_PRESENTATION } from '../../core/model/index.ts';
import { getClusters } from './clusters.ts';
import { getConfig } from './config.ts';
import { listSummaryIncidents } from './incident-api.ts';
import { listIncidentDays } from './incident-days.ts';
import { getIncidents } from './incidents.ts';
import type { ServiceModel } from './service-model.ts';
import { type ComponentModel, getSiteModel, type SiteModel } from './site-model.ts';
import type {
  StatuspageComponent,
  StatuspageComponentStatus,
  StatuspageIndicator,
  StatuspageSummary,
} from './statuspage-types.ts';
import {
  buildVigilSummaryExtension,
  toVigilClusters,
  toVigilPastIncidents,
} from './vigil-summary-extension.ts';

/**
 * Statuspage has no "unknown" component status. No data (no result, or only stale ones) becomes
 * degraded_performance: we can no longer vouch for the component, which is a warning to look, not
 * proof of an outage; operational would hide a dead collector. The page indicator does the same
 * (minor), while its description still says "No data".
 */
export function toStatuspageComponentStatus(status: ComponentStatus): StatuspageComponentStatus {
  return status === 'no_data' ? 'degraded_performance' : status;
}

const INDICATOR_BY_STATUS = {
  operational: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
  under_maintenance: 'maintenance',
  no_data: 'minor',
} as const satisfies Record<ComponentStatus, StatuspageIndicator>;

/** Group components get ids no check can have (":" is not allowed in ids), so the two never clash. */
export function toGroupComponentId(groupId: string): string {
  return `group:${groupId}`;
}

/**
 * The summary for one build. Disabled checks are left out: they are no longer monitored, and any
 * status we gave them would mislead a client that cannot read our "No data".
 */
export function buildStatuspageSummary(model: SiteModel, pageUrl: string): StatuspageSummary {
  const pageId = resolvePageId(model.site);
  const fallbackTime = new Date(model.nowMs).toISOString();
  const toComponent = (
    component: ComponentModel,
    position: number,
    groupId: string | null,
  ): StatuspageComponent => ({
    id: component.id,
    name: component.name,
    status: toStatuspageComponentStatus(component.componentStatus),
    created_at: toIsoOr(component.firstSeenMs, fallbackTime),
    updated_at: toIsoOr(component.latest?.t, fallbackTime),
    position,
    description: component.description === undefined ? null : stripMarkup(component.description),
    showcase: true,
    start_date: component.firstSeenMs === undefined ? null : toUtcDay(component.firstSeenMs),
    group_id: groupId,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  });

  // A service is one component, listed before the group's other checks as its card is; its facets are
  // not listed on their own (the front page shows them in the card).
  const toServiceComponent = (
    service: ServiceModel,
    position: number,
    groupId: string | null,
  ): StatuspageComponent => ({
    id: service.id,
    name: service.name,
    status: toStatuspageComponentStatus(service.componentStatus),
    created_at: toIsoOr(service.firstSeenMs, fallbackTime),
    updated_at: toIsoOr(service.newestMs, fallbackTime),
    position,
    description: service.description === undefined ? null : stripMarkup(service.description),
    showcase: true,
    start_date: service.firstSeenMs === undefined ? null : toUtcDay(service.firstSeenMs),
    group_id: groupId,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  });

  const components: StatuspageComponent[] = [];
  let topPosition = 0;
  for (const group of model.groups) {
    const enabled = group.components.filter((component) => component.isEnabled);
    const services = group.services.filter((service) => service.facets.some((facet) => facet.isEnabled));
    const children = enabled.filter((component) => component.serviceId === undefined);
    if (enabled.length === 0) continue;
    if (group.id === undefined) {
      for (const service of services) components.push(toServiceComponent(service, ++topPosition, null));
      for (const child of children) components.push(toComponent(child, ++topPosition, null));
      continue;
    }
    const id = toGroupComponentId(group.id);
    const firstSeen = enabled.map((child) => child.firstSeenMs).filter((t) => t !== undefined);
    const lastSeen = enabled.map((child) => child.latest?.t).filter((t) => t !== undefined);
    components.push({
      id,
      name: group.name,
      status: toStatuspageComponentStatus(group.status),
      created_at: toIsoOr(firstSeen.length > 0 ? Math.min(...firstSeen) : undefined, fallbackTime),
      updated_at: toIsoOr(lastSeen.length > 0 ? Math.max(...lastSeen) : undefined, fallbackTime),
      position: ++topPosition,
      description: group.description === undefined ? null : stripMarkup(group.description),
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: pageId,
      group: true,
      only_show_if_degraded: false,
      components: [...services.map((service) => service.id), ...children.map((child) => child.id)],
    });
    services.forEach((service, index) => {
      components.push(toServiceComponent(service, index + 1, id));
    });
    children.forEach((child, index) => {
      components.push(toComponent(child, services.length + index + 1, id));
    });
  }

  return {
    page: {
      id: pageId,
      name: model.site.title,
      url: pageUrl,
      // The zone the page shows its times in (`site.timeZone`); the API's timestamps are UTC ISO.
      time_zone: model.site.timeZone === 'UTC' ? 'Etc/UTC' : model.site.timeZone,
      updated_at: toIsoOr(model.newestDataMs, fallbackTime),
    },
    status: {
      indicator: INDICATOR_BY_STATUS[model.overall],
      description: COMPONENT_STATUS_PRESENTATION[model.overall].label,
    },
    components,
    incidents: [],
    scheduled_maintenances: [],
    vigil: buildVigilSummaryExtension(model),
  };
}

/** The summary of this build; the page URL is absolute when `site.url` is set, else the base path. */
export async function getStatuspageSummary(): Promise<StatuspageSummary> {
  const [config, model] = await Promise.all([getConfig(), getSiteModel()]);
  const pageUrl =
    config.site.url === undefined ? config.site.base : new URL(config.site.base, config.site.url).href;
  const summary = buildStatuspageSummary(model, pageUrl);
  const [incidents, clusters] = await Promise.all([getIncidents(), getClusters()]);
  return {
    ...summary,
    ...(await listSummaryIncidents(summary)),
    vigil: {
      ...summary.vigil,
      past_incidents: toVigilPastIncidents(listIncidentDays(incidents, model.nowMs)),
      clusters: toVigilClusters(clusters),
    },
  };
}

function toIsoOr(epochMs: number | undefined, fallback: string): string {
  return epochMs === undefined ? fallback : new Date(epochMs).toISOString();
}

/** The page id without `site.pageId` and `site.url`: the same on every such site, never the title's. */
export const FALLBACK_PAGE_ID = 'status';

/**
 * The Statuspage API's `page.id`: `site.pageId` (vigil init writes one); else 12 characters of a
 * SHA-256 of the page's address (`site.url` + `site.base`), which a new title never moves; else
 * FALLBACK_PAGE_ID. `vigil validate` warns while `site.pageId` is missing.
 */
export function resolvePageId(site: Pick<SiteSettings, 'pageId' | 'url' | 'base'>): string {
  if (site.pageId !== undefined) return site.pageId;
  if (site.url === undefined) return FALLBACK_PAGE_ID;
  const digest = createHash('sha256').update(new URL(site.base, site.url).href).digest();
  // Base 36 of the first 8 bytes: lowercase letters and digits, as Statuspage's own ids.
  return digest.readBigUInt64BE(0).toString(36).padStart(13, '0').slice(-12);
}
