import { describe, expect, it } from 'vitest';
import {
  type CheckFreshness,
  describeJudgedStatus,
  judgeStatus,
} from '../../../../core/history/freshness.ts';

const MIN = 60_000;
const nowMs = Date.parse('2026-12-01T12:00:00Z');

function multiPlace(newest: (number | null)[], quorum: number): CheckFreshness {
  const places = newest.map((ms, index) => ({ source: `p${index}`, newestMs: ms, status: 'up' as const }));
  const known = newest.filter((ms): ms is number => ms !== null);
  return {
    newestMs: known.length === 0 ? null : Math.max(...known),
    staleAfterMs: 15 * MIN,
    fresh: 'up',
    stale: 'unknown',
    counts: true,
    places,
    quorum,
  };
}

describe('judgeStatus: how long a multi-place check has had no data', () => {
  it('counts from when the quorum was lost, not from the one place still current', () => {
    // Two of three silent for 2 h, one current: quorum 2 is unmet since the second newest went quiet.
    const judged = judgeStatus([multiPlace([nowMs - MIN, nowMs - 120 * MIN, nowMs - 125 * MIN], 2)], nowMs);
    expect(judged.status).toBe('no_data');
    expect(judged.staleForMs).toBe(120 * MIN);
    expect(describeJudgedStatus(judged, 'No data')).toBe('No data for 2 h');
  });

  it('takes the quorum-th newest place, whatever the config order', () => {
    const judged = judgeStatus(
      [multiPlace([nowMs - 300 * MIN, nowMs - 2 * MIN, nowMs - 45 * MIN, nowMs - 50 * MIN], 3)],
      nowMs,
    );
    expect(judged.staleForMs).toBe(50 * MIN);
  });

  it('quorum "all" (3 of 3): the oldest place decides; "any" (1): the newest', () => {
    const newest = [nowMs - 20 * MIN, nowMs - 30 * MIN, nowMs - 40 * MIN];
    expect(judgeStatus([multiPlace(newest, 1)], nowMs).staleForMs).toBe(20 * MIN);
    // With every place stale, quorum 3 lost when the oldest went quiet.
    expect(judgeStatus([multiPlace(newest, 3)], nowMs).staleForMs).toBe(40 * MIN);
  });

  it('a quorum that never had enough places with results is plain "No data"', () => {
    const judged = judgeStatus([multiPlace([nowMs - 60 * MIN, null, null], 2)], nowMs);
    expect(judged.status).toBe('no_data');
    expect(judged.staleForMs).toBeUndefined();
    expect(describeJudgedStatus(judged, 'No data')).toBe('No data');
  });

  it('no age while the quorum is met', () => {
    const judged = judgeStatus([multiPlace([nowMs - MIN, nowMs - 2 * MIN, nowMs - 300 * MIN], 2)], nowMs);
    expect(judged.status).toBe('operational');
    expect(judged.staleForMs).toBeUndefined();
  });

  it('a single-place check still counts from its own newest result', () => {
    const single: CheckFreshness = {
      newestMs: nowMs - 192 * MIN,
      staleAfterMs: 15 * MIN,
      fresh: 'up',
      stale: 'unknown',
      counts: true,
    };
    const judged = judgeStatus([single, multiPlace([nowMs - 300 * MIN, nowMs - 400 * MIN], 2)], nowMs);
    expect(judged.staleForMs).toBe(192 * MIN);
  });
});
