import { describe, expect, it } from 'vitest';
import { createWatchSchedule } from '../../../../collectors/watch/watch-schedule.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { StateFile } from '../../../../core/model/index.ts';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');

function load(checks: string, collect = '') {
  return parseConfigText(`site: { interval: 1m }\n${collect}checks:\n${checks}`, 'status.config.yaml', {})
    .config;
}

const EMPTY: StateFile = { v: 1, checks: {} };

function ids(batches: { id: string }[][]): string[][] {
  return batches.map((batch) => batch.map((check) => check.id));
}

describe('createWatchSchedule', () => {
  it('runs each check on its own interval; checks due together are one batch', () => {
    const config = load(
      '  - { id: one, type: tcp, host: 127.0.0.1, port: 1, interval: 1s }\n  - { id: three, type: tcp, host: 127.0.0.1, port: 1, interval: 3s }\n',
    );
    const schedule = createWatchSchedule(config.checks, config, EMPTY, T0);
    const seen: string[] = [];
    for (let now = T0; now < T0 + 6_000; now += 1_000) {
      const batches = schedule.takeDue(now);
      seen.push(
        ids(batches)
          .map((batch) => batch.join('+'))
          .join(' ') || '-',
      );
      for (const batch of batches) schedule.finish(batch, now + 10, () => 10);
      expect(schedule.nextWakeMs()).toBe(now + 1_000);
    }
    expect(seen).toEqual(['one+three', 'one', 'one', 'one+three', 'one', 'one']);
  });

  it('never starts a check that is still running; the slots it overran are missed, not queued', () => {
    const config = load('  - { id: slow, type: tcp, host: 127.0.0.1, port: 1, interval: 1s }\n');
    const schedule = createWatchSchedule(config.checks, config, EMPTY, T0);
    const [batch] = schedule.takeDue(T0);
    expect(ids([batch ?? []])).toEqual([['slow']]);
    expect(schedule.takeDue(T0 + 1_000)).toEqual([]);
    expect(schedule.nextWakeMs()).toBeUndefined();
    // It ran 2.5 s: the slots at 1 s and 2 s passed while it ran; the next is at 3 s.
    expect(schedule.finish(batch ?? [], T0 + 2_500, () => 2_500)).toEqual([{ id: 'slow', missed: 2 }]);
    expect(schedule.nextWakeMs()).toBe(T0 + 3_000);
  });

  it('puts a check whose last run was slow in a batch of its own, so it cannot hold quick ones back', () => {
    const config = load(
      '  - { id: quick, type: tcp, host: 127.0.0.1, port: 1, interval: 5s }\n  - { id: slow, type: tcp, host: 127.0.0.1, port: 1, interval: 5s }\n',
    );
    const schedule = createWatchSchedule(config.checks, config, EMPTY, T0);
    const first = schedule.takeDue(T0);
    expect(ids(first)).toEqual([['quick', 'slow']]);
    schedule.finish(first[0] ?? [], T0 + 3_000, (id) => (id === 'slow' ? 3_000 : 5));
    expect(ids(schedule.takeDue(T0 + 5_000))).toEqual([['quick'], ['slow']]);
  });

  it('keeps probes of one kind across batches within collect.concurrency', () => {
    const config = load(
      '  - { id: a, type: tcp, host: 127.0.0.1, port: 1, interval: 1s }\n  - { id: b, type: tcp, host: 127.0.0.1, port: 1, interval: 2s }\n  - { id: c, type: tcp, host: 127.0.0.1, port: 1, interval: 2s }\n',
      'collect: { concurrency: 2 }\n',
    );
    const schedule = createWatchSchedule(config.checks, config, EMPTY, T0);
    // Nothing runs: one batch takes every due check (runChecks bounds it inside).
    const first = schedule.takeDue(T0);
    expect(ids(first)).toEqual([['a', 'b', 'c']]);
    schedule.finish(first[0] ?? [], T0 + 100, () => 100);
    const [aOnly] = schedule.takeDue(T0 + 1_000);
    expect(ids([aOnly ?? []])).toEqual([['a']]);
    // a still runs at 2 s: one slot of two is free, so one of b and c starts, the other waits.
    const second = schedule.takeDue(T0 + 2_000);
    expect(ids(second)).toEqual([['b']]);
    expect(schedule.nextWakeMs()).toBeUndefined();
    schedule.finish(aOnly ?? [], T0 + 2_100, () => 1_100);
    expect(ids(schedule.takeDue(T0 + 2_100))).toEqual([['c']]);
  });

  it('keeps the cadence across a restart: a check that ran recently waits for its interval', () => {
    const config = load(
      '  - { id: recent, type: tcp, host: 127.0.0.1, port: 1, interval: 1m }\n  - { id: never, type: tcp, host: 127.0.0.1, port: 1, interval: 1m }\n',
    );
    const state: StateFile = {
      v: 1,
      checks: { recent: { consecutiveFailures: 0, lastRunAt: new Date(T0 - 10_000).toISOString() } },
    };
    const schedule = createWatchSchedule(config.checks, config, state, T0);
    expect(ids(schedule.takeDue(T0))).toEqual([['never']]);
    const next = schedule.nextWakeMs() ?? 0;
    expect(next).toBeGreaterThan(T0);
    expect(next).toBeLessThanOrEqual(T0 + 50_000);
  });
});
