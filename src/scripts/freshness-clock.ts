// Judges every status on the page again by the reader's clock, with the same rule as the build
// (core/history/freshness.ts): a page whose collector died turns each status its data no longer
// supports to "No data for <age>", and back when live refresh brings fresh data. The build embeds each
// check's newest result time and stale-after (FreshnessClock.astro); elements name their checks in
// data-freshness-of. A check seen from several places is judged by its quorum as each place falls
// silent: its note ("down from 1 of 3 places") and its Places table are written again with it; a
// cluster's login line counts its answering nodes again (login-summary-clock.ts).
import {
  type CheckFreshness,
  isDataStale,
  type JudgedStatus,
  judgeCheckStatus,
  judgePlacesAt,
  judgeStatus,
  listStalePoints,
  type PlaceFreshness,
} from '../../core/history/freshness.ts';
import { decodeFreshness, type EmbeddedFreshnessWire } from '../../core/history/freshness-wire.ts';
import type { CheckStatus } from '../../core/model/status.ts';
import { COMPONENT_STATUS_PRESENTATION } from '../../core/model/status-presentation.ts';
import { formatAge } from '../lib/format.ts';
import { judgePlaceAt, presentPlaceStatus } from '../lib/place-status.ts';
import { readStatusColor } from '../lib/status-colors.ts';
import type { LiveRefreshSettings } from './live-refresh.ts';
import { renderLoginSummaries } from './login-summary-clock.ts';
import { describePlaceVerdictText } from './place-verdict-text.ts';
import { updateRelativeTimes } from './relative-time.ts';
import { presentJudged, showJudgedStatus } from './status-element.ts';

export interface EmbeddedFreshness {
  checks: Record<string, CheckFreshness>;
  /** The checks the whole page rolls up (services counted through their docker check). */
  overall: string[];
  live: LiveRefreshSettings;
}

const TICK_MS = 30_000;
let state: EmbeddedFreshness | undefined;
let baseTitle = '';
let staleTimer: ReturnType<typeof setTimeout> | undefined;
let isClockStarted = false;

/**
 * The first judgement, before the page is painted: FreshnessClock inlines this (freshness-paint.ts)
 * right after the statuses, so a page opened hours after its build never shows green and then grey.
 */
export function paintFreshness(): void {
  // Relative times too: "12 minutes ago" written after the first paint re-wrapped its line (a shift).
  updateRelativeTimes();
  if (!readEmbedded()) return;
  renderFreshness(Date.now());
}

/** Starts judging the page by the clock; returns the live refresh settings the build embedded. */
export function startFreshnessClock(): LiveRefreshSettings | undefined {
  if (isClockStarted || !readEmbedded()) return undefined;
  isClockStarted = true;
  applyFreshness();
  setInterval(applyFreshness, TICK_MS);
  return state?.live;
}

/** The embedded data, read once; the page's own title is kept on it, before any status is prefixed. */
function readEmbedded(): EmbeddedFreshness | undefined {
  if (state) return state;
  const script = document.querySelector<HTMLElement>('script[data-vigil-freshness]');
  if (!script?.textContent) return undefined;
  script.dataset.baseTitle ??= document.title;
  baseTitle = script.dataset.baseTitle;
  const embedded = JSON.parse(script.textContent) as EmbeddedFreshnessWire;
  state = { ...decodeFreshness(embedded.freshness), live: embedded.live };
  return state;
}

/**
 * Whether what the page holds may be behind the data by more than the reader should wait for: it has no
 * result at all, or its newest is older than one read interval or than the shortest staleAfter of its
 * checks (a 5 s check goes grey after 15 s, long before a 60 s read).
 */
export function isPageBehind(nowMs: number, refreshMs: number): boolean {
  let newestMs: number | undefined;
  let shortestStaleAfterMs = Number.POSITIVE_INFINITY;
  for (const check of Object.values(state?.checks ?? {})) {
    if (check.newestMs !== null && (newestMs === undefined || check.newestMs > newestMs))
      newestMs = check.newestMs;
    if (check.counts) shortestStaleAfterMs = Math.min(shortestStaleAfterMs, check.staleAfterMs);
  }
  return newestMs === undefined || nowMs - newestMs > Math.min(refreshMs, shortestStaleAfterMs);
}

/** Live refresh read newer data: take each check's newest result and statuses from it. */
export function updateFreshness(checks: Record<string, CheckFreshness>): void {
  if (!state) return;
  Object.assign(state.checks, checks);
  applyFreshness();
}

/** One judgement of the page at Date.now(), and a timer for the next check's stale point. */
export function applyFreshness(): void {
  const nowMs = Date.now();
  renderFreshness(nowMs);
  scheduleNextStalePoint(nowMs);
}

