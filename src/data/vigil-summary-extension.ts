import type { CheckStatus, ComponentStatus } from '../../core/model/index.ts';
import type { UptimeWindowKey } from './component-status.ts';
import type { SiteModel } from './site-model.ts';

/** One check as live refresh needs it: enough to judge it again by the reader's clock and redraw its row. */
export interface VigilSummaryComponent {
  /** Its status as judged at build time, "no_data" included. */
  status: ComponentStatus;
  /** Its newest result; null when it never ran. */
  updated_at: string | null;
  /** Its newest result older than this shows "No data" (core/history/freshness.ts). */
  stale_after_ms: number;
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
  /** Today's cell of the 90-day bar (UTC day). */
  today: { day: string; status: ComponentStatus; ratio: number | null; down_ms: number } | null;
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
  /** The site's collection interval. */
  interval_ms: number;
  /** The overall status in Vigil's words, "no_data" included. */
  status: ComponentStatus;
  /** Every check on the front page (disabled ones too), by id. */
  components: Record<string, VigilSummaryComponent>;
  /** Each front-page group; id null is "Other", the checks with no group. */
  groups: { id: string | null; status: ComponentStatus }[];
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
    interval_ms: model.site.interval,
    status: model.overall,
    components: Object.fromEntries(
      model.components.map((component): [string, VigilSummaryComponent] => {
        const today = component.dailyCells.at(-1);
        return [
          component.id,
          {
            status: component.componentStatus,
            updated_at: toIso(component.latest?.t),
            stale_after_ms: component.staleAfterMs,
            fresh_status: component.freshness.fresh,
            stale_status: component.freshness.stale,
            counts: component.freshness.counts,
            uptime: {
              '24h': component.uptime['24h'].ratio,
              '7d': component.uptime['7d'].ratio,
              '30d': component.uptime['30d'].ratio,
            },
            uptime_durations_ms: {
              '24h': pickDurations(component.uptime['24h'].durationsMs),
              '7d': pickDurations(component.uptime['7d'].durationsMs),
              '30d': pickDurations(component.uptime['30d'].durationsMs),
            },
            today:
              today === undefined
                ? null
                : { day: today.day, status: today.status, ratio: today.ratio, down_ms: today.downMs },
          },
        ];
      }),
    ),
    groups: model.groups.map((group) => ({ id: group.id ?? null, status: group.status })),
  };
}

function pickDurations(durationsMs: { down: number; degraded: number }): { down: number; degraded: number } {
  return { down: durationsMs.down, degraded: durationsMs.degraded };
}
