import { describe, expect, it } from 'vitest';
import {
  BADGE_COLOR,
  describeStatusBadge,
  describeUptimeBadge,
  measureBadgeWidth,
  renderBadgeSvg,
} from '../../../../src/data/badge-svg.ts';

const widthOf = (svg: string) => Number(/^<svg [^>]*?\bwidth="([\d.]+)"/.exec(svg)?.[1]);
const rectWidths = (svg: string) =>
  [...svg.matchAll(/<rect (?:x="[\d.]+" )?width="([\d.]+)" height="20" fill="#/g)].map((m) => Number(m[1]));

describe('SVG badges laid out by badge-maker', () => {
  it('fits wide letters: WWWWWWWWWW│MMMMMMMM is 204 px, not the 159 px the old estimate gave', () => {
    const badge = { label: 'WWWWWWWWWW', message: 'MMMMMMMM', status: 'operational' as const };
    const svg = renderBadgeSvg(badge);
    expect(widthOf(svg)).toBe(204);
    expect(measureBadgeWidth(badge)).toBe(204);
    // The two halves fill the width the SVG declares, and each text is laid out to its measured length.
    const [label, message] = rectWidths(svg);
    expect((label ?? 0) + (message ?? 0)).toBe(204);
    expect(svg).toMatch(/textLength="\d+">WWWWWWWWWW<\/text>/);
  });

  it('reserves the width the SVG declares for narrow and long names alike', () => {
    for (const name of ['i', 'Web', 'A rather long component name — with dashes', '日本語のサービス']) {
      const badge = describeStatusBadge(name, 'major_outage');
      expect(measureBadgeWidth(badge)).toBe(widthOf(renderBadgeSvg(badge)));
    }
    expect(measureBadgeWidth(describeStatusBadge('i', 'operational'))).toBeLessThan(
      measureBadgeWidth(describeStatusBadge('WWWW', 'operational')),
    );
  });

  it('keeps the accessible name, title and colours of the status badges', () => {
    for (const [status, color] of Object.entries(BADGE_COLOR)) {
      const svg = renderBadgeSvg(describeStatusBadge('Core', status as keyof typeof BADGE_COLOR));
      expect(svg).toMatch(/role="img" aria-label="Core: [a-z ]+"/);
      expect(svg).toMatch(/<title>Core: [a-z ]+<\/title>/);
      expect(svg).toContain(`fill="${color}"`);
      expect(svg).toContain('fill="#3d4450"');
    }
  });

  it('uptime badges read as the page does', () => {
    expect(describeUptimeBadge('Web', 0.99956).message).toBe('99.95%');
    expect(describeUptimeBadge('Web', 1).message).toBe('100%');
  });
});
