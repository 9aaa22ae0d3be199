import type { ComponentStatus } from '../../core/model/index.ts';
import type { SiteModel } from './site-model.ts';

/**
 * What Vigil adds to summary.json under the `vigil` key. Statuspage's words cannot say "no data" or
 * "stale", so the front page's live refresh reads these instead; Statuspage clients ignore unknown
 * fields. Names follow the snake_case of the rest of the document.
 */
export interface VigilSummaryExtension {
  /** Version of this object's shape. */
  v: 1;
  /** When the site was built. */
  generated_at: string;
  /** The newest run of any collector; null with no data at all. */
  newest_data_at: string | null;
  /** Data older than this no longer vouches for the present. */
  stale_after_ms: number;
  /** How often an open page re-reads this document. */
  refresh_seconds: number;
  /** The overall status in Vigil's words, "no_data" included. */
  status: ComponentStatus;
  /** Every check on the front page (disabled ones too), by id. */
  components: Record<string, { status: ComponentStatus; updated_at: string | null }>;
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
    status: model.overall,
    components: Object.fromEntries(
      model.components.map((component) => [
        component.id,
        { status: component.componentStatus, updated_at: toIso(component.latest?.t) },
      ]),
    ),
    groups: model.groups.map((group) => ({ id: group.id ?? null, status: group.status })),
  };
}
