import { describe, expect, it } from 'vitest';
import {
  findIntervalWarnings,
  getCheckIntervalMs,
  getDueToleranceMs,
  getNextDueMs,
  isCheckDue,
} from '../../../../core/model/check-schedule.ts';
import { formatDurationMs } from '../../../../core/model/duration.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const site = { interval: 5 * MIN };
const NOW = Date.parse('2026-12-01T12:00:00Z');
const ago = (ms: number) => ({ lastRunAt: new Date(NOW - ms).toISOString() });

describe('getCheckIntervalMs', () => {
  it("is the check's own interval, else the site's", () => {
    expect(getCheckIntervalMs({ interval: 30 * SEC }, site)).toBe(30 * SEC);
    expect(getCheckIntervalMs({}, site)).toBe(5 * MIN);
  });
});

describe('getDueToleranceMs', () => {
  it.each([
    [5 * SEC, SEC],
    [MIN, 12 * SEC],
    [5 * MIN, 30 * SEC],
    [MIN * 60, 30 * SEC],
  ])('interval %d ms: %d ms early still counts', (intervalMs, toleranceMs) => {
    expect(getDueToleranceMs(intervalMs)).toBe(toleranceMs);
  });
});

describe('isCheckDue', () => {
  const check = { interval: 5 * MIN };
  it.each([
    ['never ran', undefined, true],
    ['ran 5 min ago', ago(5 * MIN), true],
    // A cron that fires a few seconds early (start times wobble) must not skip a 5-minute check.
    ['ran 4 min 40 s ago (cron started early)', ago(4 * MIN + 40 * SEC), true],
    ['ran exactly interval - tolerance ago', ago(4 * MIN + 30 * SEC), true],
    ['ran 4 min 29 s ago', ago(4 * MIN + 29 * SEC), false],
    ['ran 1 min ago', ago(MIN), false],
    ['ran just now', ago(0), false],
    // The clock jumped back: the check runs rather than wait for its last run's future.
    ['last run in the future', ago(-10 * MIN), true],
    ['unreadable lastRunAt', { lastRunAt: 'yesterday' }, true],
    ['state without lastRunAt', {}, true],
  ])('%s: %s', (_name, state, due) => {
    expect(isCheckDue(check, state, site, NOW)).toBe(due);
  });

  it('a 1-minute cron serves 1-, 5- and 15-minute checks at their own pace over an hour', () => {
    const checks = { one: { interval: MIN }, five: { interval: 5 * MIN }, fifteen: { interval: 15 * MIN } };
    const lastRun: Record<string, { lastRunAt: string }> = {};
    const runs: Record<string, number> = { one: 0, five: 0, fifteen: 0 };
    for (let minute = 0; minute < 60; minute++) {
      // Cron start times wobble by up to ±3 s.
      const nowMs = NOW + minute * MIN + (((minute * 5) % 7) - 3) * SEC;
      for (const [id, check] of Object.entries(checks)) {
        if (!isCheckDue(check, lastRun[id], site, nowMs)) continue;
        runs[id] = (runs[id] as number) + 1;
        lastRun[id] = { lastRunAt: new Date(nowMs).toISOString() };
      }
    }
    expect(runs).toEqual({ one: 60, five: 12, fifteen: 4 });
  });
});

describe('getNextDueMs', () => {
  it('is now for a check that never ran, else the last run plus the interval less the tolerance', () => {
    expect(getNextDueMs({ interval: 5 * MIN }, undefined, site, NOW)).toBe(NOW);
    expect(getNextDueMs({ interval: 5 * MIN }, ago(MIN), site, NOW)).toBe(NOW + 3 * MIN + 30 * SEC);
    expect(getNextDueMs({}, ago(MIN), site, NOW)).toBe(NOW + 3 * MIN + 30 * SEC);
    expect(getNextDueMs({ interval: 10 * SEC }, ago(SEC), site, NOW)).toBe(NOW + 7 * SEC);
  });
});

describe('findIntervalWarnings', () => {
  it('warns, naming the check and the numbers, when one run can outlast the interval', () => {
    const warnings = findIntervalWarnings(
      [
        { id: 'ok', interval: 30 * SEC, timeout: 10 * SEC, retries: 1 },
        { id: 'tight', interval: 5 * SEC, timeout: 10 * SEC, retries: 1 },
        { id: 'site-paced', timeout: 10 * MIN, retries: 0 },
      ],
      site,
      formatDurationMs,
    );
    expect(warnings).toEqual([
      'checks[1] "tight": interval 5 s is shorter than one run can take: timeout 10 s × 2 attempts (retries: 1) = 20 s; a slow target makes its runs fall behind. Raise interval, or lower timeout or retries',
      'checks[2] "site-paced": interval 5 min (site.interval) is shorter than one run can take: timeout 10 min × 1 attempt (retries: 0) = 10 min; a slow target makes its runs fall behind. Raise interval, or lower timeout or retries',
    ]);
  });

  it("looks only at the checks it is asked to, naming each by its place in the config's list", () => {
    const checks = [
      { id: 'a', interval: 5 * SEC, timeout: 10 * SEC, retries: 0 },
      { id: 'b', interval: 5 * SEC, timeout: 10 * SEC, retries: 0 },
    ];
    const warnings = findIntervalWarnings(checks, site, formatDurationMs, (check) => check.id === 'b');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^checks\[1\] "b": /);
  });
});
