import { expect, it } from 'vitest';
import { findCollectorAlerts } from '../../../../collectors/notify/find-collector-alerts.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { AlertProviderSchema } from '../../../../core/model/alerts-schema.ts';

it('a place that only runs multi-place checks is judged silent by those checks (runsOn), and their providers hear', () => {
  const { config } = parseConfigText(
    `site: { interval: 1m }
sources: [{ id: eu }, { id: us }]
checks:
  - { id: web, type: http, url: "https://www.example.org/", sources: [eu, us], interval: 1m }
  - { id: db, type: tcp, host: db.example.org, port: 5432, source: eu, interval: 1h }
`,
    'status.config.yaml',
    {},
  );
  const now = new Date('2026-12-01T08:00:00Z');
  const provider = AlertProviderSchema.parse({
    id: 'hook',
    type: 'webhook',
    url: 'https://hooks.example.org/x',
    checks: ['web'],
    events: ['collector.silent'],
  });
  // us's newest run is 10 minutes old: past web's staleAfter (3 × 1 min).
  const found = findCollectorAlerts({
    providers: [provider],
    config,
    source: 'eu',
    newestRunMs: new Map([['us', now.getTime() - 10 * 60_000]]),
    previous: {},
    now,
  });
  expect(Object.keys(found.collectors)).toEqual(['us']);
  expect(found.alerts.map(({ alert }) => alert.event)).toEqual(['collector.silent']);
});

it.each([
  {
    name: 'no silentAfter: silent past staleAfter (3 × 1 min)',
    silentAfter: '',
    silentMinutes: 5,
    isTold: true,
  },
  {
    name: 'silentAfter 30m: 5 minutes of silence is not yet news',
    silentAfter: ', silentAfter: 30m',
    silentMinutes: 5,
    isTold: false,
  },
  {
    name: 'silentAfter 30m: 31 minutes of silence is',
    silentAfter: ', silentAfter: 30m',
    silentMinutes: 31,
    isTold: true,
  },
  {
    name: 'silentAfter 1m: shorter than staleAfter',
    silentAfter: ', silentAfter: 1m',
    silentMinutes: 2,
    isTold: true,
  },
])(
  'a source’s silentAfter sets how long it may go unheard: $name',
  ({ silentAfter, silentMinutes, isTold }) => {
    const { config } = parseConfigText(
      `sources: [{ id: dashboard }, { id: train03${silentAfter} }]
checks:
  - { id: agent, type: command, command: ["true"], source: train03, interval: 1m }
`,
      'status.config.yaml',
      {},
    );
    const now = new Date('2026-12-01T08:00:00Z');
    const provider = AlertProviderSchema.parse({
      id: 'hook',
      type: 'webhook',
      url: 'https://hooks.example.org/x',
      events: ['collector.silent'],
    });
    const found = findCollectorAlerts({
      providers: [provider],
      config,
      source: 'dashboard',
      newestRunMs: new Map([['train03', now.getTime() - silentMinutes * 60_000]]),
      previous: {},
      now,
    });
    expect(found.alerts.map(({ alert }) => alert.event)).toEqual(isTold ? ['collector.silent'] : []);
  },
);
