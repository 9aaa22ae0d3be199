import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/config/config-error.ts';
import {
  neededByRun,
  neededBySite,
  parseConfigText,
  requireVariables,
} from '../../../../core/config/load-config.ts';
import { CHECK_TYPES } from '../../../../core/model/index.ts';

// Each case is a whole bad config and the exact problem lines a user sees.
const CASES: { name: string; yaml: string; env?: Record<string, string>; problems: string[] }[] = [
  {
    name: 'unknown check type',
    yaml: 'checks:\n  - id: web\n    type: htp\n',
    problems: [
      `status.config.yaml:3: checks[0].type: unknown check type "htp"; expected one of ${CHECK_TYPES.join(', ')}`,
    ],
  },
  {
    name: 'duplicate check id',
    yaml: 'checks:\n  - { id: web, type: tcp, host: a, port: 1 }\n  - { id: web, type: tcp, host: b, port: 2 }\n',
    problems: ['status.config.yaml:3: checks[1].id: duplicate check id "web"; checks[0] already uses it'],
  },
  {
    name: 'check id that is also a group id',
    yaml: 'groups:\n  - { id: web, name: Web }\nchecks:\n  - { id: web, type: tcp, host: a, port: 1 }\n',
    problems: [
      'status.config.yaml:4: checks[0].id: check id "web" is also a group id; incidents name both in "affected", so give them different ids',
    ],
  },
  {
    name: 'check id that the API paths reserve',
    yaml: 'checks:\n  - { id: web, type: tcp, host: a, port: 1 }\n  - { id: v2, type: tcp, host: b, port: 2 }\n',
    problems: ['status.config.yaml:3: checks[1].id: "v2" is reserved (it would collide with /api/v2/)'],
  },
  {
    name: 'group id that the API paths reserve',
    yaml: 'groups:\n  - { id: vigil, name: Vigil }\nchecks:\n  - { id: web, type: tcp, host: a, port: 1, group: vigil }\n',
    problems: ['status.config.yaml:2: groups[0].id: "vigil" is reserved (it would collide with /api/vigil/)'],
  },
  {
    name: 'bad URL',
    yaml: 'checks:\n  - id: web\n    type: http\n    url: not a url\n',
    problems: ['status.config.yaml:4: checks[0].url: expected an http(s) URL, got "not a url"'],
  },
  {
    name: 'URL with a protocol other than http(s)',
    yaml: 'checks:\n  - id: web\n    type: http\n    url: ftp://files.example.org/\n',
    problems: [
      'status.config.yaml:4: checks[0].url: expected an http(s) URL, got "ftp://files.example.org/"',
    ],
  },
  {
    name: 'bad duration',
    yaml: 'checks:\n  - id: db\n    type: tcp\n    host: db\n    port: 5432\n    timeout: "-5"\n',
    problems: [
      'status.config.yaml:6: checks[0].timeout: expected a duration like "5s", "500ms" or "2m", got "-5"',
    ],
  },
  {
    name: 'time zone that is not an IANA name',
    yaml: 'site:\n  timeZone: Europe/Berlinn\n',
    problems: [
      'status.config.yaml:2: site.timeZone: expected an IANA time zone name such as "UTC" or "Europe/Berlin", got "Europe/Berlinn"',
    ],
  },
  {
    name: 'duration without a unit',
    yaml: 'site:\n  interval: 300\n',
    problems: [
      'status.config.yaml:2: site.interval: expected a duration like "5s", "500ms" or "2m", got 300',
    ],
  },
  {
    name: 'unknown group',
    yaml: 'groups:\n  - { id: core, name: Core }\nchecks:\n  - { id: db, type: tcp, host: db, port: 5432, group: storage }\n',
    problems: [
      'status.config.yaml:4: checks[0].group: unknown group "storage"; define it under "groups" (known: core)',
    ],
  },
  {
    name: 'missing environment variable',
    yaml: 'checks:\n  - id: api\n    type: http\n    url: https://api.example.org/\n    headers:\n      Authorization: Bearer ${API_TOKEN}\n',
    problems: [
      'status.config.yaml:6: checks[0].headers.Authorization: environment variable API_TOKEN is not set; export it or write ${API_TOKEN:-default}',
    ],
  },
  {
    name: 'an alias bomb (billion laughs)',
    yaml: [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n'),
    problems: [
      'status.config.yaml:2: YAML aliases expand to too many values (more than 100); write the values out instead of nesting aliases',
    ],
  },
  {
    name: 'nesting too deep to read',
    yaml: `site: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
    problems: ['status.config.yaml:1: YAML syntax error: nesting too deep to read; flatten the structure'],
  },
  {
    name: 'a header link with a javascript: URL',
    yaml: 'site:\n  links:\n    - { label: Help, url: "javascript:alert(1)" }\n',
    problems: [
      'status.config.yaml:3: site.links[0].url: expected an http(s) URL or a relative path such as "/help/"; other schemes (javascript:, data:) are refused, got "javascript:alert(1)"',
    ],
  },
  {
    name: 'an invalid value that came from the environment is not echoed',
    yaml: 'site:\n  url: "${SITE_URL}"\n',
    env: { SITE_URL: 'not a url but pgpw_canary_42' },
    problems: ['status.config.yaml:2: site.url: Invalid URL, got "***"'],
  },
  {
    name: 'a pattern that could stall a run on foreign output',
    yaml: 'checks:\n  - id: ver\n    type: command\n    command: [git, --version]\n    match: "(?=git)git version"\n',
    problems: [
      'status.config.yaml:5: checks[0].match: "(?=git)git version" needs backtracking (a lookahead or a backreference), which Vigil never runs on foreign output because one such pattern can stall a run; rewrite it without them',
    ],
  },
  {
    name: 'YAML syntax error',
    yaml: 'checks:\n  - id: web\n    type: [http\n',
    problems: [
      'status.config.yaml:3:11: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (opened here, never closed)',
    ],
  },
  {
    name: "an unclosed single-quoted string with an escaped quote ('') in it",
    yaml: "site:\n  title: 'it''s open\n",
    problems: [
      "status.config.yaml:2:10: YAML syntax error: Missing closing 'quote (opened here, never closed)",
    ],
  },
  {
    name: 'an unclosed double-quoted string with an escaped quote (\\") in it',
    yaml: 'site:\n  title: "say \\"hi\\" open\n',
    problems: [
      'status.config.yaml:2:10: YAML syntax error: Missing closing "quote (opened here, never closed)',
    ],
  },
  {
    name: 'misspelt field',
    yaml: 'checks:\n  - id: ssh\n    type: tcp\n    host: login1\n    port: 22\n    banerr: SSH-2.0\n',
    problems: [
      'status.config.yaml:6: checks[0].banerr: unknown field; check the spelling (see docs/configuration.md)',
    ],
  },
  {
    name: 'missing required field',
    yaml: 'checks:\n  - id: ssh\n    type: tcp\n    host: login1\n',
    problems: ['status.config.yaml:2: checks[0].port: required field is missing'],
  },
  {
    name: 'port out of range',
    yaml: 'checks:\n  - { id: ssh, type: tcp, host: login1, port: 70000 }\n',
    problems: ['status.config.yaml:2: checks[0].port: Too big: expected number to be <=65535, got 70000'],
  },
  {
    name: 'id that is not URL-safe',
    yaml: 'checks:\n  - { id: My Web, type: tcp, host: a, port: 1 }\n',
    problems: [
      'status.config.yaml:2: checks[0].id: expected a URL-safe id (lower-case letters, digits, "-" or "_", starting with a letter or digit), got "My Web"',
    ],
  },
  {
    name: 'unknown source',
    yaml: 'sources:\n  - id: hpc\nchecks:\n  - { id: a, type: tcp, host: a, port: 1, source: lab }\n',
    problems: [
      'status.config.yaml:4: checks[0].source: unknown source "lab"; define it under "sources" (known: hpc)',
    ],
  },
  {
    name: 'empty threshold',
    yaml: 'checks:\n  - id: a\n    type: tcp\n    host: a\n    port: 1\n    thresholds:\n      connectMs: {}\n',
    problems: [
      'status.config.yaml:7: checks[0].thresholds.connectMs: give at least one of degradedAbove, downAbove, degradedBelow, downBelow, got {}',
    ],
  },
  {
    name: 'invalid regular expression',
    yaml: "checks:\n  - { id: git, type: command, command: [git, --version], match: 'version (' }\n",
    problems: [
      'status.config.yaml:2: checks[0].match: "version (" is not a valid regular expression: unterminated group',
    ],
  },
  {
    name: 'a bad pattern with a URL credential and an ESC: the token masked, the ESC written \\x1b',
    yaml: 'checks:\n  - { id: git, type: command, command: [git, --version], match: "https://user:tok3n@host/\\e]31m(" }\n',
    problems: [
      'status.config.yaml:2: checks[0].match: "https://user:***@host/\\x1b]31m(" is not a valid regular expression: unterminated group',
    ],
  },
  {
    name: 'command given as a string instead of an argument list',
    yaml: 'checks:\n  - { id: git, type: command, command: "git --version" }\n',
    problems: [
      'status.config.yaml:2: checks[0].command: expected array, received string, got "git --version"',
    ],
  },
];

/** The ConfigError a config text raises; fails the test if it loads. */
function catchConfigError(yaml: string, file: string, env: Record<string, string> = {}): ConfigError {
  try {
    parseConfigText(yaml, file, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('config errors name the file, line, field and value', () => {
  it.each(CASES)('$name', ({ yaml, env, problems }) => {
    expect(catchConfigError(yaml, 'status.config.yaml', env).problems).toEqual(problems);
  });

  it('lists every problem of a config at once, not only the first', () => {
    const yaml = [
      'groups: [{ id: core, name: Core }]',
      'checks:',
      '  - { id: a, type: htp }',
      '  - { id: a, type: tcp, host: x, port: 1, group: nope }',
      '  - { id: b, type: http, url: "https://x/${NOPE}", timeout: soon }',
    ].join('\n');
    const error = catchConfigError(yaml, 'bad.yaml');
    expect(error.problems).toHaveLength(5);
    expect(error.message).toMatch(/^bad\.yaml: 5 problems:/);
  });
});

describe('a missing ${VAR} is an error only where its value is used', () => {
  const yaml = [
    'checks:',
    '  - { id: web, type: http, url: "https://status.example.org/" }',
    '  - { id: hub, type: jupyterhub, url: "https://hub.example.org", token: "${HUB_TOKEN}" }',
    '  - { id: db, type: postgres, url: "postgres://vigil:${DB_PASSWORD}@127.0.0.1:5432/app" }',
  ].join('\n');

  it('build and validate need no collector secrets: the config loads, the variables wait', () => {
    const loaded = parseConfigText(yaml, 'status.config.yaml', {}, neededBySite);
    expect(loaded.config.checks.map((check) => check.id)).toEqual(['web', 'hub', 'db']);
    expect(loaded.unresolved.map((variable) => variable.path)).toEqual([
      ['checks', 1, 'token'],
      ['checks', 2, 'url'],
    ]);
  });

  it('collect needs the variables of the checks it runs, and only those', () => {
    const loaded = parseConfigText(yaml, 'status.config.yaml', {}, () => false);
    const byId = (...ids: string[]) => loaded.config.checks.filter((check) => ids.includes(check.id));
    expect(() => requireVariables(loaded, neededByRun(loaded.config, byId('web')))).not.toThrow();
    let problems: string[] = [];
    try {
      requireVariables(loaded, neededByRun(loaded.config, byId('web', 'hub')));
    } catch (error) {
      problems = error instanceof ConfigError ? error.problems : [];
    }
    expect(problems).toEqual([
      'status.config.yaml:3: checks[1].token: environment variable HUB_TOKEN is not set; export it or write ${HUB_TOKEN:-default}',
    ]);
  });

  it('one problem per cause: an unset variable is not also reported as an invalid value', () => {
    const problems = catchConfigError('site:\n  url: "${SITE_URL}"\n', 'status.config.yaml').problems;
    expect(problems).toEqual([
      'status.config.yaml:2: site.url: environment variable SITE_URL is not set; export it or write ${SITE_URL:-default}',
    ]);
  });

  it('build needs no alert secrets, even where only the unset variable made a URL or address invalid', () => {
    const text = [
      'alerts:',
      '  providers:',
      '    - { id: chat, type: slack, url: "${SLACK_WEBHOOK_URL}" }',
      '    - { id: mail, type: email, host: smtp.example.org, from: "${MAIL_FROM}", to: ["${MAIL_TO}"] }',
      '  heartbeat: { url: "${HEALTHCHECKS_URL}" }',
      'checks:',
      '  - { id: web, type: http, url: "https://status.example.org/" }',
    ].join('\n');
    const loaded = parseConfigText(text, 'status.config.yaml', {}, neededBySite);
    expect(loaded.config.checks.map((check) => check.id)).toEqual(['web']);
    expect(loaded.unresolved.map((variable) => variable.path.join('.'))).toEqual([
      'alerts.providers.0.url',
      'alerts.providers.1.from',
      'alerts.providers.1.to.0',
      'alerts.heartbeat.url',
    ]);
    // A collect run needs them: each is named, none stands in as a placeholder.
    expect(() => requireVariables(loaded, neededByRun(loaded.config, loaded.config.checks))).toThrow(
      /alerts\.providers\[0\]\.url: environment variable SLACK_WEBHOOK_URL is not set/,
    );
  });

  it("the Subscribe menu's list address is needed by the site: unset, it stops the build", () => {
    const text = [
      'alerts:',
      '  providers:',
      '    - id: mail',
      '      type: email',
      '      host: smtp.example.org',
      '      from: "${MAIL_FROM}"',
      '      to: [ops@example.org]',
      '      subscribe: { address: "${LIST_ADDRESS}", instructions: "Write to ${LIST_NAME}" }',
      'checks: []',
    ].join('\n');
    let problems: string[] = [];
    try {
      parseConfigText(text, 'status.config.yaml', {}, neededBySite);
    } catch (error) {
      problems = error instanceof ConfigError ? error.problems : [];
    }
    expect(problems.join('\n')).toMatch(
      /alerts\.providers\[0\]\.subscribe\.address: environment variable LIST_ADDRESS is not set/,
    );
    expect(problems.join('\n')).toMatch(/subscribe\.instructions: environment variable LIST_NAME is not set/);
    expect(problems.join('\n')).not.toMatch(/MAIL_FROM/);
  });

  it('an unset value a reader needs stops it, even when only that value made the field invalid', () => {
    const text = 'checks:\n  - { id: db, type: tcp, host: 127.0.0.1, port: "${DB_PORT}" }\n';
    let problems: string[] = [];
    try {
      parseConfigText(text, 'status.config.yaml', {}, neededBySite);
    } catch (error) {
      problems = error instanceof ConfigError ? error.problems : [];
    }
    expect(problems).toEqual([
      'status.config.yaml:2: checks[0].port: environment variable DB_PORT is not set; export it or write ${DB_PORT:-default}',
    ]);
  });
});

describe('a huge config', () => {
  it('is refused before parsing, naming the file and its size', () => {
    const yaml = `# ${'x'.repeat(2 * 1024 * 1024)}\nchecks: []\n`;
    expect(catchConfigError(yaml, 'big.yaml').problems).toEqual([
      'big.yaml: the file is 2.0 MiB; Vigil reads YAML files of at most 1 MiB',
    ]);
  });
});
