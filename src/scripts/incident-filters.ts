// Filters the incident history by kind, impact and component. Without JavaScript the form stays hidden
// and every page lists its incidents in full; with it, a filter also pulls in the rows of the other
// pages, so a filter searches the whole history, not just the page on screen.
import { t } from '../i18n/browser.ts';

let otherPagesLoaded: Promise<void> | undefined;

export function startIncidentFilters(): void {
  const form = document.querySelector<HTMLFormElement>('[data-incident-filters]');
  if (!form) return;
  form.hidden = false;
  const params = new URLSearchParams(location.search);
  for (const select of form.querySelectorAll('select')) select.value = params.get(select.name) ?? '';
  form.addEventListener('change', () => void applyFilters(form));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void applyFilters(form);
  });
  void applyFilters(form);
}

async function applyFilters(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const wanted = {
    kind: String(data.get('kind') ?? ''),
    impact: String(data.get('impact') ?? ''),
    component: String(data.get('component') ?? ''),
  };
  const isFiltering = Object.values(wanted).some((value) => value !== '');
  const url = new URL(location.href);
  for (const [name, value] of Object.entries(wanted)) {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  history.replaceState(null, '', url);
  if (isFiltering) await loadOtherPages();
  let shown = 0;
  for (const row of document.querySelectorAll<HTMLElement>('[data-incident-row]')) {
    const isMatch =
      (!wanted.kind || row.dataset.kind === wanted.kind) &&
      (!wanted.impact || row.dataset.impact === wanted.impact) &&
      (!wanted.component || (row.dataset.components ?? '').split(' ').includes(wanted.component));
    const isVisible = isFiltering ? isMatch : row.dataset.fromPage === undefined;
    row.hidden = !isVisible;
    if (isVisible) shown += 1;
  }
  for (const month of document.querySelectorAll<HTMLElement>('[data-incident-month]')) {
    month.hidden = month.querySelector('[data-incident-row]:not([hidden])') === null;
  }
  for (const nav of document.querySelectorAll<HTMLElement>('[data-history-pagination]'))
    nav.hidden = isFiltering;
  const status = document.querySelector('[data-filter-status]');
  if (status) status.textContent = isFiltering ? t('browserCommon.filterMatching', { count: shown }) : '';
}

// Rows of other pages join the month lists of this one, marked so they hide again without a filter.
function loadOtherPages(): Promise<void> {
  otherPagesLoaded ??= (async () => {
    const links = [...document.querySelectorAll<HTMLAnchorElement>('a[data-history-page]')];
    const pages = await Promise.all(links.map(async (link) => (await fetch(link.href)).text()));
    pages.forEach((html, index) => {
      const page = new DOMParser().parseFromString(html, 'text/html');
      for (const month of page.querySelectorAll<HTMLElement>('[data-incident-month]')) {
        const key = month.dataset.incidentMonth ?? '';
        let target = document.querySelector(`[data-incident-month="${CSS.escape(key)}"] ul`);
        if (!target) {
          const copy = document.importNode(month, true);
          copy.querySelector('ul')?.replaceChildren();
          document.querySelector('[data-incident-months]')?.append(copy);
          target = copy.querySelector('ul');
        }
        for (const row of month.querySelectorAll<HTMLElement>('[data-incident-row]')) {
          const imported = document.importNode(row, true);
          imported.dataset.fromPage = String(index);
          target?.append(imported);
        }
      }
    });
  })();
  return otherPagesLoaded;
}
