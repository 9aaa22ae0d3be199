import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/config/config-error.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import {
  type ConditionCheckType,
  compileConditions,
  parseGoDurationMs,
} from '../../../../core/model/conditions.ts';
import { parseCheck } from '../../../helpers/parse-check.ts';

const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
const NOT_4XX_LIST = range(401, 499);

// Each Gatus condition and the fields it compiles to.
const FORMS: { type: ConditionCheckType; conditions: string[]; fields: Record<string, unknown> }[] = [
  { type: 'http', conditions: ['[STATUS] == 200'], fields: { expectedStatus: [200] } },
  { type: 'http', conditions: ['200 == [STATUS]'], fields: { expectedStatus: [200] } },
  { type: 'http', conditions: ['[status] == 204'], fields: { expectedStatus: [204] } },
  { type: 'http', conditions: ['[STATUS] < 300'], fields: { expectedStatus: ['1xx', '2xx'] } },
  { type: 'http', conditions: ['[STATUS] <= 299'], fields: { expectedStatus: ['1xx', '2xx'] } },
  { type: 'http', conditions: ['[STATUS] >= 200', '[STATUS] < 300'], fields: { expectedStatus: ['2xx'] } },
  { type: 'http', conditions: ['[STATUS] > 400'], fields: { expectedStatus: [...NOT_4XX_LIST, '5xx'] } },
  {
    type: 'http',
    conditions: ['[STATUS] != 500', '[STATUS] < 600', '[STATUS] >= 500'],
    fields: { expectedStatus: Array.from({ length: 99 }, (_, offset) => 501 + offset) },
  },
  { type: 'http', conditions: ['[STATUS] == any(200, 429)'], fields: { expectedStatus: [200, 429] } },
  { type: 'http', conditions: ['[STATUS] == pat(2*)'], fields: { expectedStatus: ['2xx'] } },
  { type: 'http', conditions: ['[STATUS] == pat(30?)'], fields: { expectedStatus: range(300, 309) } },
  {
    type: 'http',
    conditions: ['[STATUS] != pat(5*)'],
    fields: { expectedStatus: ['1xx', '2xx', '3xx', '4xx'] },
  },
  {
    type: 'http',
    conditions: ['[STATUS] != any(404, 410)', '[STATUS] == pat(4*)'],
    fields: { expectedStatus: [...range(400, 403), ...range(405, 409), ...range(411, 499)] },
  },
  {
    type: 'http',
    conditions: ['[RESPONSE_TIME] < 500'],
    fields: { thresholds: { latencyMs: { downAbove: 500 } } },
  },
  {
    type: 'http',
    conditions: ['[RESPONSE_TIME] <= 500'],
    fields: { thresholds: { latencyMs: { downAbove: 500 } } },
  },
  {
    type: 'http',
    conditions: ['[RESPONSE_TIME] < 1s'],
    fields: { thresholds: { latencyMs: { downAbove: 1000 } } },
  },
  {
    type: 'http',
    conditions: ['[RESPONSE_TIME] > 1', '[RESPONSE_TIME] < 300'],
    fields: { thresholds: { latencyMs: { downBelow: 1, downAbove: 300 } } },
  },
  {
    type: 'http',
    conditions: ['[CERTIFICATE_EXPIRATION] > 48h'],
    fields: { thresholds: { certDaysLeft: { downBelow: 2 } } },
  },
  {
    type: 'http',
    conditions: ['[CERTIFICATE_EXPIRATION] >= 168h'],
    fields: { thresholds: { certDaysLeft: { downBelow: 7 } } },
  },
  { type: 'http', conditions: ['[BODY] == pat(*ok*)'], fields: { keyword: 'ok' } },
  { type: 'http', conditions: ['[BODY] != pat(*error*)'], fields: { forbiddenKeyword: 'error' } },
  { type: 'http', conditions: ['[CONNECTED] == true'], fields: {} },
  {
    type: 'http',
    conditions: ['[BODY].status == UP'],
    fields: { json: [{ path: '$.status', equals: 'UP', condition: '[BODY].status == UP' }] },
  },
  {
    type: 'http',
    conditions: ['[BODY].data[0].id == 1', '[BODY].ok == true', '[BODY].gone == null'],
    fields: {
      json: [
        { path: '$.data[0].id', equals: 1, condition: '[BODY].data[0].id == 1' },
        { path: '$.ok', equals: true, condition: '[BODY].ok == true' },
        { path: '$.gone', equals: null, condition: '[BODY].gone == null' },
      ],
    },
  },
  {
    type: 'http',
    conditions: ['[BODY].status != DOWN'],
    fields: { json: [{ path: '$.status', notEquals: 'DOWN', condition: '[BODY].status != DOWN' }] },
  },
  {
    type: 'http',
    conditions: ['[BODY].a < 1', '[BODY].b <= 2', '[BODY].c > 3', '[BODY].d >= 4.5'],
    fields: {
      json: [
        { path: '$.a', below: 1, condition: '[BODY].a < 1' },
        { path: '$.b', atMost: 2, condition: '[BODY].b <= 2' },
        { path: '$.c', above: 3, condition: '[BODY].c > 3' },
        { path: '$.d', atLeast: 4.5, condition: '[BODY].d >= 4.5' },
      ],
    },
  },
  {
    type: 'http',
    conditions: ['len([BODY].data) < 5', 'len([BODY].name) == 8', 'len([BODY]) > 2'],
    fields: {
      json: [
        { path: '$.data', length: { below: 5 }, condition: 'len([BODY].data) < 5' },
        { path: '$.name', length: { equals: 8 }, condition: 'len([BODY].name) == 8' },
        { path: '$', length: { above: 2 }, condition: 'len([BODY]) > 2' },
      ],
    },
  },
  {
    type: 'http',
    conditions: ['has([BODY].errors) == false', 'has([BODY].users) == true'],
    fields: {
      json: [
        { path: '$.errors', exists: false, condition: 'has([BODY].errors) == false' },
        { path: '$.users', exists: true, condition: 'has([BODY].users) == true' },
      ],
    },
  },
  {
    type: 'http',
    conditions: ['[BODY].name == pat(john*)', '[BODY].id == any(1, 2, three)'],
    fields: {
      json: [
        { path: '$.name', pattern: 'john*', condition: '[BODY].name == pat(john*)' },
        { path: '$.id', oneOf: [1, 2, 'three'], condition: '[BODY].id == any(1, 2, three)' },
      ],
    },
  },
  { type: 'tcp', conditions: ['[CONNECTED] == true'], fields: {} },
  {
    type: 'tcp',
    conditions: ['[RESPONSE_TIME] < 100'],
    fields: { thresholds: { connectMs: { downAbove: 100 } } },
  },
  {
    type: 'dns',
    conditions: ['[DNS_RCODE] == NXDOMAIN', '[BODY] == 127.0.0.1', '[RESPONSE_TIME] < 50'],
    fields: { expectedRcode: 'NXDOMAIN', expect: ['127.0.0.1'], thresholds: { queryMs: { downAbove: 50 } } },
  },
];

