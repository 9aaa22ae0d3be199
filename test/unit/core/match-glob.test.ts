import { describe, expect, it } from 'vitest';
import { matchGlob } from '../../../core/match-glob.ts';

describe('matchGlob', () => {
  it.each([
    ['john*', 'john.doe', true],
    ['john*', 'bob', false],
    ['*ok*', 'all systems ok', true],
    ['*ok*', 'all systems go', false],
    ['192.168.*', '192.168.0.1', true],
    ['v?.*', 'v2.3', true],
    ['v?.*', 'v10.3', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbYd', false],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['***', 'anything', true],
  ])('%j against %j is %s', (pattern, text, matches) => {
    expect(matchGlob(pattern, text)).toBe(matches);
  });

  it('a pattern made to backtrack over a long text answers (no exponential blow-up)', () => {
    const text = 'a'.repeat(200_000);
    expect(matchGlob(`${'*a'.repeat(10)}b`, text)).toBe(false);
    expect(matchGlob('*a*a*a*a*a', text)).toBe(true);
  });
});
