// Keeps an open page current: re-reads summary.json every refreshSeconds and hands each check's newest
// result to the freshness clock (which redraws every status, the title and the favicon), and updates
// uptime figures, today's bar cells, capacity figures, cluster figures, past incidents, a multi-place
// check's places, a service's facet results and "updated N minutes ago" in place. Without JavaScript
// the page is complete as built; under `vigil start` (data collected once) it does not poll.
import type { CheckFreshness, PlaceFreshness } from '../../core/history/freshness.ts';
import type { VigilSummaryService } from '../data/service-api.ts';
import type {
  VigilClusterFigures,
  VigilPastIncident,
  VigilSummaryComponent,
} from '../data/vigil-summary-extension.ts';
import { t } from '../i18n/browser.ts';
import { formatDuration, formatLocalUptime, formatUtcDateTime } from '../lib/format.ts';
import { formatPlaceLatency } from '../lib/place-status.ts';
import { showBarToday } from './daily-bar-today.ts';
import { isPageBehind, updateFreshness } from './freshness-clock.ts';
import { showClusterFigures } from './live-clusters.ts';
import { type SummaryIncident, showIncidents } from './live-incidents.ts';
import { showPastIncidents } from './live-past-incidents.ts';
import { updateRelativeTimes } from './relative-time.ts';

/** The part of summary.json this script reads. */
interface SummaryDocument {
  incidents?: SummaryIncident[];
  scheduled_maintenances?: SummaryIncident[];
  vigil?: {
    newest_data_at: string | null;
    components: Record<string, VigilSummaryComponent>;
    past_incidents?: VigilPastIncident[];
    clusters?: Record<string, VigilClusterFigures>;
    services?: Record<string, VigilSummaryService>;
  };
}

export interface LiveRefreshSettings {
  summaryUrl: string;
  refreshSeconds: number;
  /** `vigil start` collected once: there is nothing newer to read. */
  collectsOnce: boolean;
}

const COUNTDOWN_TICK_MS = 1000;
let isStarted = false;

