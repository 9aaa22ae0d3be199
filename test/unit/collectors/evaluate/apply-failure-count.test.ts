import { describe, expect, it } from 'vitest';
import { applyFailureCount } from '../../../../collectors/evaluate/apply-failure-count.ts';
import type { CheckState, ProbeStatus } from '../../../../core/model/index.ts';

/** Feeds a sequence of observed statuses through the counter like consecutive collect runs. */
function replay(observed: ProbeStatus[], failuresBeforeDown: number) {
  let state: CheckState | undefined;
  return observed.map((status, run) => {
    const verdict = applyFailureCount({
      observed: status,
      message: 'connect ECONNREFUSED 127.0.0.1:9',
      previous: state,
      failuresBeforeDown,
      now: new Date(Date.UTC(2026, 10, 22, 10, run * 5)),
    });
    state = verdict.state;
    return verdict;
  });
}

describe('applyFailureCount', () => {
  it('shows down only after N consecutive failures, degraded before', () => {
    const verdicts = replay(['up', 'down', 'down', 'down', 'up'], 2);
    expect(verdicts.map((v) => v.status)).toEqual(['up', 'degraded', 'down', 'down', 'up']);
    expect(verdicts[1]?.message).toBe('failing (1 of 2 before down): connect ECONNREFUSED 127.0.0.1:9');
    expect(verdicts[2]?.message).toBe('connect ECONNREFUSED 127.0.0.1:9');
  });

  it('resets the count after a success, so scattered failures never show down', () => {
    expect(replay(['down', 'up', 'down', 'up', 'down'], 2).map((v) => v.status)).toEqual([
      'degraded',
      'up',
      'degraded',
      'up',
      'degraded',
    ]);
  });

  it('with failuresBeforeDown 1 a failure is down at once', () => {
    expect(replay(['down'], 1)[0]?.status).toBe('down');
  });

  it('keeps "since" while the status holds and moves it when the status changes', () => {
    const verdicts = replay(['up', 'up', 'down', 'down', 'down'], 2);
    expect(verdicts[1]?.state.since).toBe(verdicts[0]?.state.since);
    expect(verdicts[3]?.state.since).toBe('2026-11-22T10:15:00.000Z');
    expect(verdicts[4]?.state.since).toBe('2026-11-22T10:15:00.000Z');
  });
});
