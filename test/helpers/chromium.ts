import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

/** How every e2e test starts Debian's Chromium: headless, and quiet on the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Sums layout shifts the visitor did not cause, from the first paint on (buffered entries included).
// An init script: `context.addInitScript(RECORD_LAYOUT_SHIFTS)`, then readShift(page).
export const RECORD_LAYOUT_SHIFTS = () => {
  const scope = window as unknown as { vigilShift: number };
  scope.vigilShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
    })[])
      if (!entry.hadRecentInput) scope.vigilShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

/** The layout shift RECORD_LAYOUT_SHIFTS has summed on the page so far. */
export const readShift = (page: Page) =>
  page.evaluate(() => (window as unknown as { vigilShift: number }).vigilShift);

/** Opens url in a new page and waits until the network settles and scripts on load laid it out. */
export async function openSettled(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  // Two frames after the network settles, so scripts that run on load have laid the page out.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  return page;
}

/** axe-core's violations on the page (its default rules but `disabledRules`), one line per element. */
export async function runAxe(page: Page, disabledRules: readonly string[] = []): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async (disabled) => {
    type Violation = { id: string; nodes: { target: string[] }[] };
    const { axe } = window as unknown as {
      axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> };
    };
    const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
    const { violations } = await axe.run(document, { resultTypes: ['violations'], rules });
    return violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} at ${node.target.join(' ')}`),
    );
  }, disabledRules);
}
