import { describe, expect, it } from 'vitest';
import { describeMissingSiteUrl } from '../../../../core/model/site-address.ts';

describe('describeMissingSiteUrl', () => {
  it.each([
    [{}, '"/incidents/…"'],
    [{ base: '/' }, '"/incidents/…"'],
    [{ base: '/status/' }, '"/status/incidents/…"'],
    [{ base: '/status' }, '"/status/incidents/…"'],
  ])('names the paths as they are under site.base (%j)', (site, example) => {
    expect(describeMissingSiteUrl(site)).toContain(`carry paths without a host (${example})`);
  });

  it('says nothing once site.url is set', () => {
    expect(describeMissingSiteUrl({ url: 'https://status.example.org', base: '/status/' })).toBeUndefined();
  });
});

describe('generatePageId', () => {
  it('starts with a letter, so YAML never reads the id as a number', async () => {
    const { generatePageId } = await import('../../../../core/model/site-address.ts');
    // 27 is "1" of the letters-and-digits alphabet but "b" of the letters; 240 (above 233) is skipped.
    const fill = (bytes: Uint8Array) => bytes.map((_, index) => (index === 0 ? 240 : 26 + index));
    expect(generatePageId(fill)).toBe('b23456789abc');
    for (let round = 0; round < 200; round += 1) expect(generatePageId()).toMatch(/^[a-z][a-z0-9]{11}$/);
  });
});
