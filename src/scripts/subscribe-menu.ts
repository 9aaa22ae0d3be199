let isStarted = false;

/**
 * The Subscribe menu is a plain <details>, open and closed without scripts; with them it also closes
 * as menus do: on Escape (focus back on its button) and on a click or focus outside it.
 */
export function startSubscribeMenus(): void {
  if (isStarted) return;
  isStarted = true;
  const menus = () => [...document.querySelectorAll<HTMLDetailsElement>('details[data-subscribe-menu]')];
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const menu of menus()) {
      if (!menu.open || !menu.contains(document.activeElement)) continue;
      menu.open = false;
      menu.querySelector('summary')?.focus();
    }
  });
  const closeOutside = (event: Event) => {
    for (const menu of menus()) {
      if (menu.open && event.target instanceof Node && !menu.contains(event.target)) menu.open = false;
    }
  };
  document.addEventListener('click', closeOutside);
  document.addEventListener('focusin', closeOutside);
}