export function startLiveRefresh(settings: LiveRefreshSettings): void {
  if (isStarted || settings.collectsOnce) return;
  isStarted = true;
  const refreshMs = settings.refreshSeconds * 1000;
  const root = document.querySelector<HTMLElement>('[data-live-refresh]');
  const countdown = root?.querySelector<HTMLElement>('[data-refresh-countdown]');
  const announcer = root?.querySelector<HTMLElement>('[data-refresh-announcer]');
  root?.classList.remove('live-refresh-pending');

  let nextRefreshMs = Date.now() + refreshMs;
  let note = '';
  const renderCountdown = () => {
    const seconds = Math.max(0, Math.ceil((nextRefreshMs - Date.now()) / 1000));
    if (countdown) {
      countdown.textContent = `${note}${t('browserCommon.nextReadIn', { duration: t('browserCommon.unitS', { n: seconds }) })}`;
      // The countdown alone never wraps (its digits would make the line jump); a failure note may.
      countdown.toggleAttribute('data-refresh-failed', note !== '');
    }
  };
  // startedMs: when this read was due; the next is one interval after it (the timer's pace),
  // however long the read takes.
  const refresh = async (startedMs = Date.now()) => {
    try {
      const response = await fetch(settings.summaryUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const before = readBannerLabel();
      const summary = (await response.json()) as SummaryDocument;
      applySummary(summary);
      const siteBase = toSiteBase(settings.summaryUrl);
      showIncidents(summary.incidents, summary.scheduled_maintenances, siteBase);
      showPastIncidents(summary.vigil?.past_incidents, siteBase, Date.now());
      const after = readBannerLabel();
      note = '';
      if (announcer && after !== undefined && after !== before)
        announcer.textContent = t('browserCommon.statusNow', { status: after });
    } catch (error) {
      // A static host may be briefly unreachable: say so, keep what is shown, and try again.
      note = t('browserCommon.unreachable', {
        reason: error instanceof Error ? error.message : t('browserCommon.unreachableReason'),
      });
    }
    updateRelativeTimes();
    nextRefreshMs = startedMs + refreshMs;
    renderCountdown();
  };
  renderCountdown();
  setInterval(renderCountdown, COUNTDOWN_TICK_MS);
  setInterval(() => void refresh(), refreshMs);
  // A page that may be behind the data (built a while ago, opened from the cache, or between full
  // builds under `vigil watch`) reads it at once rather than showing its build's statuses, maybe
  // "No data", until the first read; the reads every refreshSeconds still count from the start.
  if (isPageBehind(Date.now(), refreshMs)) void refresh(nextRefreshMs - refreshMs);
}

/** The site's base path, from the summary's address ("/status/api/v2/summary.json" → "/status/"). */
function toSiteBase(summaryUrl: string): string {
  return summaryUrl.replace(/api\/v2\/summary\.json$/, '');
}

function readBannerLabel(): string | undefined {
  return document.querySelector('.banner [data-banner-label]')?.textContent ?? undefined;
}

/** Puts a freshly read summary on the page. */
function applySummary(summary: SummaryDocument): void {
  const vigil = summary.vigil;
  if (!vigil) return;
  const checks: Record<string, CheckFreshness> = {};
  for (const [id, component] of Object.entries(vigil.components)) {
    checks[id] = {
      newestMs: toEpochMs(component.updated_at),
      staleAfterMs: component.stale_after_ms,
      fresh: component.fresh_status,
      stale: component.stale_status,
      counts: component.counts,
      ...readPlaces(component),
    };
    showUptime(id, component);
    showPlaces(id, component.places);
    showToday(id, component.today);
    showCapacities(id, component.capacities);
  }
  showClusterFigures(vigil.clusters);
  // A service card's status and facet states follow their checks (freshness-clock.ts); its uptime,
  // today's bar cell and facet results are the service's own.
  for (const [id, service] of Object.entries(vigil.services ?? {})) {
    showUptime(id, service);
    showToday(id, service.today);
    showFacetResults(service.facets);
  }
  showNewestData(vigil.newest_data_at, vigil.components);
  updateFreshness(checks);
}

function toEpochMs(at: string | null): number | null {
  return at === null ? null : Date.parse(at);
}

/** A multi-place check's places and quorum, which the freshness clock judges; nothing for one place. */
function readPlaces(component: VigilSummaryComponent): Pick<CheckFreshness, 'places' | 'quorum'> {
  if (component.places === undefined || component.quorum === undefined) return {};
  const places = component.places.map(
    (place): PlaceFreshness => ({
      source: place.source,
      newestMs: toEpochMs(place.updated_at),
      status: place.status,
    }),
  );
  return { places, quorum: component.quorum.required };
}

/** The latency and "last seen" of each place in the check's Places table (its status: freshness-clock.ts). */
function showPlaces(id: string, places: VigilSummaryComponent['places']): void {
  if (places === undefined) return;
  for (const row of document.querySelectorAll<HTMLElement>(`[data-place-of="${CSS.escape(id)}"]`)) {
    const place = places.find((candidate) => candidate.source === row.dataset.placeSource);
    if (place === undefined) continue;
    const latency = row.querySelector('[data-place-latency]');
    const latencyText = formatPlaceLatency(place.status, place.ms);
    if (latency && latency.textContent?.trim() !== latencyText) latency.textContent = latencyText;
    const seen = row.querySelector('[data-place-seen]');
    if (!seen || place.updated_at === null) continue;
    let time = seen.querySelector('time');
    if (!time) {
      time = document.createElement('time');
      time.dataset.relativeTime = '';
      seen.replaceChildren(time);
    }
    time.dateTime = place.updated_at;
    time.title = formatUtcDateTime(Date.parse(place.updated_at));
  }
}

/**
 * A row's capacity figures ("12 / 20") from its newest run; "—" for one that run did not record. Whether
 * they show at all is the freshness clock's (data-fresh-note: hidden while the row's data is stale).
 */
function showCapacities(id: string, capacities: VigilSummaryComponent['capacities']): void {
  if (capacities === undefined) return;
  for (const element of document.querySelectorAll<HTMLElement>(
    `[data-component="${CSS.escape(id)}"] [data-capacity]`,
  )) {
    const text = capacities[element.dataset.capacity ?? '']?.text ?? '—';
    const figure = element.querySelector('[data-capacity-text]');
    if (figure && figure.textContent !== text) figure.textContent = text;
  }
}

/** Each facet's newest message on its service's card and page, and on the page the time it was taken. */
function showFacetResults(facets: VigilSummaryService['facets']): void {
  for (const facet of facets) {
    const selector = CSS.escape(facet.id);
    const text = facet.message ?? t('browserComponent.noResultYet');
    for (const element of document.querySelectorAll<HTMLElement>(`[data-facet-message="${selector}"]`)) {
      if (element.textContent?.trim() !== text) element.textContent = text;
      if (element.dataset.mutedWithoutResult !== undefined)
        element.classList.toggle('muted', facet.message === null);
    }
    // Absent from a summary written before facets carried their time: the page keeps the one it has.
    const updatedAt = facet.updated_at;
    if (updatedAt === undefined || updatedAt === null) continue;
    for (const holder of document.querySelectorAll<HTMLElement>(`[data-facet-time="${selector}"]`)) {
      let time = holder.querySelector('time');
      if (!time) {
        time = document.createElement('time');
        time.dataset.relativeTime = '';
        holder.replaceChildren('(', time, ')');
      }
      time.dateTime = updatedAt;
      time.title = formatUtcDateTime(Date.parse(updatedAt));
      holder.hidden = false;
    }
  }
}

/** The uptime figures of a row or an uptime table, as UptimeValue and UptimeTable render them. */
function showUptime(
  id: string,
  component: Pick<VigilSummaryComponent, 'uptime' | 'uptime_durations_ms'>,
): void {
  for (const cell of document.querySelectorAll<HTMLElement>(
    `[data-uptime-of="${CSS.escape(id)}"] [data-window]`,
  )) {
    const window = cell.dataset.window as keyof VigilSummaryComponent['uptime'];
    const ratio = component.uptime[window];
    const durations = component.uptime_durations_ms?.[window];
    const formatSpan = (ms: number) =>
      ratio === null ? '—' : ms > 0 ? formatDuration(ms) : t('browserComponent.none');
    const down = cell.querySelector('[data-uptime-down]');
    const degraded = cell.querySelector('[data-uptime-degraded]');
    if (down && durations) down.textContent = formatSpan(durations.down);
    if (degraded && durations) degraded.textContent = formatSpan(durations.degraded);
    const value = cell.querySelector('.uptime');
    if (ratio === undefined || !value) continue;
    const text = ratio === null ? '—' : formatLocalUptime(ratio);
    if (value.textContent?.trim() === text) continue;
    if (ratio === null) {
      value.className = 'uptime uptime-none';
      value.setAttribute('title', t('browserComponent.noData'));
      value.innerHTML = `<span aria-hidden="true">—</span><span class="visually-hidden">${t('browserComponent.noData')}</span>`;
    } else {
      value.className = 'uptime';
      value.removeAttribute('title');
      value.textContent = text;
    }
  }
}

/** Today's day of each 90-day bar of the check (front page row, component page); a new UTC day moves
 * the bar on by one day, the oldest leaving (daily-bar-today.ts). */
function showToday(id: string, today: VigilSummaryComponent['today']): void {
  if (today === null) return;
  for (const bar of document.querySelectorAll<HTMLElement>(
    `[data-daily-of="${CSS.escape(id)}"] [data-daily-bar]`,
  ))
    showBarToday(bar, {
      day: today.day,
      status: today.status,
      figures: {
        ratio: today.ratio,
        downMs: today.down_ms,
        degradedMs: today.degraded_ms ?? 0,
        maintenanceMs: today.maintenance_ms ?? 0,
      },
    });
}

/** A component's newest result as `source` saw it: that place's own for a multi-place check, else its newest. */
function newestAtSource(
  component: VigilSummaryComponent | undefined,
  source: string | undefined,
): string | null {
  if (component === undefined) return null;
  if (source === undefined || component.places === undefined) return component.updated_at ?? null;
  return component.places.find((place) => place.source === source)?.updated_at ?? null;
}

/** "Updated N minutes ago" and each stale warning follow the newest data read. */
function showNewestData(
  newestDataAt: string | null,
  components: Record<string, VigilSummaryComponent>,
): void {
  if (newestDataAt !== null) {
    const newestMs = Date.parse(newestDataAt);
    const updated = document.querySelector('.banner-updated');
    let time = updated?.querySelector('time');
    if (updated && !time) {
      time = document.createElement('time');
      time.dataset.relativeTime = '';
      updated.replaceChildren('Updated ', time);
    }
    if (time) {
      time.dateTime = newestDataAt;
      time.title = formatUtcDateTime(newestMs);
    }
  }
  for (const warning of document.querySelectorAll<HTMLElement>('[data-stale-warning], [data-fresh-note]')) {
    const ids = warning.dataset.newestOf?.split(' ').filter(Boolean);
    // A collector's warning follows its own results: a check seen from several places answers with this place's
    // newest result, not the newest over all places (which another place keeps current).
    const source = warning.dataset.newestSource;
    const newest =
      ids === undefined
        ? newestDataAt
        : ids
            .map((id) => newestAtSource(components[id], source))
            .reduce<string | null>((a, b) => (a === null || (b !== null && b > a) ? b : a), null);
    if (newest === null) continue;
    warning.dataset.newestMs = String(Date.parse(newest));
    const since = warning.querySelector<HTMLTimeElement>('time[data-stale-since]');
    if (since) {
      since.dateTime = newest;
      since.textContent = formatUtcDateTime(Date.parse(newest));
    }
  }
}
