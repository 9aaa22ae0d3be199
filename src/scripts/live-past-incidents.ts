// Live refresh of the front page's "Past incidents" days from summary.json's `vigil.past_incidents`:
// the days move on with the reader's clock (today first, "No incidents reported" on a quiet day), an
// entry's badge and latest line follow the newest read (an incident resolved since the build says so),
// and one that began since the build gets an entry of its own. Same days and words as IncidentPastDays.

import type { IncidentImpact } from '../../core/model/index.ts';
import { formatDayLabel, listDayKeys } from '../data/incident-days.ts';
import type { VigilPastIncident } from '../data/vigil-summary-extension.ts';
import { t } from '../i18n/browser.ts';
import { formatUtcDateTime } from '../lib/format.ts';
import { impactBadge, incidentStatusLabel, kindLabel, translateBadgeWord } from '../lib/incident-words.ts';

/** Puts the past days of a freshly read summary on the page; `nowMs` is the reader's clock. */
export function showPastIncidents(
  past: readonly VigilPastIncident[] | undefined,
  siteBase: string,
  nowMs: number,
): void {
  const section = document.querySelector<HTMLElement>('[data-past-incidents]');
  if (!section || past === undefined) return;
  const days = placeDays(section, listDayKeys(nowMs));
  for (const entry of past) {
    const existing = section.querySelector<HTMLElement>(`[data-past-incident="${CSS.escape(entry.id)}"]`);
    if (existing) {
      showEntry(existing, entry);
      continue;
    }
    const day = days.get(entry.day);
    if (!day) continue;
    let list = day.querySelector('.incident-day-list');
    if (!list) {
      list = document.createElement('ul');
      list.className = 'incident-day-list';
      day.querySelector('[data-no-incidents]')?.replaceWith(list);
    }
    // Newest first, as the build lists them: an entry that began since the build goes on top.
    list.prepend(createEntry(entry, siteBase));
  }
}

/** The day sections for `keys` (today first), reusing the built ones and adding quiet days. */
function placeDays(section: HTMLElement, keys: readonly string[]): Map<string, HTMLElement> {
  const built = new Map(
    [...section.querySelectorAll<HTMLElement>('[data-incident-day]')].map((day) => [
      day.dataset.incidentDay ?? '',
      day,
    ]),
  );
  const days = new Map(keys.map((key) => [key, built.get(key) ?? createDay(key)]));
  for (const [key, day] of built) if (!days.has(key)) day.remove();
  const anchor = section.querySelector('h2');
  let previous: Element | null = anchor;
  for (const day of days.values()) {
    if (previous?.nextElementSibling !== day) previous?.after(day);
    previous = day;
  }
  return days;
}

function createDay(key: string): HTMLElement {
  const day = document.createElement('section');
  day.className = 'incident-day';
  day.dataset.incidentDay = key;
  day.setAttribute('aria-labelledby', `day-${key}`);
  const heading = document.createElement('h3');
  heading.id = `day-${key}`;
  const time = document.createElement('time');
  time.dateTime = key;
  time.textContent = formatDayLabel(key);
  heading.append(time);
  const quiet = document.createElement('p');
  quiet.className = 'muted';
  quiet.dataset.noIncidents = '';
  quiet.textContent = t('browserCommon.noIncidentsReported');
  day.append(heading, quiet);
  return day;
}

function createEntry(entry: VigilPastIncident, siteBase: string): HTMLElement {
  const item = document.createElement('li');
  item.dataset.kind = entry.kind;
  item.dataset.impact = entry.impact;
  item.dataset.pastIncident = entry.id;
  const link = document.createElement('a');
  link.className = 'incident-day-title';
  link.href = `${siteBase}incidents/${encodeURIComponent(entry.id)}/`;
  link.textContent = entry.name;
  const badges = document.createElement('span');
  badges.className = 'incident-badges';
  const badge = (text: string, name: string, value: string) => {
    const element = document.createElement('span');
    element.className = 'incident-badge';
    element.setAttribute(name, value);
    element.textContent = text;
    return element;
  };
  badges.append(badge(kindLabel(entry.kind), 'data-kind', entry.kind));
  if (entry.kind === 'incident')
    badges.append(badge(impactBadge(entry.impact as IncidentImpact), 'data-impact', entry.impact));
  const phase = badge(translateBadgeWord(entry.badge), 'data-phase-badge', entry.phase);
  phase.dataset.phaseLabel = '';
  badges.append(phase);
  const latest = document.createElement('p');
  latest.className = 'incident-day-latest muted';
  latest.dataset.pastLatest = '';
  item.append(link, ' ', badges, latest);
  showEntry(item, entry);
  return item;
}

/** The entry's badge and latest line: "Resolved · 2026-12-01 10:40 UTC — Fixed." */
function showEntry(item: HTMLElement, entry: VigilPastIncident): void {
  const phase = item.querySelector<HTMLElement>('[data-phase-label]');
  if (phase) {
    phase.textContent = translateBadgeWord(entry.badge);
    phase.dataset.phaseBadge = entry.phase;
  }
  const latest = item.querySelector('[data-past-latest]');
  if (!latest) return;
  const time = document.createElement('time');
  time.dateTime = entry.latest_at;
  time.textContent = formatUtcDateTime(Date.parse(entry.latest_at));
  latest.replaceChildren(`${incidentStatusLabel(entry.latest_status)} · `, time);
  if (entry.summary !== null) latest.append(` — ${entry.summary}`);
}
