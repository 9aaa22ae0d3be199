// A 90-day bar's days read from, and written back to, its element (DailyBar.astro): the drawing's
// paths, data-from, data-cells and data-incidents, in the code of daily-bar-code.ts.
import { type BarCode, type BarDay, type BarKind, decodeBar, encodeBar } from './daily-bar-code.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function getBarKind(bar: HTMLElement): BarKind {
  return bar.dataset.kind === 'group' ? 'group' : 'component';
}

/** The bar's days, oldest first; none when it has no drawing. */
export function readBarDays(bar: HTMLElement): BarDay[] {
  const svg = bar.querySelector('svg');
  if (!svg || bar.dataset.from === undefined) return [];
  const code: BarCode = {
    from: bar.dataset.from,
    cells: bar.dataset.cells ?? '',
    incidents: bar.dataset.incidents,
    paths: [...svg.querySelectorAll('path')].map((path) => ({
      className: path.getAttribute('class') ?? '',
      d: path.getAttribute('d') ?? '',
    })),
  };
  return decodeBar(code, svg.viewBox.baseVal.width, getBarKind(bar));
}

/**
 * Redraws the bar with these days (the paths first, then the attributes that observers watch);
 * a bar that would read the same is left untouched.
 */
export function writeBarDays(bar: HTMLElement, days: readonly BarDay[]): void {
  const svg = bar.querySelector('svg');
  if (!svg) return;
  const code = encodeBar(days, getBarKind(bar));
  const drawing = code.paths.map((path) => `${path.className}:${path.d}`).join(' ');
  const drawn = [...svg.querySelectorAll('path')]
    .map((path) => `${path.getAttribute('class')}:${path.getAttribute('d')}`)
    .join(' ');
  if (
    drawing === drawn &&
    code.cells === (bar.dataset.cells ?? '') &&
    code.from === bar.dataset.from &&
    code.incidents === bar.dataset.incidents
  )
    return;
  svg.replaceChildren(
    ...code.paths.map((drawn) => {
      const path = document.createElementNS(SVG_NS, 'path');
      path.setAttribute('class', drawn.className);
      path.setAttribute('d', drawn.d);
      return path;
    }),
  );
  svg.setAttribute('viewBox', `0 0 ${days.length} 1`);
  if (code.incidents === undefined) delete bar.dataset.incidents;
  else bar.dataset.incidents = code.incidents;
  bar.dataset.cells = code.cells;
  bar.dataset.from = code.from;
}
