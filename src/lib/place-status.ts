// One place of a multi-place check, as the Places table shows it: its own status ("Down", "No data")
// and its latency. Shared by the build (PlacesTable.astro) and the browser (freshness-clock.ts,
// live-refresh.ts), so both say the same. Free of zod: browser scripts import it.
import { isDataStale, type PlaceFreshness } from '../../core/history/freshness.ts';
import type { CheckStatus, ComponentStatus } from '../../core/model/status.ts';
import { toComponentStatus } from '../../core/model/status-rollup.ts';
import { describeCheckStatus } from './check-status-label.ts';
import { formatMetricValue } from './metric-format.ts';
import { statusLabel } from './status-label.ts';

/** The place's own status at nowMs: what it stored last, unknown once that is stale or when it never ran. */
export function judgePlaceAt(place: PlaceFreshness, staleAfterMs: number, nowMs: number): CheckStatus {
  return place.newestMs === null || isDataStale(place.newestMs, staleAfterMs, nowMs)
    ? 'unknown'
    : place.status;
}

/** The colour and icon (of the component status) and the word of one place's status: "Down", "No data". */
export function presentPlaceStatus(status: CheckStatus): { status: ComponentStatus; label: string } {
  return {
    status: toComponentStatus(status),
    label: status === 'unknown' ? statusLabel('no_data') : describeCheckStatus(status),
  };
}

/** The latency of a place's newest run: a down run mostly measured its timeout, so it shows none. */
export function formatPlaceLatency(status: CheckStatus, ms: number | null | undefined): string {
  return ms === null || ms === undefined || status === 'down' ? '—' : formatMetricValue(ms, 'ms');
}
