import { describe, expect, it } from 'vitest';
import {
  type CheckFreshness,
  describeJudgedStatus,
  formatAgeMs,
  getSourceStaleAfterMs,
  getStaleAfterMs,
  isDataStale,
  judgeCheckStatus,
  judgeStatus,
} from '../../../../core/history/freshness.ts';

const MIN = 60_000;
const site = { interval: 5 * MIN, staleAfter: 15 * MIN };
const nowMs = Date.parse('2026-12-01T12:00:00Z');

function check(overrides: Partial<CheckFreshness> = {}): CheckFreshness {
  return {
    newestMs: nowMs - MIN,
    staleAfterMs: 15 * MIN,
    fresh: 'up',
    stale: 'unknown',
    counts: true,
    ...overrides,
  };
}

describe('getStaleAfterMs', () => {
  it.each([
    ['no own fields: site.staleAfter (3 × site.interval)', {}, 15 * MIN],
    ['own interval: 3 × it', { interval: 60 * MIN }, 180 * MIN],
    ['own staleAfter wins over its interval', { interval: 60 * MIN, staleAfter: 20 * MIN }, 20 * MIN],
    ['own staleAfter without interval', { staleAfter: 2 * MIN }, 2 * MIN],
  ])('%s', (_name, fields, expected) => {
    expect(getStaleAfterMs(fields, site)).toBe(expected);
  });

  it('follows an explicit site.staleAfter for checks without their own interval', () => {
    expect(getStaleAfterMs({}, { interval: 5 * MIN, staleAfter: 40 * MIN })).toBe(40 * MIN);
  });
});

describe('getSourceStaleAfterMs', () => {
  it("is the shortest staleAfter of the collector's enabled checks", () => {
    const checks = [{ staleAfter: 40 * MIN }, { interval: 2 * MIN }, { staleAfter: 1 * MIN, enabled: false }];
    expect(getSourceStaleAfterMs(checks, { interval: 5 * MIN, staleAfter: 60 * MIN })).toBe(6 * MIN);
  });

  it('is site.staleAfter for a collector without enabled checks; an hourly one may be quiet longer', () => {
    expect(getSourceStaleAfterMs([], site)).toBe(15 * MIN);
    expect(getSourceStaleAfterMs([{ staleAfter: 1 * MIN, enabled: false }], site)).toBe(15 * MIN);
    expect(getSourceStaleAfterMs([{ interval: 60 * MIN }], site)).toBe(180 * MIN);
  });
});

describe('isDataStale', () => {
  it.each([
    ['never ran', undefined, false],
    ['never ran (null from JSON)', null, false],
    ['exactly at the stale point', nowMs - 15 * MIN, false],
    ['one ms past it', nowMs - 15 * MIN - 1, true],
    ['fresh', nowMs - MIN, false],
  ])('%s', (_name, newestMs, expected) => {
    expect(isDataStale(newestMs, 15 * MIN, nowMs)).toBe(expected);
  });
});

describe('judgeCheckStatus', () => {
  it('keeps the fresh status until the stale point, then the stale one', () => {
    const c = check({ newestMs: nowMs - 10 * MIN, fresh: 'down' });
    expect(judgeCheckStatus(c, nowMs)).toBe('down');
    expect(judgeCheckStatus(c, nowMs + 6 * MIN)).toBe('unknown');
  });

  it('a maintenance overlay outlives stale data', () => {
    const c = check({ newestMs: nowMs - 60 * MIN, fresh: 'maintenance', stale: 'maintenance' });
    expect(judgeCheckStatus(c, nowMs)).toBe('maintenance');
  });
});

describe('judgeStatus', () => {
  it('rolls fresh checks up as hosted status pages do', () => {
    expect(judgeStatus([check(), check({ fresh: 'down' })], nowMs)).toEqual({
      status: 'partial_outage',
      isDisabled: false,
      staleForMs: undefined,
      withoutDataCount: 0,
    });
  });

  it('says how long there has been no data, from the newest stale result', () => {
    const judged = judgeStatus(
      [check({ newestMs: nowMs - 192 * MIN }), check({ newestMs: nowMs - 200 * MIN })],
      nowMs,
    );
    expect(judged).toEqual({
      status: 'no_data',
      isDisabled: false,
      staleForMs: 192 * MIN,
      withoutDataCount: 0,
    });
    expect(describeJudgedStatus(judged, 'No data')).toBe('No data for 3 h 12 min');
  });

  it('one stale check among fresh ones does not turn the roll-up grey, but its words say so', () => {
    const judged = judgeStatus([check(), check(), check({ newestMs: nowMs - 60 * MIN })], nowMs);
    expect(judged.status).toBe('operational');
    expect(describeJudgedStatus(judged, 'Operational')).toBe('Operational · 1 without data');
  });

  it('a check that never ran is plain "No data", with no age', () => {
    const judged = judgeStatus([check({ newestMs: null, fresh: 'unknown' })], nowMs);
    expect(describeJudgedStatus(judged, 'No data')).toBe('No data');
  });

  it('disabled checks that never ran do not colour the roll-up and read "Disabled" alone', () => {
    const disabled = check({ newestMs: null, fresh: 'unknown', counts: false });
    expect(judgeStatus([check(), disabled], nowMs).status).toBe('operational');
    const alone = judgeStatus([disabled, disabled], nowMs);
    expect(alone.isDisabled).toBe(true);
    expect(describeJudgedStatus(alone, 'No data')).toBe('Disabled');
  });
});

describe('formatAgeMs', () => {
  it.each([
    [10_000, '1 min'],
    [45 * MIN, '45 min'],
    [60 * MIN, '1 h'],
    [192 * MIN, '3 h 12 min'],
    [47 * 60 * MIN, '47 h'],
    [52 * 60 * MIN, '2 d 4 h'],
    [72 * 60 * MIN, '3 d'],
  ])('%d ms → %s', (ageMs, expected) => {
    expect(formatAgeMs(ageMs)).toBe(expected);
  });
});
