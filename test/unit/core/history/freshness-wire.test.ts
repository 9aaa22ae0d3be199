import { describe, expect, it } from 'vitest';
import type { CheckFreshness } from '../../../../core/history/freshness.ts';
import { decodeFreshness, encodeFreshness } from '../../../../core/history/freshness-wire.ts';

describe('the freshness every page embeds', () => {
  const checks = new Map<string, CheckFreshness>();
  for (let i = 0; i < 1000; i++) {
    checks.set(`svc-${String(i).padStart(4, '0')}`, {
      newestMs: i % 100 === 99 ? null : 1_796_126_400_000 - (i % 8) * 300_000,
      staleAfterMs: i % 10 === 0 ? 3_600_000 : 900_000,
      fresh: i % 7 === 0 ? 'down' : 'up',
      stale: i % 50 === 0 ? 'maintenance' : 'unknown',
      counts: i % 100 !== 99,
    });
  }
  const overall = new Set([...checks.keys()].filter((_, i) => i % 3 !== 0));

  it('reads back every check and the overall list as they were', () => {
    const decoded = decodeFreshness(JSON.parse(JSON.stringify(encodeFreshness(checks, overall))));
    expect(decoded.checks).toEqual(Object.fromEntries(checks));
    expect(decoded.overall).toEqual([...overall]);
  });

  it('is a fraction of the plain map: shared times and profiles are written once', () => {
    const plain = JSON.stringify({ checks: Object.fromEntries(checks), overall: [...overall] });
    const wire = JSON.stringify(encodeFreshness(checks, overall));
    expect(wire.length).toBeLessThan(plain.length / 4);
  });
});
