import { describe, expect, it } from 'vitest';
import { findStatusChanges } from '../../../../collectors/notify/find-status-changes.ts';
import {
  describeVerdictForAlert,
  handOverPlaceAlerts,
  judgeRunPlaces,
  judgeStoredPlaces,
} from '../../../../collectors/notify/place-gate.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { CheckResult, CheckStatus, StateFile } from '../../../../core/model/index.ts';

const { config } = parseConfigText(
  `site: { interval: 5m }
sources: [{ id: eu }, { id: us }, { id: campus }]
checks:
  - { id: web, type: http, url: "https://www.example.org/", sources: [eu, us, campus], quorum: 2 }
  - { id: db, type: tcp, host: db.example.org, port: 5432, source: eu }
`,
  'status.config.yaml',
  {},
);
const web = config.checks.find((check) => check.id === 'web');
if (web === undefined) throw new Error('no web');
const AT = Date.parse('2026-12-01T08:00:00Z');
const MINUTE = 60_000;

/** A place's state file whose newest run of web was `ageMin` minutes before AT. */
const stateOf = (status: CheckStatus, ageMin: number): StateFile => ({
  v: 1,
  updatedAt: new Date(AT - ageMin * MINUTE).toISOString(),
  checks: {
    web: {
      consecutiveFailures: 0,
      lastStatus: status,
      lastRunAt: new Date(AT - ageMin * MINUTE).toISOString(),
    },
  },
});
const result = (id: string, status: CheckStatus): CheckResult =>
  ({ id, status, ms: 1, message: `${id} said ${status}`, metrics: {}, detail: {} }) as CheckResult;

describe('judgeStoredPlaces', () => {
  it('votes this run, and each other place by its state file while current (staleAfter 15 min)', () => {
    const states = new Map([
      ['us', stateOf('down', 5)],
      ['campus', stateOf('down', 16)],
    ]);
    const own = { source: 'eu', status: 'down' as const };
    const judged = judgeStoredPlaces(web, states, config.site, AT, own);
    expect(judged.verdict).toMatchObject({ status: 'down', fresh: 2, down: 2, total: 3, required: 2 });
    expect(judged.places.map((place) => place.source)).toEqual(['eu', 'us', 'campus']);
    expect(judged.announcer).toBe('eu');
  });

  it('a place that never ran, or whose file never arrived, is silent: one place alone decides nothing', () => {
    const judged = judgeStoredPlaces(web, new Map(), config.site, AT, { source: 'campus', status: 'down' });
    expect(judged.verdict).toMatchObject({ status: 'unknown', fresh: 1 });
    // campus is the announcer when the places before it are silent.
    expect(judged.announcer).toBe('campus');
  });

  it('the announcer is the first current place in sources', () => {
    const states = new Map([
      ['eu', stateOf('up', 20)],
      ['us', stateOf('up', 1)],
    ]);
    expect(
      judgeStoredPlaces(web, states, config.site, AT, { source: 'campus', status: 'up' }).announcer,
    ).toBe('us');
  });
});

describe('judgeRunPlaces', () => {
  it('replaces a multi-place result by its judged one, leaves single-place results as they are', async () => {
    const gate = await judgeRunPlaces({
      config,
      dataDir: '/nonexistent',
      source: 'us',
      checks: config.checks,
      results: [result('web', 'down'), result('db', 'down')],
      at: new Date(AT),
      tracked: { web: { status: 'unknown', since: '2026-12-01T07:00:00.000Z', runs: 4 } },
      onWarning: () => {},
    });
    const [judgedWeb, db] = gate.results;
    expect(judgedWeb?.status).toBe('unknown');
    expect(judgedWeb?.message).toBe('no data: 1 of 3 places current (2 needed) (us: web said down)');
    expect(db).toEqual(result('db', 'down'));
    // us is the announcer: eu and campus are silent to it.
    expect(gate.speaksFor('web')).toBe(true);
    expect(gate.speaksFor('db')).toBe(true);
    expect(gate.judgements.get('web')?.tracked).toEqual({
      status: 'unknown',
      since: '2026-12-01T07:00:00.000Z',
      runs: 5,
    });
  });
});