function renderFreshness(nowMs: number): void {
  if (!state) return;
  const judge = (ids: readonly string[]): JudgedStatus =>
    judgeStatus(
      ids.flatMap((id) => state?.checks[id] ?? []),
      nowMs,
    );
  for (const element of document.querySelectorAll<HTMLElement>('[data-freshness-of]')) {
    const ids = (element.dataset.freshnessOf ?? '').split(' ').filter(Boolean);
    if (ids.length > 0) showJudgedStatus(element, judge(ids));
  }
  // A stale warning shows while its data is stale; a fresh note ("Reporting") while it is not.
  for (const warning of document.querySelectorAll<HTMLElement>('[data-stale-warning], [data-fresh-note]')) {
    const newestMs = Number(warning.dataset.newestMs);
    const staleAfterMs = Number(warning.dataset.staleAfterMs);
    if (!Number.isFinite(newestMs) || !Number.isFinite(staleAfterMs)) continue;
    const isStale = isDataStale(newestMs, staleAfterMs, nowMs);
    warning.hidden = warning.dataset.freshNote === undefined ? !isStale : isStale;
    for (const age of warning.querySelectorAll('[data-stale-age]'))
      age.textContent = formatAge(nowMs - newestMs);
  }
  // "affected by <parent>" while that parent is down now, by the same rule.
  for (const note of document.querySelectorAll<HTMLElement>('[data-affected-by]')) {
    const parent = state.checks[note.dataset.affectedBy ?? ''];
    note.hidden = parent === undefined || judgeCheckStatus(parent, nowMs) !== 'down';
  }
  renderPlaces(state.checks, nowMs);
  renderLoginSummaries(state.checks, nowMs);
  const primary = document.querySelector<HTMLElement>('[data-freshness-primary]');
  const primaryIds = primary?.dataset.freshnessOf?.split(' ').filter(Boolean) ?? state.overall;
  showPageStatus(judge(primaryIds));
}

/** Each multi-place check's note and the rows of its Places table, as its places stand at nowMs. */
function renderPlaces(checks: Record<string, CheckFreshness>, nowMs: number): void {
  for (const note of document.querySelectorAll<HTMLElement>('[data-places-of]')) {
    const check = checks[note.dataset.placesOf ?? ''];
    const verdict = check === undefined ? undefined : judgePlacesAt(check, nowMs);
    if (verdict === undefined) continue;
    const text = describePlaceVerdictText(verdict) ?? '';
    if (note.textContent !== text) note.textContent = text;
    note.hidden = text === '';
  }
  for (const row of document.querySelectorAll<HTMLElement>('[data-place-of]')) {
    const check = checks[row.dataset.placeOf ?? ''];
    const place = check?.places?.find((candidate) => candidate.source === row.dataset.placeSource);
    const element = row.querySelector<HTMLElement>('.status');
    if (check === undefined || place === undefined || element === null) continue;
    showPlaceStatus(element, judgePlaceShown(place, check, nowMs));
  }
}

/**
 * A place's own status as its row shows it: maintenance while the component is under maintenance and the
 * place has current data (as the build marks a newest result taken in a maintenance window), else its own.
 */
function judgePlaceShown(place: PlaceFreshness, check: CheckFreshness, nowMs: number): CheckStatus {
  const status = judgePlaceAt(place, check.staleAfterMs, nowMs);
  return status !== 'unknown' && check.stale === 'maintenance' ? 'maintenance' : status;
}

/** A place's own status on its StatusIndicator: "Down", or "No data" once its newest result is stale. */
function showPlaceStatus(element: HTMLElement, placeStatus: CheckStatus): void {
  const { status, label } = presentPlaceStatus(placeStatus);
  if (element.dataset.status === status) return;
  const shown = COMPONENT_STATUS_PRESENTATION[status];
  element.dataset.status = status;
  element.setAttribute('style', `--status-color: var(${shown.colorVar})`);
  const labelElement = element.querySelector('.status-label');
  const icon = element.querySelector('.status-icon');
  if (labelElement) labelElement.textContent = label;
  if (icon) icon.textContent = shown.icon;
}

/** The document title and the favicon say what the page's own status says. */
function showPageStatus(judged: JudgedStatus): void {
  const shown = presentJudged(judged);
  const title = judged.staleForMs === undefined ? baseTitle : `${shown.label} · ${baseTitle}`;
  if (document.title !== title) document.title = title;
  let icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  // The site's own icon (site.favicon) is its brand: it stays, and the title says the status.
  if (icon?.hasAttribute('data-site-favicon')) return;
  if (!icon) {
    icon = document.createElement('link');
    icon.rel = 'icon';
    document.head.append(icon);
  }
  if (icon.dataset.status === shown.status && icon.title === shown.label) return;
  // From the shared map, not getComputedStyle: that forced a style recalculation before the first paint.
  const colour = readStatusColor(shown.colorVar);
  const glyph = judged.isDisabled ? '–' : COMPONENT_STATUS_PRESENTATION[judged.status].icon;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>${shown.label}</title><circle cx="16" cy="16" r="15" fill="${colour}"/><text x="16" y="22" font-size="18" font-family="sans-serif" font-weight="700" text-anchor="middle" fill="#fff">${glyph}</text></svg>`;
  icon.type = 'image/svg+xml';
  icon.href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  icon.dataset.status = shown.status;
  icon.title = shown.label;
}

/** Judge again the moment the next check passes its stale point, not up to a tick later. */
function scheduleNextStalePoint(nowMs: number): void {
  if (!state) return;
  // Every place of a multi-place check has its own stale point: each one may change the verdict.
  const points = Object.values(state.checks)
    .flatMap(listStalePoints)
    .map((pointMs) => pointMs + 1)
    .filter((pointMs) => pointMs > nowMs);
  if (staleTimer !== undefined) clearTimeout(staleTimer);
  const nextMs = Math.min(...points);
  // setTimeout holds 32-bit delays; a point further off is met by the regular tick.
  if (Number.isFinite(nextMs) && nextMs - nowMs < 2 ** 31 - 1)
    staleTimer = setTimeout(applyFreshness, nextMs - nowMs);
}