describe('compileConditions: every supported form', () => {
  it.each(FORMS)('$type: $conditions', ({ type, conditions, fields }) => {
    const compiled = compileConditions(type, conditions);
    expect(compiled.problems).toEqual([]);
    expect(compiled.fields).toEqual(fields);
  });
});

// Each bad condition and the problem it reports, at its index.
const ERRORS: { type: ConditionCheckType; conditions: string[]; index: number; message: string }[] = [
  {
    type: 'http',
    conditions: ['[FOO] == 1'],
    index: 0,
    message: 'unknown placeholder [FOO] in "[FOO] == 1"',
  },
  {
    type: 'http',
    conditions: ['[STATUS] == 200', '[DOMAIN_EXPIRATION] > 720h'],
    index: 1,
    message:
      '[DOMAIN_EXPIRATION] is not supported (Vigil does no WHOIS lookups): "[DOMAIN_EXPIRATION] > 720h"',
  },
  {
    type: 'http',
    conditions: ['[IP] == 127.0.0.1'],
    index: 0,
    message:
      '[IP] is not supported (Vigil does not record the address a name resolved to): "[IP] == 127.0.0.1"',
  },
  {
    type: 'tcp',
    conditions: ['[RESULT] == 0'],
    index: 0,
    message:
      '[RESULT] is not supported (it belongs to ssh checks, which Vigil runs as command checks): "[RESULT] == 0"',
  },
  {
    type: 'http',
    conditions: ['[STATUS]==200'],
    index: 0,
    message:
      'no operator in "[STATUS]==200"; write "LEFT OP RIGHT" with one of == != <= >= > < between spaces',
  },
  {
    type: 'tcp',
    conditions: ['[STATUS] == 200'],
    index: 0,
    message:
      '[STATUS] is not available on a tcp check (it has [CONNECTED], [RESPONSE_TIME]): "[STATUS] == 200"',
  },
  {
    type: 'http',
    conditions: ['[DNS_RCODE] == NOERROR'],
    index: 0,
    message:
      '[DNS_RCODE] is not available on an http check (it has [STATUS], [RESPONSE_TIME], [BODY], [CERTIFICATE_EXPIRATION], [CONNECTED]): "[DNS_RCODE] == NOERROR"',
  },
  {
    type: 'http',
    conditions: ['[STATUS] == abc'],
    index: 0,
    message: 'expected a status code, got "abc": "[STATUS] == abc"',
  },
  {
    type: 'http',
    conditions: ['[STATUS] < 200', '[STATUS] > 300'],
    index: 0,
    message: 'no status code satisfies every [STATUS] condition',
  },
  {
    type: 'http',
    conditions: ['[STATUS] < any(1, 2)'],
    index: 0,
    message: 'any() works only with == and !=: "[STATUS] < any(1, 2)"',
  },
  {
    type: 'http',
    conditions: ['[RESPONSE_TIME] == 5'],
    index: 0,
    message: 'compare with <, <=, > or >= and a value: "[RESPONSE_TIME] == 5"',
  },
  {
    type: 'http',
    conditions: ['[RESPONSE_TIME] < 5', '[RESPONSE_TIME] <= 9'],
    index: 1,
    message: 'another condition already sets this limit: "[RESPONSE_TIME] <= 9"',
  },
  {
    type: 'http',
    conditions: ['[CERTIFICATE_EXPIRATION] > soon'],
    index: 0,
    message: 'expected a number or a duration such as 48h, got "soon": "[CERTIFICATE_EXPIRATION] > soon"',
  },
  {
    type: 'http',
    conditions: ['[CERTIFICATE_EXPIRATION] < 48h'],
    index: 0,
    message:
      'only a lower limit (> or >=) is supported on [CERTIFICATE_EXPIRATION]: "[CERTIFICATE_EXPIRATION] < 48h"',
  },
  {
    type: 'http',
    conditions: ['[BODY] == OK'],
    index: 0,
    message:
      '[BODY] compared as a whole is supported only as [BODY] == pat(*text*) or [BODY] != pat(*text*): "[BODY] == OK"',
  },
  {
    type: 'http',
    conditions: ['[BODY] == pat(*a*b*)'],
    index: 0,
    message:
      '[BODY] compared as a whole is supported only as [BODY] == pat(*text*) or [BODY] != pat(*text*): "[BODY] == pat(*a*b*)"',
  },
  {
    type: 'http',
    conditions: ['[BODY].age == [BODY].id'],
    index: 0,
    message: 'comparing two placeholders is not supported in "[BODY].age == [BODY].id"; compare with a value',
  },
  {
    type: 'http',
    conditions: ['[BODY].a > many'],
    index: 0,
    message: 'expected a number after >, got "many": "[BODY].a > many"',
  },
  {
    type: 'http',
    conditions: ['[BODY].a != pat(x*)'],
    index: 0,
    message: '!= pat() is not supported on a JSON value: "[BODY].a != pat(x*)"',
  },
  {
    type: 'http',
    conditions: ['[BODY]..a == 1'],
    index: 0,
    message: 'malformed JSON path "[BODY]..a" in "[BODY]..a == 1"',
  },
  {
    type: 'http',
    conditions: ['len([BODY].a == 1'],
    index: 0,
    message: 'len( without its closing ) in "len([BODY].a == 1"',
  },
  {
    type: 'http',
    conditions: ['len([STATUS]) == 1'],
    index: 0,
    message: 'len() works only on [BODY] in "len([STATUS]) == 1"',
  },
  {
    type: 'http',
    conditions: ['len([BODY].a) == many'],
    index: 0,
    message: 'len() compares with a number: "len([BODY].a) == many"',
  },
  {
    type: 'http',
    conditions: ['has([BODY].a) == maybe'],
    index: 0,
    message: 'write has([BODY].path) == true or == false: "has([BODY].a) == maybe"',
  },
  {
    type: 'http',
    conditions: ['[CONNECTED] == false'],
    index: 0,
    message:
      'only "[CONNECTED] == true" is supported (a check is down when it cannot connect): "[CONNECTED] == false"',
  },
  {
    type: 'http',
    conditions: ['[BODY] == pat(*a*)', '[BODY] == pat(*b*)'],
    index: 1,
    message: 'another condition already sets keyword: "[BODY] == pat(*b*)"',
  },
  {
    type: 'dns',
    conditions: ['[BODY].a == 1'],
    index: 0,
    message: '[BODY] JSON paths are only for http checks: "[BODY].a == 1"',
  },
  {
    type: 'dns',
    conditions: ['[DNS_RCODE] != NOERROR'],
    index: 0,
    message: 'write [DNS_RCODE] == NAME, such as NOERROR: "[DNS_RCODE] != NOERROR"',
  },
  {
    type: 'dns',
    conditions: ['[BODY] == any(1.1.1.1, 1.0.0.1)'],
    index: 0,
    message: 'write [BODY] == ANSWER on a dns check: "[BODY] == any(1.1.1.1, 1.0.0.1)"',
  },
];

