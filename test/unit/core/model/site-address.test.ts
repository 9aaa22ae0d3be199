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
