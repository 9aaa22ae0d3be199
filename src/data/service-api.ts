// The services (`services:`) as documents: /api/vigil/status.json (each service with its facets and the
// ok / fail / total counts the service health list asks for) and summary.json's `vigil.services`, which
// the pages' live refresh reads to keep each card's uptime, today's bar cell and facet messages current.
import type { CheckStatus, ComponentStatus } from '../../core/model/index.ts';
import { COMPONENT_STATUS_PRESENTATION, toComponentStatus } from '../../core/model/index.ts';
import type { UptimeWindowKey } from './component-status.ts';
import { isServiceOk, type ServiceModel } from './service-model.ts';
import type { SiteModel } from './site-model.ts';
import { toSummaryUptime } from './summary-uptime.ts';
import type { VigilSummaryComponent } from './vigil-summary-extension.ts';

/** One facet in /api/vigil/status.json. */
export interface ServiceFacetDocument {
  id: string;
  name: string;
  /** The check type: http, tcp, systemd, process, … */
  type: string;
  /** Its own status now: up, degraded, down, maintenance, unknown (no current data). */
  status: CheckStatus;
  /** The same in the site's words: "Operational", "Major outage", "No data". */
  status_label: string;
  /** Up or degraded: it works. */
  ok: boolean;
  /** Its newest result's message ("HTTP 200 in 45 ms", "active (running)"); null when it never ran. */
  message: string | null;
  /** Its newest result's probe time, ms; null when it never ran. */
  ms: number | null;
  /** When its newest result was taken; null when it never ran. */
  last_checked: string | null;
  /** Its own page on this site (relative to the site's base). */
  path: string;
}

/** One service in /api/vigil/status.json. */
export interface ServiceDocument {
  id: string;
  name: string;
  /** Its group's id; null under "Other". */
  group: string | null;
  description: string | null;
  /** The roll-up of its facets: operational, degraded_performance, partial_outage, major_outage, under_maintenance, no_data. */
  status: ComponentStatus;
  status_label: string;
  /** Operational or degraded: it works. */
  ok: boolean;
  /** Facets up or degraded. */
  ok_count: number;
  /** Facets down. */
  fail_count: number;
  /** Facets under maintenance. */
  maintenance_count: number;
  /** Facets without current data. */
  no_data_count: number;
  /** Every facet: ok_count + fail_count + maintenance_count + no_data_count. */
  total: number;
  /** Uptime ratio of the service (any facet down counts as down); null without data in the window. */
  uptime: Record<UptimeWindowKey, number | null>;
  /** The newest result of any facet; null when none ran. */
  last_checked: string | null;
  path: string;
  facets: ServiceFacetDocument[];
}

/** /api/vigil/status.json: every service, and how many of them work. */
export interface ServiceStatusDocument {
  /** Version of this document's shape; fields are only ever added. */
  v: 1;
  generated_at: string;
  services: ServiceDocument[];
  /** Services operational or degraded. */
  ok_count: number;
  /** Services with a facet down (partial or major outage). */
  fail_count: number;
  /** Every service. */
  total: number;
}

/** What live refresh reads of one service in summary.json (`vigil.services`). */
export type VigilSummaryService = Pick<
  VigilSummaryComponent,
  'status' | 'uptime' | 'uptime_durations_ms' | 'today'
> & {
  /**
   * Each facet's newest result, in the card's order: its message and when it was taken (null when it never
   * ran; `updated_at` was added later).
   */
  facets: { id: string; message: string | null; updated_at?: string | null }[];
};

const toIso = (epochMs: number | undefined): string | null =>
  epochMs === undefined ? null : new Date(epochMs).toISOString();

const pickUptime = (service: Pick<ServiceModel, 'uptime'>) => ({
  '24h': service.uptime['24h'].ratio,
  '7d': service.uptime['7d'].ratio,
  '30d': service.uptime['30d'].ratio,
});

/** The document of /api/vigil/status.json. */
export function buildServiceStatusDocument(
  model: Pick<SiteModel, 'nowMs' | 'services'>,
): ServiceStatusDocument {
  const services = model.services.map(toServiceDocument);
  const okCount = services.filter((service) => service.ok).length;
  const failCount = services.filter(
    (service) => service.status === 'partial_outage' || service.status === 'major_outage',
  ).length;
  return {
    v: 1,
    generated_at: new Date(model.nowMs).toISOString(),
    services,
    ok_count: okCount,
    fail_count: failCount,
    total: services.length,
  };
}

function toServiceDocument(service: ServiceModel): ServiceDocument {
  return {
    id: service.id,
    name: service.name,
    group: service.groupId ?? null,
    description: service.description ?? null,
    status: service.componentStatus,
    status_label: service.statusLabel,
    ok: isServiceOk(service.componentStatus),
    ok_count: service.counts.ok,
    fail_count: service.counts.fail,
    maintenance_count: service.counts.maintenance,
    no_data_count: service.counts.noData,
    total: service.counts.total,
    uptime: pickUptime(service),
    last_checked: toIso(service.newestMs),
    path: `components/${service.id}/`,
    facets: service.facets.map((facet, index): ServiceFacetDocument => {
      const status = service.facetStatuses[index] ?? 'unknown';
      return {
        id: facet.id,
        name: facet.name,
        type: facet.type,
        status,
        status_label: COMPONENT_STATUS_PRESENTATION[toComponentStatus(status)].label,
        ok: status === 'up' || status === 'degraded',
        message: facet.latest?.result.message ?? null,
        ms: facet.latest?.result.ms ?? null,
        last_checked: toIso(facet.latest?.t),
        path: `components/${facet.id}/`,
      };
    }),
  };
}

/** summary.json's `vigil.services`: each service's figures by id, for live refresh. */
export function toVigilServices(services: readonly ServiceModel[]): Record<string, VigilSummaryService> {
  return Object.fromEntries(
    services.map((service): [string, VigilSummaryService] => {
      return [
        service.id,
        {
          status: service.componentStatus,
          ...toSummaryUptime(service),
          facets: service.facets.map((facet) => ({
            id: facet.id,
            message: facet.latest?.result.message ?? null,
            updated_at: toIso(facet.latest?.t),
          })),
        },
      ];
    }),
  );
}
