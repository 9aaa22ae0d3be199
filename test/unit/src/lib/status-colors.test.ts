// The favicon's colours are the stylesheet's: the map the before-first-paint script reads instead of
// getComputedStyle holds the same value as global.css for every status variable, in both themes.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleInlineScript } from '../../../../src/data/inline-script.ts';
import { STATUS_COLORS } from '../../../../src/lib/status-colors.ts';

const CSS_URL = new URL('../../../../src/styles/global.css', import.meta.url);

/** The custom properties declared in the first rule of the stylesheet that starts with `selector {`. */
function readCustomProperties(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`global.css has no rule ${selector}`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]));
}

describe('status colours shared with the CSS', () => {
  it('every colour of the map is the one global.css gives its variable, light and dark', async () => {
    const css = await readFile(CSS_URL, 'utf8');
    const light = readCustomProperties(css, ':root');
    const dark = readCustomProperties(css, ':root[data-theme="dark"]');
    const systemDark = readCustomProperties(css, ':root:not([data-theme="light"])');
    for (const [name, value] of Object.entries(STATUS_COLORS.light))
      expect([name, light[name]]).toEqual([name, value]);
    for (const [name, value] of Object.entries(STATUS_COLORS.dark)) {
      expect([name, dark[name]]).toEqual([name, value]);
      expect([name, systemDark[name]]).toEqual([name, value]);
    }
  });

  it('the script run before the first paint forces no style recalculation', async () => {
    const script = await bundleInlineScript(
      fileURLToPath(new URL('../../../../src/scripts/freshness-paint.ts', import.meta.url)),
    );
    expect(script.length).toBeGreaterThan(0);
    expect(script).not.toContain('getComputedStyle');
  });
});