describe('compileConditions: every error names its condition', () => {
  it.each(ERRORS)('$conditions', ({ type, conditions, index, message }) => {
    expect(compileConditions(type, conditions).problems).toEqual([{ index, message }]);
  });

  it('cuts a huge condition short in its message', () => {
    const [problem] = compileConditions('http', [`[BODY].a == ${'x'.repeat(5000)}`]).problems;
    expect(problem?.message).toMatch(/^condition longer than 1000 characters: "\[BODY\]\.a == x+…"$/);
    expect(problem?.message.length).toBeLessThan(150);
  });
});

describe('parseGoDurationMs', () => {
  it.each([
    ['48h', 172_800_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['500ms', 500],
    ['2d', 172_800_000],
    ['1500', 1500],
    ['soon', undefined],
    ['', undefined],
    ['5x', undefined],
  ])('%s', (text, ms) => {
    expect(parseGoDurationMs(text)).toBe(ms);
  });
});

const BASE_HTTP = { id: 'api', type: 'http', url: 'http://127.0.0.1:1/health' };

describe('a check with conditions is the check written with fields', () => {
  const withoutConditions = ({ conditions: _conditions, ...check }: Record<string, unknown>) => check;

  it.each([
    {
      conditions: ['[STATUS] == 200', '[RESPONSE_TIME] < 300', '[CERTIFICATE_EXPIRATION] > 48h'],
      fields: {
        expectedStatus: [200],
        thresholds: { latencyMs: { downAbove: 300 }, certDaysLeft: { downBelow: 2 } },
      },
    },
    {
      conditions: ['[BODY] == pat(*healthy*)', '[BODY] != pat(*error*)'],
      fields: { keyword: 'healthy', forbiddenKeyword: 'error' },
    },
    {
      conditions: ['[BODY].status == UP', 'len([BODY].items) >= 1'],
      fields: {
        json: [
          { path: '$.status', equals: 'UP', condition: '[BODY].status == UP' },
          { path: '$.items', length: { atLeast: 1 }, condition: 'len([BODY].items) >= 1' },
        ],
      },
    },
  ])('$conditions', ({ conditions, fields }) => {
    const fromConditions = parseCheck({ ...BASE_HTTP, conditions });
    const fromFields = parseCheck({ ...BASE_HTTP, ...fields });
    expect(withoutConditions(fromConditions)).toEqual(fromFields);
    expect(fromConditions.type === 'http' && fromConditions.conditions).toEqual(conditions);
  });

  it('a tcp check with [CONNECTED] == true and a connect limit', () => {
    const tcp = { id: 'ssh', type: 'tcp', host: '127.0.0.1', port: 22 };
    const fromConditions = parseCheck({
      ...tcp,
      conditions: ['[CONNECTED] == true', '[RESPONSE_TIME] < 200'],
    });
    expect(withoutConditions(fromConditions)).toEqual(
      parseCheck({ ...tcp, thresholds: { connectMs: { downAbove: 200 } } }),
    );
  });

  it('a dns check with an rcode, answers and a query-time limit', () => {
    const dns = { id: 'ns', type: 'dns', server: '127.0.0.1', name: 'svc.test' };
    const fromConditions = parseCheck({
      ...dns,
      conditions: [
        '[DNS_RCODE] == NOERROR',
        '[BODY] == 127.0.0.5',
        '[BODY] == 127.0.0.6',
        '[RESPONSE_TIME] < 50',
      ],
    });
    expect(withoutConditions(fromConditions)).toEqual(
      parseCheck({
        ...dns,
        expectedRcode: 'NOERROR',
        expect: ['127.0.0.5', '127.0.0.6'],
        thresholds: { queryMs: { downAbove: 50 } },
      }),
    );
  });

  it('an unknown response code is an error at its condition', () => {
    const problems = catchProblems(
      'checks:\n  - id: ns\n    type: dns\n    server: 127.0.0.1\n    name: a.test\n    conditions: ["[DNS_RCODE] == NOPE"]\n',
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^status\.config\.yaml:6: checks\[0\]\.conditions\[0\]: unknown response code "NOPE" in "\[DNS_RCODE\] == NOPE"; expected one of NOERROR, /,
      ),
    ]);
  });

  it('keeps the json assertions and thresholds the check gives, with the conditions after them', () => {
    const check = parseCheck({
      ...BASE_HTTP,
      json: [{ path: '$.queue.depth', metric: 'queueDepth' }],
      thresholds: { queueDepth: { degradedAbove: 10 } },
      conditions: ['[BODY].status == UP', '[RESPONSE_TIME] < 300'],
    });
    expect(check.type === 'http' && check.json).toEqual([
      { path: '$.queue.depth', metric: 'queueDepth' },
      { path: '$.status', equals: 'UP', condition: '[BODY].status == UP' },
    ]);
    expect(check.thresholds).toEqual({ queueDepth: { degradedAbove: 10 }, latencyMs: { downAbove: 300 } });
  });
});

