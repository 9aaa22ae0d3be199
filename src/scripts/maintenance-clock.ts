import { getIncidentPhase, getShownStatus, type PhaseInput } from '../../core/incidents/incident-phase.ts';
import type { IncidentStatus } from '../../core/model/index.ts';
import { COMPONENT_STATUS_PRESENTATION } from '../../core/model/status-presentation.ts';
import { formatTimeUntil } from '../lib/estimate-format.ts';
import { formatUtcDateTime } from '../lib/format.ts';
import { badgeLabel as describeBadge, incidentStatusLabel } from '../lib/incident-words.ts';
import { statusLabel } from '../lib/status-label.ts';

const TICK_MS = 15_000;
let isStarted = false;

/**
 * A static page may have been built before a maintenance began: decide each maintenance's phase again
 * by the reader's clock, with the same rule as the build, and move it where it now belongs.
 */
export function startMaintenanceClock(): void {
  if (isStarted) return;
  isStarted = true;
  updateMaintenance();
  setInterval(updateMaintenance, TICK_MS);
}

function updateMaintenance(): void {
  const nowMs = Date.now();
  for (const estimate of document.querySelectorAll<HTMLElement>('[data-estimate-ms]')) {
    const until = estimate.querySelector('[data-estimate-until]');
    if (until) until.textContent = formatTimeUntil(Number(estimate.dataset.estimateMs), nowMs);
  }
  for (const item of document.querySelectorAll<HTMLElement>('[data-maintenance-start]')) {
    const { maintenanceStart: start, maintenanceEnd: end, maintenanceStatus: status } = item.dataset;
    if (start === undefined || status === undefined) continue;
    const entry: PhaseInput = {
      kind: 'maintenance',
      status: status as IncidentStatus,
      start,
      end,
      estimatedResolution: item.dataset.maintenanceEstimate,
    };
    const phase = getIncidentPhase(entry, nowMs);
    if (item.dataset.phase === phase) continue;
    item.dataset.phase = phase;
    const badgeLabel = describeBadge(entry, nowMs);
    for (const label of item.querySelectorAll('[data-phase-label]')) label.textContent = badgeLabel;
    showLatestStatus(item, entry, nowMs);
    placeItem(item, phase);
    markAffectedComponents(item, phase === 'in-progress');
  }
  for (const section of document.querySelectorAll<HTMLElement>('[data-incident-section]')) {
    section.hidden = section.querySelector('[data-incident-item]:not([hidden])') === null;
  }
}

// The card's latest line: a maintenance the clock has started no longer reads "Scheduled".
function showLatestStatus(item: HTMLElement, entry: PhaseInput, nowMs: number): void {
  const status = item.querySelector('[data-latest-status]');
  const time = item.querySelector<HTMLTimeElement>('[data-latest-time]');
  if (!status || !time) return;
  const shown = getShownStatus(entry, nowMs);
  if (status.textContent === incidentStatusLabel(shown)) return;
  status.textContent = incidentStatusLabel(shown);
  const atMs =
    shown === 'in-progress' ? Date.parse(entry.start) : Math.min(nowMs, Date.parse(entry.end ?? entry.start));
  time.dateTime = new Date(atMs).toISOString();
  time.textContent = formatUtcDateTime(atMs);
}

// Front page only: an upcoming maintenance moves to the current list when it starts; a finished one leaves.
function placeItem(item: HTMLElement, phase: string): void {
  if (!item.closest('[data-incident-section]')) return;
  item.hidden = phase === 'completed';
  const target = document.querySelector(
    phase === 'in-progress' ? '[data-incident-list="current"]' : '[data-incident-list="upcoming"]',
  );
  if (phase !== 'completed' && target && item.parentElement !== target) target.append(item);
}

function markAffectedComponents(item: HTMLElement, isInMaintenance: boolean): void {
  const ids = (item.dataset.affectedChecks ?? '').split(' ').filter(Boolean);
  const maintenance = COMPONENT_STATUS_PRESENTATION.under_maintenance;
  for (const id of ids) {
    for (const status of document.querySelectorAll<HTMLElement>(
      `[data-component="${CSS.escape(id)}"] .status`,
    )) {
      const label = status.querySelector('.status-label');
      const icon = status.querySelector('.status-icon');
      if (!label || !icon) continue;
      if (status.dataset.buildStatus === undefined) {
        status.dataset.buildStatus = status.dataset.status ?? '';
        status.dataset.buildLabel = label.textContent ?? '';
        status.dataset.buildIcon = icon.textContent ?? '';
        status.dataset.buildStyle = status.getAttribute('style') ?? '';
      }
      if (isInMaintenance) {
        // Live refresh leaves a status marked so to this clock, and updates only the saved copy.
        status.dataset.maintenanceShown = '';
        status.dataset.status = 'under_maintenance';
        status.setAttribute('style', `--status-color: var(${maintenance.colorVar})`);
        label.textContent = statusLabel('under_maintenance');
        icon.textContent = maintenance.icon;
      } else {
        delete status.dataset.maintenanceShown;
        status.dataset.status = status.dataset.buildStatus;
        status.setAttribute('style', status.dataset.buildStyle ?? '');
        label.textContent = status.dataset.buildLabel ?? '';
        icon.textContent = status.dataset.buildIcon ?? '';
      }
    }
  }
}
