import { describe, expect, it } from 'vitest';
import {
  type CheckFreshness,
  judgeCheckStatus,
  judgePlacesAt,
  listStalePoints,
} from '../../../../core/history/freshness.ts';
import { describePlaceVerdict, judgePlaces, resolveQuorum } from '../../../../core/history/place-judge.ts';

describe('judgePlaces: quorum over the places that are current', () => {
  it('one of three down under quorum 2 is up, and the note says where it is down', () => {
    const verdict = judgePlaces(['up', 'down', 'up'], 2);
    expect(verdict).toMatchObject({ status: 'up', fresh: 3, down: 1, up: 2, total: 3, required: 2 });
    expect(describePlaceVerdict(verdict)).toBe('down from 1 of 3 places');
  });

  it('a second place agreeing makes it down', () => {
    const verdict = judgePlaces(['down', 'down', 'up'], 2);
    expect(verdict.status).toBe('down');
    expect(describePlaceVerdict(verdict)).toBe('down from 2 of 3 places');
    expect(describePlaceVerdict(judgePlaces(['down', 'down', 'down'], 2))).toBeUndefined();
  });

  it('degraded and down together reach the quorum as degraded', () => {
    expect(judgePlaces(['degraded', 'down', 'up'], 2).status).toBe('degraded');
    expect(describePlaceVerdict(judgePlaces(['degraded', 'up', 'up'], 2))).toBe(
      'degraded from 1 of 3 places',
    );
  });

  it('a silent place does not vote; too few fresh votes is no data, never green', () => {
    const twoLeft = judgePlaces(['up', 'unknown', 'up'], 2);
    expect(twoLeft.status).toBe('up');
    expect(describePlaceVerdict(twoLeft)).toBe('no data from 1 of 3 places');
    expect(judgePlaces(['up', 'unknown', 'unknown'], 2).status).toBe('unknown');
    expect(judgePlaces(['unknown', 'unknown', 'unknown'], 1).status).toBe('unknown');
  });

  it('any, all and the default majority', () => {
    expect(resolveQuorum('any', 3)).toBe(1);
    expect(resolveQuorum('all', 3)).toBe(3);
    expect(resolveQuorum(undefined, 3)).toBe(2);
    expect(resolveQuorum(undefined, 4)).toBe(3);
    expect(resolveQuorum(2, 5)).toBe(2);
    expect(judgePlaces(['down', 'up', 'up'], resolveQuorum('any', 3)).status).toBe('down');
    expect(judgePlaces(['down', 'down', 'up'], resolveQuorum('all', 3)).status).toBe('up');
  });
});

describe('the freshness rule for a check seen from three places', () => {
  const MIN = 60_000;
  const check = (overlay: CheckFreshness['stale'] = 'unknown'): CheckFreshness => ({
    newestMs: 10 * MIN,
    staleAfterMs: 15 * MIN,
    fresh: 'up',
    stale: overlay,
    counts: true,
    quorum: 2,
    places: [
      { source: 'eu', newestMs: 10 * MIN, status: 'down' },
      { source: 'us', newestMs: 9 * MIN, status: 'down' },
      { source: 'campus', newestMs: 2 * MIN, status: 'up' },
    ],
  });

  it('judges by the reader clock: each place falls silent on its own', () => {
    expect(judgeCheckStatus(check(), 12 * MIN)).toBe('down');
    // campus went silent at 17 min: still two fresh votes, both down.
    expect(judgeCheckStatus(check(), 20 * MIN)).toBe('down');
    expect(judgePlacesAt(check(), 20 * MIN)).toMatchObject({ fresh: 2, down: 2 });
    // us silent at 24 min: one fresh vote left, too few for quorum 2.
    expect(judgeCheckStatus(check(), 24.5 * MIN)).toBe('unknown');
    expect(listStalePoints(check())).toEqual([25 * MIN, 24 * MIN, 17 * MIN]);
  });

  it('maintenance and an incident floor apply on top of the verdict', () => {
    expect(judgeCheckStatus(check('maintenance'), 12 * MIN)).toBe('maintenance');
    const calm: CheckFreshness = {
      ...check('degraded'),
      places: (check().places ?? []).map((place) => ({ ...place, status: 'up' as const })),
    };
    expect(judgeCheckStatus(calm, 12 * MIN)).toBe('degraded');
    // Too few current places: what the overlay says once stale.
    expect(judgeCheckStatus(check('degraded'), 30 * MIN)).toBe('degraded');
  });

  it('a single-place check is judged exactly as before', () => {
    const single: CheckFreshness = {
      newestMs: 10 * MIN,
      staleAfterMs: 15 * MIN,
      fresh: 'down',
      stale: 'unknown',
      counts: true,
    };
    expect(judgeCheckStatus(single, 20 * MIN)).toBe('down');
    expect(judgeCheckStatus(single, 26 * MIN)).toBe('unknown');
    expect(judgePlacesAt(single, 20 * MIN)).toBeUndefined();
    expect(listStalePoints(single)).toEqual([25 * MIN]);
  });
});