function catchProblems(yaml: string): string[] {
  try {
    parseConfigText(yaml, 'status.config.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('the config loader locates bad conditions', () => {
  const twoChecks = (conditions: string, extra = '') =>
    'checks:\n' +
    '  - { id: ssh, type: tcp, host: a, port: 22 }\n' +
    '  - { id: up, type: tcp, host: a, port: 22 }\n' +
    `  - id: api\n    type: http\n    url: http://a/\n${extra}    conditions:\n${conditions}`;

  it('names the check, the condition and its line', () => {
    expect(catchProblems(twoChecks('      - "[STATUS] == 200"\n      - "[FOO] == 1"\n'))).toEqual([
      'status.config.yaml:9: checks[2].conditions[1]: unknown placeholder [FOO] in "[FOO] == 1"',
    ]);
  });

  it('a condition that sets a field the check also gives is an error at the condition', () => {
    expect(
      catchProblems(twoChecks('      - "[STATUS] == 200"\n', '    expectedStatus: [200, 204]\n')),
    ).toEqual([
      'status.config.yaml:9: checks[2].conditions[0]: "[STATUS] == 200" sets expectedStatus, which this check also gives; keep one of them',
    ]);
    expect(
      catchProblems(
        twoChecks(
          '      - "[RESPONSE_TIME] < 500"\n',
          '    thresholds: { latencyMs: { degradedAbove: 200 } }\n',
        ),
      ),
    ).toEqual([
      'status.config.yaml:9: checks[2].conditions[0]: "[RESPONSE_TIME] < 500" sets thresholds.latencyMs, which this check also gives; keep one of them',
    ]);
  });

  it('conditions on a type that has none are an unknown field', () => {
    const problems = catchProblems(
      'checks:\n  - { id: box, type: host, conditions: ["[CONNECTED] == true"] }\n',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^status\.config\.yaml:2: checks\[0\]/);
    expect(problems[0]).toContain('conditions');
  });
});

// Every condition Gatus's README and example configs use on http, tcp and dns endpoints.
describe("the conditions of Gatus's own examples", () => {
  it.each([
    { type: 'http', condition: '[STATUS] == 200' },
    { type: 'http', condition: '[STATUS] == 201' },
    { type: 'http', condition: '[STATUS] == pat(2*)' },
    { type: 'http', condition: '[BODY].status == UP' },
    { type: 'http', condition: '[RESPONSE_TIME] < 300' },
    { type: 'http', condition: '[CERTIFICATE_EXPIRATION] > 48h' },
    { type: 'http', condition: '[CERTIFICATE_EXPIRATION] > 240h' },
    { type: 'http', condition: '[BODY] == pat(*<h1>Example Domain</h1>*)' },
    { type: 'http', condition: '[BODY] == pat(*served by*)' },
    { type: 'http', condition: 'len([BODY].text) > 0' },
    { type: 'http', condition: '[BODY].text == pat(*cat*)' },
    { type: 'http', condition: '[BODY].price == 24.99' },
    { type: 'http', condition: '[BODY].deleted == false' },
    { type: 'http', condition: '[BODY].data.users[0].gender == female' },
    { type: 'tcp', condition: '[CONNECTED] == true' },
    { type: 'dns', condition: '[DNS_RCODE] == NOERROR' },
    { type: 'dns', condition: '[BODY] == 93.184.215.14' },
    {
      type: 'http',
      condition: '[DOMAIN_EXPIRATION] > 720h',
      error: /not supported \(Vigil does no WHOIS lookups\)/,
    },
    { type: 'http', condition: '[BODY].price == [CONTEXT].price', error: /comparing two placeholders/ },
    {
      type: 'http',
      condition: '[CONTEXT].user_id == 1',
      error: /^\[CONTEXT\] is not supported \(Vigil has no suites\)/,
    },
    { type: 'dns', condition: '[BODY] == pat(*.*.*.*)', error: /write \[BODY\] == ANSWER on a dns check/ },
  ] as { type: ConditionCheckType; condition: string; error?: RegExp }[])(
    '$type: $condition',
    ({ type, condition, error }) => {
      const { problems } = compileConditions(type, [condition]);
      if (error === undefined) expect(problems).toEqual([]);
      else expect(problems).toEqual([{ index: 0, message: expect.stringMatching(error) }]);
    },
  );
});
