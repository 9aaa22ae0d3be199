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

describe('the freshness of a check seen from several places', () => {
  const single: CheckFreshness = {
    newestMs: 1_796_126_400_000,
    staleAfterMs: 900_000,
    fresh: 'up',
    stale: 'unknown',
    counts: true,
  };
  const placed: CheckFreshness = {
    newestMs: 1_796_126_400_000,
    staleAfterMs: 900_000,
    fresh: 'up',
    stale: 'unknown',
    counts: true,
    places: [
      { source: 'eu', newestMs: 1_796_126_400_000, status: 'down' },
      { source: 'us', newestMs: 1_796_126_100_000, status: 'up' },
      { source: 'campus', newestMs: null, status: 'unknown' },
    ],
    quorum: 2,
  };

  it('carries each place and the quorum, and reads them back as they were', () => {
    const checks = new Map([
      ['web', placed],
      ['db', single],
    ]);
    const decoded = decodeFreshness(JSON.parse(JSON.stringify(encodeFreshness(checks, new Set(['web'])))));
    expect(decoded.checks).toEqual({ web: placed, db: single });
    expect('places' in (decoded.checks.db ?? {})).toBe(false);
  });

  it('leaves a site of one-place checks byte for byte as before: no places field at all', () => {
    const wire = JSON.stringify(encodeFreshness(new Map([['db', single]]), new Set(['db'])));
    expect(wire).toBe(
      '{"times":[1796126400000],"profiles":[[900000,"up","unknown",true]],"checks":{"db":[0,0,1]}}',
    );
  });

  it('writes one-place entries the same whether or not a multi-place check sits beside them', () => {
    const alone = encodeFreshness(new Map([['db', single]]), new Set());
    const beside = encodeFreshness(
      new Map([
        ['db', single],
        ['web', placed],
      ]),
      new Set(),
    );
    expect(beside.checks.db).toEqual(alone.checks.db);
    expect(beside.times).toEqual(alone.times);
    expect(beside.places).toEqual({
      web: [
        2,
        [
          ['eu', 1_796_126_400_000, 'down'],
          ['us', 1_796_126_100_000, 'up'],
          ['campus', null, 'unknown'],
        ],
      ],
    });
  });
});
