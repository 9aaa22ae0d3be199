import type { Locator } from 'playwright-core';

/** One day of a 90-day bar as a reader meets it: what the keyboard announces and what is painted. */
export interface ReadBarDay {
  /** UTC day, YYYY-MM-DD (the bar's data-day while the keyboard is on it). */
  day: string;
  /** What a screen reader hears for the day (the slider's aria-valuetext). */
  text: string;
  /** The colour painted at the middle of the day, as the browser computed it ("rgb(…)"). */
  colour: string;
}

/**
 * Walks every day the bar shows with its keyboard handling, oldest first (Home, then ArrowRight),
 * reading each day's announced text and the colour painted where it is drawn. The keys are sent
 * inside the page, in one go: 90 round trips per bar are slow on a busy machine.
 */
export async function readBarDays(bar: Locator): Promise<ReadBarDay[]> {
  await bar.focus();
  await bar.press('Home');
  await bar.scrollIntoViewIfNeeded();
  return bar.evaluate((element: HTMLElement) => {
    const days: { day: string; text: string; colour: string }[] = [];
    const shown = Number(element.getAttribute('aria-valuemax'));
    for (let step = 0; step < shown; step++) {
      if (step > 0) element.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      const position = Number(element.getAttribute('aria-valuenow'));
      const box = element.getBoundingClientRect();
      const x = box.left + ((position - 0.5) / shown) * box.width;
      const path = document
        .elementsFromPoint(x, box.top + box.height / 2)
        .find(
          (hit) =>
            hit instanceof SVGPathElement && element.contains(hit) && hit.getAttribute('class') !== 'bx',
        );
      days.push({
        day: element.dataset.day ?? '',
        text: element.getAttribute('aria-valuetext') ?? '',
        colour: path ? getComputedStyle(path).stroke : getComputedStyle(element).backgroundColor,
      });
    }
    return days;
  });
}

/** The newest day (End) or the oldest shown (Home), as the keyboard reaches it. */
export async function readEndDay(bar: Locator, key: 'End' | 'Home' = 'End'): Promise<ReadBarDay> {
  await bar.focus();
  await bar.press(key);
  return readSelectedDay(bar);
}

/** The day the keyboard (or a tap, or the pointer) is on. */
export async function readSelectedDay(bar: Locator): Promise<ReadBarDay> {
  const shown = Number(await bar.getAttribute('aria-valuemax'));
  const position = Number(await bar.getAttribute('aria-valuenow'));
  const [colour = ''] = await readPaintedColours(bar, shown, [position - 1]);
  return {
    day: (await bar.getAttribute('data-day')) ?? '',
    text: (await bar.getAttribute('aria-valuetext')) ?? '',
    colour,
  };
}

/**
 * The colour painted at the middle of each of the `shown` days the bar is wide (or only of those at
 * `positions`, 0 the oldest shown): the stroke of the drawing's path there, else the bar's background.
 */
export async function readPaintedColours(
  bar: Locator,
  shown: number,
  positions?: readonly number[],
): Promise<string[]> {
  // elementsFromPoint sees only what is in the viewport.
  await bar.scrollIntoViewIfNeeded();
  return bar.evaluate(
    (element, { shown, positions }) => {
      const box = element.getBoundingClientRect();
      return (positions ?? Array.from({ length: shown }, (_, index) => index)).map((position) => {
        const x = box.left + ((position + 0.5) / shown) * box.width;
        const y = box.top + box.height / 2;
        const path = document
          .elementsFromPoint(x, y)
          .find(
            (hit) =>
              hit instanceof SVGPathElement && element.contains(hit) && hit.getAttribute('class') !== 'bx',
          );
        return path ? getComputedStyle(path).stroke : getComputedStyle(element).backgroundColor;
      });
    },
    { shown, positions },
  );
}

/** The colour a theme variable resolves to on the page ("rgb(…)"), to compare with painted colours. */
export async function resolveColour(bar: Locator, variable: string): Promise<string> {
  return bar.evaluate((element, name) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    element.parentElement?.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, variable);
}
