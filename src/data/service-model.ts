// A service (`services:` in the config): several checks shown as one card. Its status is the roll-up of
// its facets' (judgeStatus, the rule groups use); its uptime and 90-day bar come from one judged history
// of its facets' runs (core/history/judge-run-series.ts with one facet enough to decide: the worst facet
// at each instant), read by the same uptime and bar code every check's runs go through.
import { describeJudgedStatus, judgeCheckStatus, judgeStatus } from '../../core/history/freshness.ts';
import { estimateJudgedRollups } from '../../core/history/judge-rollups.ts';
import { judgeRunSeriesOnce } from '../../core/history/judge-run-series.ts';
import type { RunSeries } from '../../core/history/run-series.ts';
import {
  type CheckStatus,
  COMPONENT_STATUS_PRESENTATION,
  type ComponentStatus,
  type RollupLine,
  type Service,
} from '../../core/model/index.ts';
import { computeUptimes, type UptimeByWindow } from './component-status.ts';
import { buildDailyCells, type DailyCell } from './daily-bars.ts';
import type { ComponentModel } from './site-model.ts';

/** The `worst` rule in judgeRunSeries' terms: one facet saying down (or degraded) decides it. */
const WORST_FACET_DECIDES = 1;

/** How many facets are fine, failing, or neither right now: the counts of /api/vigil/status.json. */
export interface FacetCounts {
  /** Facets up or degraded (working, if slowly). */
  ok: number;
  /** Facets down. */
  fail: number;
  /** Facets under maintenance. */
  maintenance: number;
  /** Facets without current data (never ran, or their newest result is stale). */
  noData: number;
  total: number;
}

/** One service as the site shows it. */
export interface ServiceModel {
  id: string;
  name: string;
  description: string | undefined;
  groupId: string | undefined;
  rollup: Service['rollup'];
  /** Its checks, in the order `checks` lists them (a facet whose check is gone is left out by the config). */
  facets: ComponentModel[];
  /** Each facet's own status at build time, in `facets` order (judged by the core freshness rule). */
  facetStatuses: CheckStatus[];
  /** The roll-up of its facets at build time: the card's status. */
  componentStatus: ComponentStatus;
  /** Its status in words: "Partial outage", "No data for 2 h". */
  statusLabel: string;
  counts: FacetCounts;
  /** The newest result of any facet, epoch ms. */
  newestMs: number | undefined;
  /** The oldest retained result of any facet, epoch ms. */
  firstSeenMs: number | undefined;
  /** The longest staleAfter of its facets: how long one judged run vouches for. */
  staleAfterMs: number;
  /** The facets' runs judged as one: at each instant the worst current facet (see judgeRunSeries). */
  runs: RunSeries;
  /** Days older than the retained runs, estimated from the facets' rollups (judge-rollups.ts). */
  rollups: readonly RollupLine[];
  uptime: UptimeByWindow;
  /** The last 90 UTC days, oldest first, for its card's bar. */
  dailyCells: DailyCell[];
}

/** Every configured service, in config order, from the components of the site model. */
export function deriveServiceModels(
  services: readonly Service[],
  components: readonly ComponentModel[],
  nowMs: number,
): ServiceModel[] {
  const byId = new Map(components.map((component) => [component.id, component]));
  return services.map((service) =>
    deriveServiceModel(
      service,
      service.checks.flatMap((id) => byId.get(id) ?? []),
      nowMs,
    ),
  );
}

/** One service from its facets' components (their runs already marked for maintenance). */
export function deriveServiceModel(
  service: Service,
  facets: readonly ComponentModel[],
  nowMs: number,
): ServiceModel {
  const judged = judgeStatus(
    facets.map((facet) => facet.freshness),
    nowMs,
  );
  const facetStatuses = facets.map((facet) => judgeCheckStatus(facet.freshness, nowMs));
  const staleAfterMs = Math.max(0, ...facets.map((facet) => facet.staleAfterMs));
  const clock = { nowMs, staleAfterMs };
  const runs = judgeRunSeriesOnce(
    facets.map((facet) => facet.runs),
    { staleAfterMs, required: WORST_FACET_DECIDES },
  );
  const rollups = estimateJudgedRollups(
    facets.map((facet) => facet.rollups),
    WORST_FACET_DECIDES,
  );
  const newest = facets.flatMap((facet) => (facet.latest === undefined ? [] : [facet.latest.t]));
  const firstSeen = facets.flatMap((facet) => (facet.firstSeenMs === undefined ? [] : [facet.firstSeenMs]));
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    groupId: service.group,
    rollup: service.rollup,
    facets: [...facets],
    facetStatuses,
    componentStatus: judged.status,
    statusLabel: describeJudgedStatus(judged, COMPONENT_STATUS_PRESENTATION[judged.status].label),
    counts: countFacets(facetStatuses),
    newestMs: newest.length > 0 ? Math.max(...newest) : undefined,
    firstSeenMs: firstSeen.length > 0 ? Math.min(...firstSeen) : undefined,
    staleAfterMs,
    runs,
    rollups,
    uptime: computeUptimes(runs, rollups, clock),
    dailyCells: buildDailyCells(runs, rollups, clock),
  };
}

/** How many facets are ok (up or degraded), failing (down), under maintenance, or without data. */
export function countFacets(statuses: readonly CheckStatus[]): FacetCounts {
  const counts: FacetCounts = { ok: 0, fail: 0, maintenance: 0, noData: 0, total: statuses.length };
  for (const status of statuses) {
    if (status === 'up' || status === 'degraded') counts.ok += 1;
    else if (status === 'down') counts.fail += 1;
    else if (status === 'maintenance') counts.maintenance += 1;
    else counts.noData += 1;
  }
  return counts;
}

/** Whether a service counts as working in the ok/fail counts: operational or degraded, not an outage. */
export function isServiceOk(status: ComponentStatus): boolean {
  return status === 'operational' || status === 'degraded_performance';
}
