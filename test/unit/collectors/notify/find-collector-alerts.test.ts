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
