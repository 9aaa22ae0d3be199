// Puts a status on an element as StatusIndicator (or the banner) renders it. The maintenance clock
// owns a status it has marked (data-maintenance-shown): then only its saved build copy changes.
import type { JudgedStatus } from '../../core/history/freshness.ts';
import { COMPONENT_STATUS_PRESENTATION } from '../../core/model/status-presentation.ts';
import { setTextKeepingDurations } from '../lib/duration-words.ts';
import { describeJudged } from '../lib/status-label.ts';

const DISABLED = { status: 'disabled', icon: '–', colorVar: '--fg-muted' } as const;

/** The status attribute, colour variable, icon and words of a judged status. */
export function presentJudged(judged: JudgedStatus): {
  status: string;
  colorVar: string;
  icon: string;
  label: string;
} {
  if (judged.isDisabled) return { ...DISABLED, label: describeJudged(judged, '') };
  const shown = COMPONENT_STATUS_PRESENTATION[judged.status];
  return {
    status: judged.status,
    colorVar: shown.colorVar,
    icon: shown.icon,
    label: describeJudged(judged),
  };
}

/** Shows a judged status on a `.status` element or on the banner. */
export function showJudgedStatus(element: HTMLElement, judged: JudgedStatus): void {
  const shown = presentJudged(judged);
  const style = `--status-color: var(${shown.colorVar})`;
  const isBanner = element.classList.contains('banner');
  if (element.dataset.maintenanceShown !== undefined || element.dataset.buildStatus !== undefined) {
    Object.assign(element.dataset, {
      buildStatus: shown.status,
      buildLabel: shown.label,
      buildIcon: shown.icon,
      buildStyle: style,
    });
    if (element.dataset.maintenanceShown !== undefined) return;
  }
  const label = element.querySelector(isBanner ? '[data-banner-label]' : '.status-label');
  const icon = element.querySelector(isBanner ? '.banner-icon' : '.status-icon');
  if (element.dataset.status === shown.status && label?.textContent === shown.label) return;
  element.dataset.status = shown.status;
  if (isBanner) element.style.setProperty('--status-color', `var(${shown.colorVar})`);
  else element.setAttribute('style', style);
  // "No data for 3 h 12 min": its durations kept on one line, as the build renders them.
  if (label) setTextKeepingDurations(label, shown.label);
  if (icon) icon.textContent = shown.icon;
}
