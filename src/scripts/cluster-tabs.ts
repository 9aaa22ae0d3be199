// The clusters overview as tabs (WAI-ARIA tabs pattern, selection follows focus). Without JavaScript
// the tab list stays hidden and every cluster's section shows in order, under a list of jump links.

/** Turns each `[data-cluster-tabs]` into one tab per `[role=tab]`, panel by panel. */
export function startClusterTabs(): void {
  for (const container of document.querySelectorAll<HTMLElement>('[data-cluster-tabs]')) enhance(container);
}

function enhance(container: HTMLElement): void {
  const tablist = container.querySelector<HTMLElement>('[role="tablist"]');
  if (tablist === null) return;
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const panels = tabs.map((tab) => document.getElementById(tab.getAttribute('aria-controls') ?? ''));
  if (tabs.length < 2 || panels.some((panel) => panel === null)) return;

  const select = (index: number, { focus = false, remember = false } = {}): void => {
    tabs.forEach((tab, i) => {
      const isSelected = i === index;
      tab.setAttribute('aria-selected', String(isSelected));
      tab.tabIndex = isSelected ? 0 : -1;
      (panels[i] as HTMLElement).hidden = !isSelected;
    });
    const tab = tabs[index];
    if (tab === undefined) return;
    revealInList(tab, tablist);
    if (focus) tab.focus();
    // The address names the cluster, so a reload or a shared link opens the same tab; no scroll.
    if (remember) history.replaceState(null, '', `#${tab.getAttribute('aria-controls')}`);
  };

  tabs.forEach((tab, index) => {
    const panel = panels[index] as HTMLElement;
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', tab.id);
    // The panel itself takes focus after the tab list, as the pattern asks.
    panel.tabIndex = 0;
    tab.addEventListener('click', () => select(index, { remember: true }));
  });
  for (const nav of container.querySelectorAll<HTMLElement>('[data-cluster-jump]')) nav.hidden = true;
  tablist.hidden = false;

  tablist.addEventListener('keydown', (event) => {
    const current = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (current === -1) return;
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (current + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (current - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    select(next, { focus: true, remember: true });
  });

  const fromHash = () => tabs.findIndex((tab) => `#${tab.getAttribute('aria-controls')}` === location.hash);
  addEventListener('hashchange', () => {
    const index = fromHash();
    if (index !== -1) select(index);
  });
  select(Math.max(0, fromHash()));
}

/** On a narrow screen the tab list scrolls sideways: bring the selected tab into it, not the page. */
function revealInList(tab: HTMLElement, list: HTMLElement): void {
  const tabBox = tab.getBoundingClientRect();
  const listBox = list.getBoundingClientRect();
  if (tabBox.left < listBox.left) list.scrollLeft -= listBox.left - tabBox.left;
  else if (tabBox.right > listBox.right) list.scrollLeft += tabBox.right - listBox.right;
}
