// Keeps an open front page current: re-reads summary.json every refreshSeconds and updates the banner,
// every status word and the freshness line in place, with a countdown to the next read. Without
// JavaScript the page is complete as built, and a <noscript> note says it does not refresh itself.
import type { ComponentStatus, StatusPresentation } from '../../core/model/index.ts';
import { formatUtcDateTime } from '../lib/format.ts';
import { updateRelativeTimes } from './relative-time.ts';

/** The part of summary.json this script reads: Vigil's own words, falling back to Statuspage's. */
interface SummaryDocument {
  status?: { description?: string };
  components?: { id: string; status: string }[];
  vigil?: {
    newest_data_at: string | null;
    stale_after_ms: number;
    status: ComponentStatus;
    components: Record<string, { status: ComponentStatus }>;
    groups: { id: string | null; status: ComponentStatus }[];
  };
}

const COUNTDOWN_TICK_MS = 1000;
let isStarted = false;

export function startLiveRefresh(): void {
  const root = document.querySelector<HTMLElement>('[data-live-refresh]');
  const presentationText = root?.querySelector('script[data-status-presentation]')?.textContent;
  if (isStarted || !root || !presentationText) return;
  isStarted = true;
  const presentation = JSON.parse(presentationText) as Record<ComponentStatus, StatusPresentation>;
  const summaryUrl = root.dataset.summaryUrl ?? '';
  const refreshMs = Number(root.dataset.refreshSeconds) * 1000;
  const countdown = root.querySelector<HTMLElement>('[data-refresh-countdown]');
  const announcer = root.querySelector<HTMLElement>('[data-refresh-announcer]');
  root.hidden = false;

  let nextRefreshMs = Date.now() + refreshMs;
  let note = '';
  const renderCountdown = () => {
    const seconds = Math.max(0, Math.ceil((nextRefreshMs - Date.now()) / 1000));
    if (countdown) countdown.textContent = `${note}next check in ${seconds} s`;
  };
  const refresh = async () => {
    try {
      const response = await fetch(summaryUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const changed = applySummary((await response.json()) as SummaryDocument, presentation);
      note = '';
      if (changed && announcer) announcer.textContent = changed;
    } catch (error) {
      // A static host may be briefly unreachable: say so, keep what is shown, and try again.
      note = `could not reach the status data (${error instanceof Error ? error.message : 'failed'}); `;
    }
    updateRelativeTimes();
    nextRefreshMs = Date.now() + refreshMs;
    renderCountdown();
  };
  renderCountdown();
  setInterval(renderCountdown, COUNTDOWN_TICK_MS);
  setInterval(() => void refresh(), refreshMs);
}

/** Puts a freshly read summary on the page; returns a sentence when the overall status changed. */
function applySummary(
  summary: SummaryDocument,
  presentation: Record<ComponentStatus, StatusPresentation>,
): string | undefined {
  const vigil = summary.vigil;
  const componentStatus = (id: string): ComponentStatus | undefined =>
    vigil?.components[id]?.status ??
    toKnownStatus(summary.components?.find((component) => component.id === id)?.status, presentation);
  for (const row of document.querySelectorAll<HTMLElement>('[data-component]')) {
    const status = componentStatus(row.dataset.component ?? '');
    const indicator = row.querySelector<HTMLElement>('.component-head .status');
    if (status && indicator) showStatus(indicator, presentation[status], status);
  }
  for (const group of vigil?.groups ?? []) {
    const indicator = document.querySelector<HTMLElement>(
      `[data-group="${CSS.escape(group.id ?? '')}"] summary .status`,
    );
    if (indicator) showStatus(indicator, presentation[group.status], group.status);
  }
  if (vigil) showFreshness(vigil.newest_data_at, vigil.stale_after_ms);

  const overall =
    vigil?.status ??
    (Object.keys(presentation) as ComponentStatus[]).find(
      (status) => presentation[status].label === summary.status?.description,
    );
  const banner = document.querySelector<HTMLElement>('.banner');
  if (!overall || !banner || banner.dataset.status === overall) return undefined;
  banner.dataset.status = overall;
  banner.style.setProperty('--status-color', `var(${presentation[overall].colorVar})`);
  const icon = banner.querySelector('.banner-icon');
  const label = banner.querySelector('[data-banner-label]');
  if (icon) icon.textContent = presentation[overall].icon;
  if (label) label.textContent = presentation[overall].label;
  return `Status now: ${presentation[overall].label}`;
}

/** A status element as StatusIndicator renders it; the maintenance clock's saved copy follows too. */
function showStatus(element: HTMLElement, shown: StatusPresentation, status: ComponentStatus): void {
  const style = `--status-color: var(${shown.colorVar})`;
  // A maintenance the browser clock has started shows until it ends; only the saved copy changes.
  if (element.dataset.maintenanceShown !== undefined) {
    Object.assign(element.dataset, {
      buildStatus: status,
      buildLabel: shown.label,
      buildIcon: shown.icon,
      buildStyle: style,
    });
    return;
  }
  element.dataset.status = status;
  element.setAttribute('style', style);
  const label = element.querySelector('.status-label');
  const icon = element.querySelector('.status-icon');
  if (label) label.textContent = shown.label;
  if (icon) icon.textContent = shown.icon;
  if (element.dataset.buildStatus !== undefined) {
    Object.assign(element.dataset, {
      buildStatus: status,
      buildLabel: shown.label,
      buildIcon: shown.icon,
      buildStyle: style,
    });
  }
}

/** "Updated N minutes ago" and the stale warning follow the newest data of the summary. */
function showFreshness(newestDataAt: string | null, staleAfterMs: number): void {
  if (newestDataAt === null) return;
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
  const warning = document.querySelector<HTMLElement>('[data-stale-warning]');
  if (!warning) return;
  warning.dataset.newestMs = String(newestMs);
  warning.dataset.staleAfterMs = String(staleAfterMs);
  const since = warning.querySelector<HTMLTimeElement>('time[data-stale-since]');
  if (since) {
    since.dateTime = newestDataAt;
    since.textContent = formatUtcDateTime(newestMs);
  }
}

function toKnownStatus(
  status: string | undefined,
  presentation: Record<ComponentStatus, StatusPresentation>,
): ComponentStatus | undefined {
  return status !== undefined && Object.hasOwn(presentation, status)
    ? (status as ComponentStatus)
    : undefined;
}
