import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../../core/model/index.ts';

const issuesOf = (input: unknown) => {
  const parsed = ConfigSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

const command = (id: string, more: Record<string, unknown> = {}) => ({
  id,
  type: 'command',
  command: ['true'],
  ...more,
});

describe('alert settings and dependsOn, across fields', () => {
  it('accepts a config with providers, rules and dependencies', () => {
    expect(
      issuesOf({
        groups: [{ id: 'core', name: 'Core' }],
        alerts: {
          providers: [
            {
              id: 'mail',
              type: 'email',
              host: 'smtp.example.org',
              from: 'v@example.org',
              to: ['ops@example.org'],
              groups: ['core'],
            },
            {
              id: 'pager',
              type: 'pagerduty',
              routingKey: 'x',
              checks: ['db'],
              remindEvery: '1h',
              sendAfter: 2,
            },
          ],
        },
        checks: [command('router'), command('db', { group: 'core', dependsOn: ['router'] })],
      }),
    ).toEqual([]);
  });

  it('names every unknown id, duplicate provider and dependency loop', () => {
    expect(
      issuesOf({
        alerts: {
          incidentsFrom: 'nowhere',
          providers: [
            { id: 'hook', type: 'webhook', url: 'https://h.example.org', checks: ['nope'], groups: ['none'] },
            { id: 'hook', type: 'ntfy', topic: 'ops' },
          ],
        },
        sources: [{ id: 'east' }],
        checks: [
          command('a', { dependsOn: ['b'] }),
          command('b', { dependsOn: ['a', 'ghost'] }),
          command('c', { dependsOn: ['c'] }),
        ],
      }),
    ).toEqual([
      'alerts.providers.0.checks.0: unknown check "nope"; name one of "checks"',
      'alerts.providers.0.groups.0: unknown group "none"; name one of "groups"',
      'alerts.providers.1.id: duplicate provider id "hook"; each provider needs its own id',
      'alerts.incidentsFrom: unknown source "nowhere"; name one of "sources" (known: east)',
      'checks.1.dependsOn.1: unknown check "ghost"; name one of "checks"',
      'checks.2.dependsOn: check "c" cannot depend on itself',
      'checks.0.dependsOn: check "a" depends on itself through dependsOn; break the cycle',
      'checks.1.dependsOn: check "b" depends on itself through dependsOn; break the cycle',
    ]);
  });

  it('says which fields a provider type needs', () => {
    expect(
      issuesOf({
        alerts: {
          providers: [{ id: 'chat', type: 'matrix', homeserver: 'https://m.example.org', roomId: 'ops' }],
        },
      }),
    ).toEqual([
      'alerts.providers.0.roomId: expected a room id like "!abc123:example.org"',
      'alerts.providers.0.accessToken: Invalid input: expected string, received undefined',
    ]);
  });
});
