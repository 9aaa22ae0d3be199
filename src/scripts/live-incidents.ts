// Live refresh of the front page's incident and maintenance cards from summary.json: a card's badge,
// newest update and its time follow the newest update read; a resolved incident or completed maintenance
// leaves the list; a new incident gets a plain card (title, status, newest update as text) until the
// next build renders it in full. Times of maintenance windows stay with the maintenance clock.
import { formatUtcDateTime } from '../lib/format.ts';
import { incidentStatusLabel } from '../lib/incident-words.ts';

/** The Statuspage fields of an incident or maintenance that this script reads. */
export interface SummaryIncident {
  id: string;
  name: string;
  status: string;
  impact?: string;
  shortlink?: string;
  incident_updates: { status: string; body: string; created_at: string }[];
}

/** Puts the incidents and maintenance of a freshly read summary on the page. */
export function showIncidents(
  incidents: readonly SummaryIncident[] | undefined,
  maintenances: readonly SummaryIncident[] | undefined,
  siteBase: string,
): void {
  const current = document.querySelector<HTMLElement>('[data-incident-list="current"]');
  if (!current || incidents === undefined || maintenances === undefined) return;
  const open = new Map([...incidents, ...maintenances].map((entry) => [entry.id, entry]));
  for (const card of document.querySelectorAll<HTMLElement>('[data-incident-item][data-incident-slug]')) {
    const entry = open.get(card.dataset.incidentSlug ?? '');
    if (entry === undefined) card.remove();
    else showNewestUpdate(card, entry);
  }
  for (const incident of incidents) {
    if (!document.querySelector(`[data-incident-slug="${CSS.escape(incident.id)}"]`)) {
      current.append(createCard(incident, siteBase));
    }
  }
  for (const list of document.querySelectorAll<HTMLElement>('[data-incident-list]')) {
    const section = list.closest<HTMLElement>('[data-incident-section]');
    if (section) section.hidden = list.querySelector('[data-incident-item]:not([hidden])') === null;
  }
}

function toStatusWord(status: string): string {
  return incidentStatusLabel(status);
}

/** The card's newest update, badge and time, when the summary holds a newer one than the card shows. */
function showNewestUpdate(card: HTMLElement, entry: SummaryIncident): void {
  const newest = entry.incident_updates[0];
  const time = card.querySelector<HTMLTimeElement>('[data-latest-time]');
  if (!newest || !time || Date.parse(newest.created_at) <= Date.parse(time.dateTime)) return;
  time.dateTime = newest.created_at;
  time.textContent = formatUtcDateTime(Date.parse(newest.created_at));
  const status = card.querySelector('[data-latest-status]');
  if (status) status.textContent = toStatusWord(newest.status);
  if (card.dataset.kind === 'incident') {
    const badge = card.querySelector('[data-phase-label]');
    if (badge) badge.textContent = toStatusWord(entry.status);
  }
  const body = card.querySelector('.incident-markdown');
  if (body) {
    // The API's body is the sanitised plain text: shown as text, never parsed as HTML.
    const paragraph = document.createElement('p');
    paragraph.textContent = newest.body;
    body.replaceChildren(paragraph);
  }
}

function createCard(incident: SummaryIncident, siteBase: string): HTMLElement {
  const newest = incident.incident_updates[0];
  const card = document.createElement('li');
  card.className = 'incident-card';
  card.dataset.incidentItem = '';
  card.dataset.incidentSlug = incident.id;
  card.dataset.kind = 'incident';
  if (incident.impact) card.dataset.impact = incident.impact;
  const title = document.createElement('h3');
  title.className = 'incident-card-title';
  const link = document.createElement('a');
  link.href = `${siteBase}incidents/${encodeURIComponent(incident.id)}/`;
  link.textContent = incident.name;
  title.append(link);
  const latest = document.createElement('div');
  latest.className = 'incident-latest';
  const head = document.createElement('p');
  head.className = 'incident-latest-head';
  const status = document.createElement('strong');
  status.dataset.latestStatus = '';
  status.textContent = toStatusWord(newest?.status ?? incident.status);
  head.append(status);
  if (newest) {
    const time = document.createElement('time');
    time.dataset.latestTime = '';
    time.dateTime = newest.created_at;
    time.textContent = formatUtcDateTime(Date.parse(newest.created_at));
    head.append(' · ', time);
  }
  const body = document.createElement('div');
  body.className = 'incident-markdown';
  const paragraph = document.createElement('p');
  paragraph.textContent = newest?.body ?? '';
  body.append(paragraph);
  latest.append(head, body);
  card.append(title, latest);
  return card;
}
