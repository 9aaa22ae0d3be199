// `services:` in the config: what loads, and each problem located at its file, line and field as a user
// sees it (through the real YAML loader).
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/config/config-error.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';

const HEAD = [
  'groups: [{ id: web, name: Web }]',
  'checks:',
  '  - { id: web-http, type: http, url: "http://127.0.0.1:5000/health" }',
  '  - { id: web-port, type: tcp, host: 127.0.0.1, port: 5000 }',
  '  - { id: web-unit, type: systemd, unit: web.service }',
  'services:',
];

/** The problems a config with these service lines (after HEAD) reports; [] when it loads. */
function problemsOf(serviceLines: string[]): string[] {
  try {
    parseConfigText([...HEAD, ...serviceLines, ''].join('\n'), 'status.config.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('services in the config', () => {
  it('loads a service with its name defaulted to its id and the worst rule', () => {
    const loaded = parseConfigText(
      [...HEAD, '  - { id: web-app, group: web, checks: [web-http, web-port, web-unit] }', ''].join('\n'),
      'status.config.yaml',
      {},
    );
    expect(loaded.config.services).toEqual([
      {
        id: 'web-app',
        name: 'web-app',
        group: 'web',
        checks: ['web-http', 'web-port', 'web-unit'],
        rollup: 'worst',
      },
    ]);
  });

  it('a config without services has an empty list', () => {
    const loaded = parseConfigText(HEAD.slice(0, -1).join('\n'), 'status.config.yaml', {});
    expect(loaded.config.services).toEqual([]);
  });

  it.each([
    {
      name: 'an unknown facet',
      lines: ['  - id: web-app', '    checks: [web-http, web-proc]'],
      problems: [
        'status.config.yaml:8: services[0].checks[1]: unknown check "web-proc"; name the id of one of "checks" (known: web-http, web-port, web-unit)',
      ],
    },
    {
      name: 'a duplicate service id',
      lines: ['  - { id: web-app, checks: [web-http] }', '  - { id: web-app, checks: [web-port] }'],
      problems: [
        'status.config.yaml:8: services[1].id: duplicate service id "web-app"; services[0] already uses it',
      ],
    },
    {
      name: 'a service id that is a check id',
      lines: ['  - { id: web-http, checks: [web-port] }'],
      problems: [
        'status.config.yaml:7: services[0].id: service id "web-http" is also a check id; services and checks share one id namespace, so give the service another id',
      ],
    },
    {
      name: 'a service id that is a group id',
      lines: ['  - { id: web, checks: [web-port] }'],
      problems: [
        'status.config.yaml:7: services[0].id: service id "web" is also a group id; incidents name both in "affected", so give them different ids',
      ],
    },
    {
      name: 'a reserved id',
      lines: ['  - { id: vigil, checks: [web-port] }'],
      problems: [
        'status.config.yaml:7: services[0].id: "vigil" is reserved (it would collide with /api/vigil/)',
      ],
    },
    {
      name: 'an unknown group',
      lines: ['  - { id: web-app, group: apps, checks: [web-port] }'],
      problems: [
        'status.config.yaml:7: services[0].group: unknown group "apps"; define it under "groups" (known: web)',
      ],
    },
    {
      name: 'a check in two services',
      lines: ['  - { id: a, checks: [web-http, web-port] }', '  - { id: b, checks: [web-port, web-unit] }'],
      problems: [
        'status.config.yaml:8: services[1].checks[0]: check "web-port" is already a facet of services[0]; a check belongs to at most one service',
      ],
    },
    {
      name: 'a check listed twice in one service',
      lines: ['  - { id: a, checks: [web-http, web-http] }'],
      problems: [
        'status.config.yaml:7: services[0].checks[1]: check "web-http" is listed twice in this service',
      ],
    },
    {
      name: 'a service of no checks',
      lines: ['  - { id: a, checks: [] }'],
      problems: [
        'status.config.yaml:7: services[0].checks: list at least one check id: the facets the service is made of, got []',
      ],
    },
    {
      name: 'a misspelt field',
      lines: ['  - { id: a, checks: [web-http], rolup: worst }'],
      problems: [
        'status.config.yaml:7: services[0].rolup: unknown field; check the spelling (see docs/configuration.md)',
      ],
    },
  ])('locates $name', ({ lines, problems }) => {
    expect(problemsOf(lines)).toEqual(problems);
  });
});