describe('findStatusChanges with places', () => {
  it("tells a multi-place check when its judged status changes, not its place's", async () => {
    const gate = await judgeRunPlaces({
      config,
      dataDir: '/nonexistent',
      source: 'eu',
      checks: config.checks,
      results: [result('web', 'down')],
      at: new Date(AT),
      tracked: { web: { status: 'up', since: '2026-12-01T07:00:00.000Z', runs: 4 } },
      onWarning: () => {},
    });
    const previous: StateFile = { v: 1, checks: { web: { consecutiveFailures: 0, lastStatus: 'up' } } };
    // Own down, the others silent: unknown, a change from up (the judged status before).
    const changes = findStatusChanges(config.checks, previous, [result('web', 'down')], 'now', gate);
    expect(changes.map((change) => `${change.from}→${change.to}`)).toEqual(['up→unknown']);
    expect(findStatusChanges(config.checks, previous, [result('web', 'down')], 'now')).toHaveLength(1);
  });
});

describe('describeVerdictForAlert', () => {
  const verdict = { required: 2, total: 3, fresh: 3, up: 1, degraded: 0, down: 2 };
  it('says how many places agreed', () => {
    expect(describeVerdictForAlert({ ...verdict, status: 'down' })).toBe('down from 2 of 3 places');
    expect(describeVerdictForAlert({ ...verdict, status: 'degraded', down: 1, degraded: 1 })).toBe(
      'degraded or down from 2 of 3 places',
    );
    expect(describeVerdictForAlert({ ...verdict, status: 'up', up: 3, down: 0 })).toBe(
      'up from 3 of 3 places',
    );
  });
});

describe('handOverPlaceAlerts', () => {
  const gateOf = (announcer: string, isAnnouncer: boolean, status: CheckStatus) =>
    ({
      results: [],
      judgements: new Map([
        [
          'web',
          {
            checkId: 'web',
            status,
            announcer,
            isAnnouncer,
            places: ['eu', 'us', 'campus'].map((source) => ({ source, newestMs: AT, status })),
          },
        ],
      ]),
    }) as never;
  const euOpen = {
    status: 'down' as const,
    key: 'vigil/check/web/2026-12-01T07:00:00.000Z',
    lastSentAt: 'x',
  };
  const providers = [{ id: 'hook' }];

  it('a new announcer adopts the open alert another place holds while the check is down', () => {
    const open = handOverPlaceAlerts(
      gateOf('us', true, 'down'),
      {},
      new Map([['eu', { open: { hook: { web: euOpen } } }]]),
      providers,
    );
    expect(open.hook?.web).toEqual(euOpen);
    // Up, or with its own alert open, it adopts nothing.
    expect(
      handOverPlaceAlerts(
        gateOf('us', true, 'up'),
        {},
        new Map([['eu', { open: { hook: { web: euOpen } } }]]),
        providers,
      ).hook?.web,
    ).toBeUndefined();
    const mine = { ...euOpen, key: 'mine' };
    expect(
      handOverPlaceAlerts(
        gateOf('us', true, 'down'),
        { hook: { web: mine } },
        new Map([['eu', { open: { hook: { web: euOpen } } }]]),
        providers,
      ).hook?.web,
    ).toEqual(mine);
  });

  it('a place that is no longer the announcer drops the alert the announcer holds under the same key', () => {
    const others = new Map([['eu', { open: { hook: { web: euOpen } } }]]);
    expect(
      handOverPlaceAlerts(gateOf('eu', false, 'down'), { hook: { web: euOpen } }, others, providers).hook
        ?.web,
    ).toBeUndefined();
    // Another key (an alert of its own the announcer does not hold) stays: it is resolved by its holder.
    const other = { ...euOpen, key: 'other' };
    expect(
      handOverPlaceAlerts(gateOf('eu', false, 'down'), { hook: { web: other } }, others, providers).hook?.web,
    ).toEqual(other);
  });

  it('a place back after the alert it opened was resolved by the one that adopted it drops it silently', () => {
    const others = new Map([['us', { open: {}, resolved: { hook: { web: { key: euOpen.key, at: 'y' } } } }]]);
    for (const isAnnouncer of [true, false])
      expect(
        handOverPlaceAlerts(gateOf('eu', isAnnouncer, 'up'), { hook: { web: euOpen } }, others, providers)
          .hook?.web,
      ).toBeUndefined();
    // Nor is a resolved alert adopted.
    const both = new Map([
      ['eu', { open: { hook: { web: euOpen } } }],
      ['campus', { open: {}, resolved: { hook: { web: { key: euOpen.key, at: 'y' } } } }],
    ]);
    expect(handOverPlaceAlerts(gateOf('us', true, 'down'), {}, both, providers).hook?.web).toBeUndefined();
  });
});
