import { describe, expect, it } from 'vitest';
import { percentile } from '../../../../core/history/percentile.ts';

describe('percentile (nearest rank)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it.each([
    { values: ten, p: 50, expected: 5 },
    { values: ten, p: 95, expected: 10 },
    { values: ten, p: 90, expected: 9 },
    { values: ten, p: 100, expected: 10 },
    { values: ten, p: 0, expected: 1 },
    { values: [42], p: 95, expected: 42 },
    { values: [10, 20], p: 50, expected: 10 },
    { values: [10, 20], p: 51, expected: 20 },
  ])('p$p of $values is $expected', ({ values, p, expected }) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('refuses an empty list and a p outside 0–100', () => {
    expect(() => percentile([], 50)).toThrow('percentile: no values');
    expect(() => percentile([1], 101)).toThrow('p must be between 0 and 100, got 101');
    expect(() => percentile([1], Number.NaN)).toThrow('got NaN');
  });
});
