// The embed's CSS: the status colours of global.css (STATUS_COLORS), and site.theme's over them.
import { describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../../../../src/lib/status-colors.ts';
import { renderEmbedCss } from '../../../../src/scripts/embed-style.ts';

const dotOf = (css: string, status: string) =>
  new RegExp(`&\\[data-status=${status}\\] \\.dot\\{background:light-dark\\(([^)]*)\\)\\}`).exec(css)?.[1];

describe('renderEmbedCss', () => {
  it.each([
    ['operational', '--status-up'],
    ['under_maintenance', '--status-maintenance'],
    ['degraded_performance', '--status-degraded'],
    ['partial_outage', '--status-partial'],
    ['major_outage', '--status-down'],
    ['no_data', '--status-unknown'],
  ] as const)('draws %s in %s of global.css, light and dark', (status, name) => {
    expect(dotOf(renderEmbedCss(), status)).toBe(`${STATUS_COLORS.light[name]},${STATUS_COLORS.dark[name]}`);
  });

  it("draws a branded site's status colours, each mode on its own, the rest as global.css", () => {
    const css = renderEmbedCss({ light: { '--status-down': '#a40e26' }, dark: { '--status-up': '#56d364' } });
    expect(dotOf(css, 'major_outage')).toBe(`#a40e26,${STATUS_COLORS.dark['--status-down']}`);
    expect(dotOf(css, 'operational')).toBe(`${STATUS_COLORS.light['--status-up']},#56d364`);
    expect(dotOf(css, 'partial_outage')).toBe(
      `${STATUS_COLORS.light['--status-partial']},${STATUS_COLORS.dark['--status-partial']}`,
    );
  });
});
