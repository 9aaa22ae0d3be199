// The 90-day bars' days, one element per bar (DailyBar.astro). Without JavaScript a bar is an image
// named by its summary, titled with its incident days. With it, each bar is one tab stop, a slider
// over the days shown whose arrow keys (Home, End) walk them and whose value a screen reader reads
// as the day's text; hover, tap or focus shows a tooltip with the day's figures and links to its
// incidents, right after the bar in tab order so the links are reachable.
import { setTextKeepingDurations } from '../lib/duration-words.ts';
import { type BarDay, describeBarDay } from './daily-bar-code.ts';
import { readBarDays } from './daily-bar-element.ts';

const HIDE_DELAY_MS = 300;
let isStarted = false;
let tipCount = 0;

export function startDailyBarTips(): void {
  if (isStarted) return;
  isStarted = true;
  for (const container of document.querySelectorAll<HTMLElement>('[data-daily]')) wireBar(container);
}

/** The bar's days and each one's text, read afresh each time: live refresh rewrites them (daily-bar-today.ts). */
function readBar(
  bar: HTMLElement,
  container: HTMLElement,
): { days: BarDay[]; describeDay: (index: number) => string; linksOf: (index: number) => Element[] } {
  const days = readBarDays(bar);
  const template = findIncidentList(container);
  const linksOf = (index: number) =>
    (days[index]?.incidents ?? []).flatMap((place) => template?.content.children[place] ?? []);
  const describeDay = (index: number) => {
    const day = days[index];
    const titles = linksOf(index).map((link) => link.textContent?.trim() ?? '');
    return day === undefined ? '' : describeBarDay(day, titles.filter(Boolean));
  };
  return { days, describeDay, linksOf };
}

/** The bar's own list of its incidents' links, or the page's list of every bar's (BarIncidentList.astro). */
function findIncidentList(container: HTMLElement): HTMLTemplateElement | null {
  return (
    container.querySelector<HTMLTemplateElement>('template[data-bar-incidents]') ??
    document.querySelector<HTMLTemplateElement>('template[data-bar-incidents-shared]')
  );
}

/** How many of the newest days the bar's width shows (DailyBar's container queries set --days). */
function countShownDays(bar: HTMLElement, total: number): number {
  const shown = Number.parseInt(getComputedStyle(bar).getPropertyValue('--days'), 10);
  return Number.isFinite(shown) && shown > 0 ? Math.min(shown, total) : total;
}

function wireBar(container: HTMLElement): void {
  const bar = container.querySelector<HTMLElement>('[data-daily-bar]');
  if (!bar || readBarDays(bar).length === 0) return;
  // Our tooltip replaces the browser's own; the bar keeps its summary as its name.
  bar.removeAttribute('title');
  bar.setAttribute('role', 'slider');
  bar.tabIndex = 0;
  let tip: HTMLElement | undefined;
  let cursor: HTMLElement | undefined;
  // Days counted back from the newest (0 = today), so a new day keeps them on the newest: the
  // slider's value (moved by the keyboard, a click or a tap) and the day the tooltip shows (also
  // moved by a hovering pointer, which leaves the value where it was).
  let valueBack = 0;
  let tipBack = 0;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  // The slider's value and its words. Until the reader interacts, every day counts as shown:
  // reading the bar's width would lay out the page at load.
  const describe = (isLaidOut = true) => {
    const { days, describeDay } = readBar(bar, container);
    const shown = isLaidOut ? countShownDays(bar, days.length) : days.length;
    valueBack = Math.max(0, Math.min(shown - 1, valueBack));
    bar.setAttribute('aria-valuemin', '1');
    bar.setAttribute('aria-valuemax', String(shown));
    bar.setAttribute('aria-valuenow', String(shown - valueBack));
    bar.setAttribute('aria-valuetext', describeDay(days.length - 1 - valueBack));
    bar.dataset.day = days[days.length - 1 - valueBack]?.day ?? '';
  };
  describe(false);

  const show = (back: number, { isValue }: { isValue: boolean }) => {
    clearTimeout(hideTimer);
    const read = readBar(bar, container);
    const shown = countShownDays(bar, read.days.length);
    tipBack = Math.max(0, Math.min(shown - 1, back));
    if (isValue) {
      valueBack = tipBack;
      describe();
    }
    const index = read.days.length - 1 - tipBack;
    tip ??= createTip(bar);
    cursor ??= createCursor(bar);
    fillTip(tip, read.describeDay(index), read.linksOf(index));
    tip.hidden = false;
    cursor.hidden = false;
    placeOnDay(tip, cursor, bar, container, shown, tipBack);
  };
  const hide = () => {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (cursor) cursor.hidden = true;
  };
  // The day under a pointer's x, counted back from the newest.
  const dayBackAt = (clientX: number) => {
    const box = bar.getBoundingClientRect();
    const shown = countShownDays(bar, readBar(bar, container).days.length);
    const fromLeft = Math.floor(((clientX - box.left) / Math.max(1, box.width)) * shown);
    return shown - 1 - Math.max(0, Math.min(shown - 1, fromLeft));
  };

  bar.addEventListener('pointermove', (event) => {
    const back = dayBackAt(event.clientX);
    if (back !== tipBack || tip?.hidden !== false) show(back, { isValue: false });
  });
  // Live refresh rewrites today (daily-bar-today.ts): the slider's words and an open tooltip follow.
  new MutationObserver(() => {
    describe(tip !== undefined);
    if (tip && !tip.hidden) show(tipBack, { isValue: false });
  }).observe(bar, { attributeFilter: ['data-from', 'data-cells', 'data-incidents'] });
  container.addEventListener('pointerenter', () => clearTimeout(hideTimer));
  container.addEventListener('pointerleave', () => {
    // Time to move onto the tooltip's links; it stays while focus is inside (WCAG 1.4.13).
    if (!container.contains(document.activeElement)) hideTimer = setTimeout(hide, HIDE_DELAY_MS);
  });
  // A tap or click keeps the tooltip open by focusing the bar on that day, so its links can be followed.
  bar.addEventListener('click', (event) => {
    valueBack = dayBackAt(event.clientX);
    bar.focus();
    show(valueBack, { isValue: true });
  });
  bar.addEventListener('focus', () => show(valueBack, { isValue: true }));
  container.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && container.contains(event.relatedTarget))) hide();
  });
  container.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      hide();
      return;
    }
    if (event.target !== bar) return;
    const shown = countShownDays(bar, readBar(bar, container).days.length);
    const next = {
      ArrowLeft: valueBack + 1,
      ArrowDown: valueBack + 1,
      ArrowRight: valueBack - 1,
      ArrowUp: valueBack - 1,
      PageDown: valueBack + 7,
      PageUp: valueBack - 7,
      Home: shown - 1,
      End: 0,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    show(next, { isValue: true });
  });
}

