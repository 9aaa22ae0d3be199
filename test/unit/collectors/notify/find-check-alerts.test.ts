import { describe, expect, it } from 'vitest';
import type { AlertState } from '../../../../collectors/notify/alert-state.ts';
import { findCheckAlerts, trackCheckStatuses } from '../../../../collectors/notify/find-check-alerts.ts';
import { AlertProviderSchema } from '../../../../core/model/alerts-schema.ts';
import { type CheckResult, type CheckStatus, ConfigSchema } from '../../../../core/model/index.ts';

const { checks } = ConfigSchema.parse({
  groups: [{ id: 'core', name: 'Core' }],
  checks: [
    { id: 'router', type: 'command', command: ['true'] },
    { id: 'db', group: 'core', type: 'command', command: ['true'], dependsOn: ['router'] },
  ],
});

const provider = (rules: Record<string, unknown> = {}) =>
  AlertProviderSchema.parse({ id: 'hook', type: 'webhook', url: 'https://hooks.example.org/x', ...rules });

const result = (id: string, status: CheckStatus): CheckResult =>
  ({ id, status, ms: 1, message: `${id} ${status}`, metrics: {}, detail: {} }) as CheckResult;

/** Runs the rules over a sequence of runs five minutes apart; returns what was told, run by run. */
function replay(rules: Record<string, unknown>, runs: Record<string, CheckStatus>[]): string[][] {
  let tracked: AlertState['checks'] = {};
  let open: AlertState['open'] = {};
  return runs.map((statuses, index) => {
    const at = new Date(Date.UTC(2026, 11, 1, 8, 5 * index)).toISOString();
    const results = Object.entries(statuses).map(([id, status]) => result(id, status));
    tracked = trackCheckStatuses(tracked, results, at);
    const found = findCheckAlerts({
      providers: [provider(rules)],
      checks,
      results,
      tracked,
      open,
      at,
      site: 'Lab',
      pageUrlOf: () => undefined,
      statusOf: (id) => tracked[id]?.status,
    });
    open = found.open;
    return found.alerts.map(
      ({ alert }) => `${alert.subject.id} ${alert.event}${alert.isReminder ? ' (reminder)' : ''}`,
    );
  });
}

describe('findCheckAlerts', () => {
  it.each([
    {
      name: 'down, still down, up: one trigger, one resolve',
      rules: {},
      runs: [{ db: 'down' }, { db: 'down' }, { db: 'up' }],
      told: [['db down'], [], ['db recovered']],
    },
    {
      name: 'degraded is not told by default, and a later down is',
      rules: {},
      runs: [{ db: 'degraded' }, { db: 'down' }, { db: 'up' }],
      told: [[], ['db down'], ['db recovered']],
    },
    {
      name: 'degraded, then down, under one key',
      rules: { events: ['degraded', 'down', 'recovered'] },
      runs: [{ db: 'degraded' }, { db: 'down' }, { db: 'up' }],
      told: [['db degraded'], ['db down'], ['db recovered']],
    },
    {
      name: 'maintenance and no data leave an open alert open',
      rules: {},
      runs: [{ db: 'down' }, { db: 'maintenance' }, { db: 'unknown' }, { db: 'down' }, { db: 'up' }],
      told: [['db down'], [], [], [], ['db recovered']],
    },
    {
      name: 'sendAfter 2: a one-run blip is never told, and neither is its recovery',
      rules: { sendAfter: 2 },
      runs: [{ db: 'down' }, { db: 'up' }, { db: 'down' }, { db: 'down' }],
      told: [[], [], [], ['db down']],
    },
    {
      name: 'remindEvery 10m',
      rules: { remindEvery: '10m' },
      runs: [{ db: 'down' }, { db: 'down' }, { db: 'down' }, { db: 'down' }, { db: 'down' }],
      told: [['db down'], [], ['db down (reminder)'], [], ['db down (reminder)']],
    },
    {
      name: 'a child is held while its parent is down',
      rules: {},
      runs: [
        { router: 'down', db: 'down' },
        { router: 'up', db: 'down' },
        { router: 'up', db: 'up' },
      ],
      told: [['router down'], ['router recovered', 'db down'], ['db recovered']],
    },
    {
      name: 'groups filter checks; recovered can be left out',
      rules: { groups: ['core'], events: ['down'] },
      runs: [
        { router: 'up', db: 'down' },
        { router: 'down', db: 'up' },
      ],
      told: [['db down'], []],
    },
  ] as const)('$name', ({ rules, runs, told }) => {
    expect(replay(rules, runs as unknown as Record<string, CheckStatus>[])).toEqual(told);
  });

  it("a new outage gets a new key; a reminder and the resolve keep the trigger's", () => {
    let tracked: AlertState['checks'] = {};
    let open: AlertState['open'] = {};
    const keys: string[] = [];
    for (const [minute, status] of [
      [0, 'down'],
      [5, 'up'],
      [10, 'down'],
      [15, 'up'],
    ] as const) {
      const at = new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString();
      const results = [result('router', status)];
      tracked = trackCheckStatuses(tracked, results, at);
      const found = findCheckAlerts({
        providers: [provider()],
        checks,
        results,
        tracked,
        open,
        at,
        site: 'Lab',
        pageUrlOf: () => undefined,
        statusOf: () => undefined,
      });
      open = found.open;
      keys.push(...found.alerts.map(({ alert }) => alert.key));
    }
    expect(keys).toEqual([
      'vigil/check/router/2026-12-01T08:00:00.000Z',
      'vigil/check/router/2026-12-01T08:00:00.000Z',
      'vigil/check/router/2026-12-01T08:10:00.000Z',
      'vigil/check/router/2026-12-01T08:10:00.000Z',
    ]);
  });
});

describe('findCheckAlerts mayOpen', () => {
  it('without the right to open, no new trigger, but its own open alert is reminded of and resolved', () => {
    const at = '2026-12-01T08:00:00.000Z';
    const base = {
      providers: [provider({ remindEvery: '10m' })],
      checks,
      tracked: { router: { status: 'down' as const, since: at, runs: 3 } },
      at,
      site: 'Lab',
      pageUrlOf: () => undefined,
      statusOf: () => undefined,
      mayOpen: () => false,
    };
    expect(findCheckAlerts({ ...base, results: [result('router', 'down')], open: {} }).alerts).toEqual([]);
    const held = {
      hook: { router: { status: 'down' as const, key: 'k', lastSentAt: '2026-12-01T07:00:00.000Z' } },
    };
    const reminded = findCheckAlerts({ ...base, results: [result('router', 'down')], open: held });
    expect(reminded.alerts.map(({ alert }) => [alert.key, alert.isReminder])).toEqual([['k', true]]);
    const resolved = findCheckAlerts({ ...base, results: [result('router', 'up')], open: held });
    expect(resolved.alerts.map(({ alert }) => [alert.key, alert.action])).toEqual([['k', 'resolve']]);
    expect(resolved.open.hook).toEqual({});
  });
});
