// What the embed page (/embed/) and the embed script (/embed.js) show, from summary.json: the overall
// status and what is going on now (unresolved incidents, maintenance in progress by the reader's
// clock), drawn into a container by the same code for both. Texts come in, already in the site's
// language: the script runs on other sites' pages, where no catalogue is embedded.

export type EmbedStatus =
  | 'operational'
  | 'under_maintenance'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage'
  | 'no_data';

export interface EmbedStrings {
  status: Record<EmbedStatus, string>;
  regionLabel: string;
  incident: string;
  maintenance: string;
  nothingActive: string;
  unavailable: string;
}

export interface EmbedItem {
  kind: 'incident' | 'maintenance';
  name: string;
  url: string;
}

export type EmbedState = { status: EmbedStatus; items: EmbedItem[] } | { status: 'unavailable' };

// A Statuspage summary without Vigil's extension: its page indicator in Vigil's words.
const STATUS_BY_INDICATOR: Record<string, EmbedStatus> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'under_maintenance',
};

const STATUSES = new Set<string>([...Object.values(STATUS_BY_INDICATOR), 'no_data']);

type Entry = {
  name?: unknown;
  shortlink?: unknown;
  status?: unknown;
  scheduled_for?: unknown;
  scheduled_until?: unknown;
};
type Summary = {
  status?: { indicator?: unknown };
  incidents?: Entry[];
  scheduled_maintenances?: Entry[];
  vigil?: { status?: unknown; newest_data_at?: unknown; stale_after_ms?: unknown };
};

/**
 * The embed's state from a summary.json at the reader's clock. Data older than the site's staleAfter
 * turns the status to No data, as the status page itself does: a dead collector must not read as fine.
 * Links are resolved against `summaryUrl`, the address summary.json was read from: without site.url
 * its shortlinks are paths ("/status/incidents/x/"), which on another site's page would point there.
 */
export function readEmbedState(summary: unknown, nowMs: number, summaryUrl?: string): EmbedState {
  if (typeof summary !== 'object' || summary === null) return { status: 'unavailable' };
  const doc = summary as Summary;
  const vigil = doc.vigil;
  let status: EmbedStatus =
    typeof vigil?.status === 'string' && STATUSES.has(vigil.status)
      ? (vigil.status as EmbedStatus)
      : (STATUS_BY_INDICATOR[String(doc.status?.indicator)] ?? 'no_data');
  const newestMs = typeof vigil?.newest_data_at === 'string' ? Date.parse(vigil.newest_data_at) : Number.NaN;
  if (typeof vigil?.stale_after_ms === 'number' && nowMs - newestMs > vigil.stale_after_ms)
    status = 'no_data';
  const toItem = (kind: EmbedItem['kind'], entry: Entry): EmbedItem => ({
    kind,
    name: String(entry.name ?? ''),
    url: toWebLink(entry.shortlink, summaryUrl),
  });
  const incidents = (doc.incidents ?? []).filter((entry) => entry.status !== 'resolved');
  const maintenance = (doc.scheduled_maintenances ?? []).filter((entry) => isMaintenanceActive(entry, nowMs));
  return {
    status,
    items: [
      ...incidents.map((e) => toItem('incident', e)),
      ...maintenance.map((e) => toItem('maintenance', e)),
    ],
  };
}

// Only web addresses become links: a document from elsewhere cannot slip in a javascript: URL. Without
// a base (the embed page at build, on the site itself) a path stays a path.
function toWebLink(link: unknown, base?: string): string {
  if (typeof link !== 'string') return '';
  try {
    const url = new URL(link, base ?? 'http://h');
    if (/^https?:$/.test(url.protocol)) return base === undefined ? link : url.href;
  } catch {}
  return '';
}

// In progress by its status, or by the clock between its start and end (a page may be hours old).
function isMaintenanceActive(entry: Entry, nowMs: number): boolean {
  if (entry.status === 'in_progress' || entry.status === 'verifying') return true;
  if (entry.status === 'completed') return false;
  const startMs = typeof entry.scheduled_for === 'string' ? Date.parse(entry.scheduled_for) : Number.NaN;
  const endMs =
    typeof entry.scheduled_until === 'string' ? Date.parse(entry.scheduled_until) : Number.POSITIVE_INFINITY;
  return startMs <= nowMs && nowMs < endMs;
}

/** Draws the state into `container` (an element, or a shadow root), replacing what it held. */
export function renderEmbed(
  container: ParentNode,
  state: EmbedState,
  strings: EmbedStrings,
  options: { pageUrl: string; theme: string },
): void {
  const element = (tag: string, className?: string, text?: string) => {
    const node = document.createElement(tag);
    if (className !== undefined) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const linkTo = (node: HTMLElement, href: string) => {
    node.setAttribute('href', href);
    node.setAttribute('target', '_top');
  };
  const box = element(
    'div',
    options.theme === 'light' || options.theme === 'dark' ? `vigil ${options.theme}` : 'vigil',
  );
  box.setAttribute('role', 'status');
  box.setAttribute('aria-label', strings.regionLabel);
  box.dataset.status = state.status;
  const head = element('a', 'head');
  linkTo(head, options.pageUrl);
  const dot = element('span', 'dot');
  const word = state.status === 'unavailable' ? strings.unavailable : strings.status[state.status];
  head.append(dot, element('span', 'word', word));
  box.append(head);
  if (state.status !== 'unavailable') {
    if (state.items.length === 0) box.append(element('div', 'quiet', strings.nothingActive));
    else {
      const list = element('ul');
      for (const item of state.items) {
        const row = element('li');
        row.dataset.kind = item.kind;
        const name = element(item.url === '' ? 'span' : 'a', undefined, item.name);
        if (item.url !== '') linkTo(name, item.url);
        row.append(element('b', undefined, `${strings[item.kind]}: `), name);
        list.append(row);
      }
      box.append(list);
    }
  }
  container.replaceChildren(box);
}