function createTip(bar: HTMLElement): HTMLElement {
  const tip = document.createElement('div');
  tip.className = 'daily-tip';
  tip.id = `daily-tip-${++tipCount}`;
  tip.hidden = true;
  bar.after(tip);
  bar.setAttribute('aria-describedby', tip.id);
  return tip;
}

function createCursor(bar: HTMLElement): HTMLElement {
  const cursor = document.createElement('span');
  cursor.className = 'daily-cursor';
  cursor.hidden = true;
  cursor.setAttribute('aria-hidden', 'true');
  bar.before(cursor);
  return cursor;
}

// "<date>: <figures>[ · <incident titles>]": the date in bold, the figures, then the incidents linked.
function fillTip(tip: HTMLElement, text: string, links: readonly Element[]): void {
  const dateEnd = text.indexOf(': ');
  const factsEnd = text.includes(' · ') ? text.indexOf(' · ') : text.length;
  const heading = document.createElement('p');
  const date = document.createElement('strong');
  date.textContent = text.slice(0, dateEnd);
  heading.append(date);
  const facts = document.createElement('p');
  setTextKeepingDurations(facts, text.slice(dateEnd + 2, factsEnd));
  tip.replaceChildren(heading, facts);
  if (links.length === 0) return;
  const list = document.createElement('ul');
  for (const link of links) {
    const item = document.createElement('li');
    item.append(link.cloneNode(true));
    list.append(item);
  }
  tip.append(list);
}

/** The cursor over the day (`back` days before the newest of `shown`) and the tooltip under it. */
function placeOnDay(
  tip: HTMLElement,
  cursor: HTMLElement,
  bar: HTMLElement,
  container: HTMLElement,
  shown: number,
  back: number,
): void {
  const dayWidthPx = bar.clientWidth / shown;
  const leftPx = bar.offsetLeft + (shown - 1 - back) * dayWidthPx;
  cursor.style.left = `${leftPx}px`;
  cursor.style.width = `${dayWidthPx}px`;
  cursor.style.top = `${bar.offsetTop}px`;
  const centerPx = leftPx + dayWidthPx / 2;
  const maxLeftPx = Math.max(0, container.clientWidth - tip.offsetWidth);
  tip.style.left = `${Math.min(maxLeftPx, Math.max(0, centerPx - tip.offsetWidth / 2))}px`;
  tip.style.top = `${bar.offsetTop + bar.offsetHeight + 6}px`;
}
