// The 90-day bars' tooltips. Without JavaScript each cell's title says its day; with it, each bar is
// one tab stop whose shown cells the arrow keys walk, and hover or focus shows a tooltip with the day's
// figures and links to its incidents, right after the bar in tab order so the links are reachable.
import { setTextKeepingDurations } from '../lib/duration-words.ts';

const HIDE_DELAY_MS = 300;
let isStarted = false;
let tipCount = 0;

export function startDailyBarTips(): void {
  if (isStarted) return;
  isStarted = true;
  for (const container of document.querySelectorAll<HTMLElement>('[data-daily]')) wireBar(container);
}

function wireBar(container: HTMLElement): void {
  const bar = container.querySelector<HTMLElement>('[data-daily-bar]');
  // Read afresh each time: live refresh moves the bar on to a new day (src/scripts/live-refresh.ts).
  const listCells = () => [...(bar?.querySelectorAll<HTMLLIElement>('li') ?? [])];
  const lastCell = listCells().at(-1);
  if (!bar || !lastCell) return;
  lastCell.tabIndex = 0;
  let tip: HTMLElement | undefined;
  let shownCell: HTMLLIElement | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  const show = (cell: HTMLLIElement) => {
    clearTimeout(hideTimer);
    if (shownCell === cell && tip && !tip.hidden) return;
    tip ??= createTip(bar);
    delete shownCell?.dataset.tipShown;
    shownCell = cell;
    cell.dataset.tipShown = '';
    fillTip(tip, cell, container);
    tip.hidden = false;
    placeTip(tip, cell, bar, container);
  };
  const hide = () => {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    delete shownCell?.dataset.tipShown;
    shownCell = undefined;
  };

  bar.addEventListener('pointerover', (event) => {
    if (event.target instanceof HTMLLIElement) show(event.target);
  });
  // Live refresh rewrites today's text (src/scripts/live-refresh.ts): an open tooltip follows it.
  new MutationObserver(() => {
    if (tip && !tip.hidden && shownCell) fillTip(tip, shownCell, container);
  }).observe(bar, { subtree: true, attributeFilter: ['data-tip'] });
  container.addEventListener('pointerenter', () => clearTimeout(hideTimer));
  container.addEventListener('pointerleave', () => {
    // Time to move onto the tooltip's links; it stays while focus is inside (WCAG 1.4.13).
    if (!container.contains(document.activeElement)) hideTimer = setTimeout(hide, HIDE_DELAY_MS);
  });
  // A tap or click keeps the tooltip open by focusing the cell, so its links can be followed.
  bar.addEventListener('click', (event) => {
    if (!(event.target instanceof HTMLLIElement)) return;
    event.target.tabIndex = 0;
    event.target.focus();
  });
  bar.addEventListener('focusin', (event) => {
    if (!(event.target instanceof HTMLLIElement)) return;
    for (const cell of listCells()) if (cell !== event.target) cell.removeAttribute('tabindex');
    event.target.tabIndex = 0;
    show(event.target);
  });
  container.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && container.contains(event.relatedTarget))) hide();
  });
  container.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      hide();
      return;
    }
    if (!(event.target instanceof HTMLLIElement)) return;
    // Only the days the bar's width shows (90, 60 or 30: DailyBar's container queries hide the oldest).
    // (getClientRects rather than checkVisibility, which Safari before 17.4 lacks.)
    const shown = listCells().filter((cell) => cell.getClientRects().length > 0);
    const index = shown.indexOf(event.target);
    const next = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: shown.length - 1 }[event.key];
    const target = next === undefined ? undefined : shown[Math.max(0, Math.min(shown.length - 1, next))];
    if (!target) return;
    event.preventDefault();
    target.tabIndex = 0;
    target.focus();
  });
}

function createTip(bar: HTMLElement): HTMLElement {
  const tip = document.createElement('div');
  tip.className = 'daily-tip';
  tip.id = `daily-tip-${++tipCount}`;
  tip.hidden = true;
  bar.after(tip);
  return tip;
}

// The cell's title becomes its accessible name and the tooltip's text, so the browser's own
// tooltip does not show on top of ours.
function fillTip(tip: HTMLElement, cell: HTMLLIElement, container: HTMLElement): void {
  const title = cell.getAttribute('title');
  if (title !== null) {
    cell.dataset.tip = title;
    cell.setAttribute('aria-label', title);
    cell.removeAttribute('title');
  }
  const text = cell.dataset.tip ?? '';
  const dateEnd = text.indexOf(': ');
  const factsEnd = text.includes(' · ') ? text.indexOf(' · ') : text.length;
  const heading = document.createElement('p');
  const date = document.createElement('strong');
  date.textContent = text.slice(0, dateEnd);
  heading.append(date);
  const facts = document.createElement('p');
  setTextKeepingDurations(facts, text.slice(dateEnd + 2, factsEnd));
  tip.replaceChildren(heading, facts);
  const slugs = (cell.dataset.incidents ?? '').split(' ').filter(Boolean);
  const template = container.querySelector('template[data-bar-incidents]') as HTMLTemplateElement | null;
  if (slugs.length === 0 || !template) return;
  const list = document.createElement('ul');
  for (const slug of slugs) {
    const link = template.content.querySelector(`a[data-slug="${CSS.escape(slug)}"]`);
    if (!link) continue;
    const item = document.createElement('li');
    item.append(link.cloneNode(true));
    list.append(item);
  }
  tip.append(list);
}

function placeTip(tip: HTMLElement, cell: HTMLElement, bar: HTMLElement, container: HTMLElement): void {
  const centerPx = cell.offsetLeft + cell.offsetWidth / 2;
  const maxLeftPx = Math.max(0, container.clientWidth - tip.offsetWidth);
  tip.style.left = `${Math.min(maxLeftPx, Math.max(0, centerPx - tip.offsetWidth / 2))}px`;
  tip.style.top = `${bar.offsetTop + bar.offsetHeight + 6}px`;
}
