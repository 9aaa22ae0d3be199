import { describe, expect, it } from 'vitest';
import { evaluateJsonAssertions, readJsonPath } from '../../../../../collectors/probes/shared/json-path.ts';
import { JsonAssertionSchema } from '../../../../../core/model/index.ts';

const document = {
  status: 'ok',
  version: '2.4.1',
  queue: { depth: 12, 'max depth': '40', waiting: 'many', ratio: Number.NaN },
  workers: [
    { name: 'a', busy: true },
    { name: 'b', busy: false },
  ],
  nothing: null,
  'odd.key': 7,
};

describe('readJsonPath', () => {
  it.each([
    ['$', { found: true, value: document }],
    ['$.status', { found: true, value: 'ok' }],
    ['$.queue.depth', { found: true, value: 12 }],
    ["$.queue['max depth']", { found: true, value: '40' }],
    ['$.queue["max depth"]', { found: true, value: '40' }],
    ["$['odd.key']", { found: true, value: 7 }],
    ['$.workers[0].name', { found: true, value: 'a' }],
    ['$.workers[1].busy', { found: true, value: false }],
    ['$.workers[-1].name', { found: true, value: 'b' }],
    ['$.workers[ 0 ]', { found: true, value: { name: 'a', busy: true } }],
    ['$.nothing', { found: true, value: null }],
    ['$.missing', { found: false }],
    ['$.queue.depth.deeper', { found: false }],
    ['$.workers[2]', { found: false }],
    ['$.workers[-3]', { found: false }],
    ['$.status[0]', { found: false }],
    ['$.workers.length', { found: false }],
    ['$.constructor', { found: false }],
    ['$.nothing.key', { found: false }],
  ])('%s', (path, expected) => {
    expect(readJsonPath(document, path)).toEqual(expected);
  });

  it('reads an index into an object as a key, since JSON keys are often numbers', () => {
    expect(readJsonPath({ 200: 'ok' }, '$[200]')).toEqual({ found: true, value: 'ok' });
  });

  it('unescapes quotes inside bracketed keys', () => {
    expect(readJsonPath({ "it's": 1 }, "$['it\\'s']")).toEqual({ found: true, value: 1 });
  });

  it.each([
    ['status', 'must start with "$"'],
    ['$.', 'is not valid at "."'],
    ['$..status', 'is not valid at "..status"'],
    ['$.workers[', 'is not valid at "["'],
    ['$.workers[1.5]', 'is not valid at "[1.5]"'],
    ["$['unclosed]", `is not valid at "['unclosed]"`],
  ])('explains what is wrong with %s', (path, problem) => {
    const lookup = readJsonPath(document, path);
    expect(lookup.found).toBe(false);
    expect(lookup.error).toContain(problem);
  });
});

describe('evaluateJsonAssertions', () => {
  const parse = (assertions: unknown[]) => assertions.map((a) => JsonAssertionSchema.parse(a));

  it.each([
    { name: 'a matching value', assertions: [{ path: '$.status', equals: 'ok' }], failures: [], metrics: {} },
    {
      name: 'a different value',
      assertions: [{ path: '$.status', equals: 'degraded' }],
      failures: ['$.status is "ok", expected "degraded"'],
      metrics: {},
    },
    {
      name: 'a type mismatch, shown by the quoting',
      assertions: [{ path: '$.queue.depth', equals: '12' }],
      failures: ['$.queue.depth is 12, expected "12"'],
      metrics: {},
    },
    {
      name: 'null equals null',
      assertions: [{ path: '$.nothing', equals: null }],
      failures: [],
      metrics: {},
    },
    {
      name: 'a boolean',
      assertions: [{ path: '$.workers[0].busy', equals: true }],
      failures: [],
      metrics: {},
    },
    {
      name: 'a missing path',
      assertions: [{ path: '$.queue.length', equals: 3 }],
      failures: ['$.queue.length not found'],
      metrics: {},
    },
    {
      name: 'a number metric',
      assertions: [{ path: '$.queue.depth', metric: 'queueDepth' }],
      failures: [],
      metrics: { queueDepth: 12 },
    },
    {
      name: 'a numeric string metric',
      assertions: [{ path: "$.queue['max depth']", metric: 'queueMax' }],
      failures: [],
      metrics: { queueMax: 40 },
    },
    {
      name: 'a metric that is not a number',
      assertions: [{ path: '$.queue.waiting', metric: 'waiting' }],
      failures: ['$.queue.waiting is "many", not a number (metric waiting)'],
      metrics: {},
    },
    {
      name: 'a metric that is an object',
      assertions: [{ path: '$.workers[0]', metric: 'worker' }],
      failures: ['$.workers[0] is {"name":"a","busy":true}, not a number (metric worker)'],
      metrics: {},
    },
    {
      name: 'a metric that is a boolean',
      assertions: [{ path: '$.workers[0].busy', metric: 'busy' }],
      failures: ['$.workers[0].busy is true, not a number (metric busy)'],
      metrics: {},
    },
    {
      name: 'an equals and a metric on one path',
      assertions: [{ path: '$.queue.depth', equals: 12, metric: 'queueDepth' }],
      failures: [],
      metrics: { queueDepth: 12 },
    },
    {
      name: 'a missing metric path',
      assertions: [{ path: '$.queue.size', metric: 'size' }],
      failures: ['$.queue.size not found'],
      metrics: {},
    },
    {
      name: 'a malformed path',
      assertions: [{ path: '$.a[', equals: 1 }],
      failures: ['JSON path "$.a[" is not valid at "[" (character 3); use .key, [\'key\'] or [0]'],
      metrics: {},
    },
  ])('$name', ({ assertions, failures, metrics }) => {
    expect(evaluateJsonAssertions(document, parse(assertions))).toEqual({ failures, metrics });
  });

  it('rejects a non-finite number (NaN cannot come from JSON, but from a caller)', () => {
    const result = evaluateJsonAssertions(document, parse([{ path: '$.queue.ratio', metric: 'ratio' }]));
    expect(result.failures).toEqual(['$.queue.ratio is NaN, not a number (metric ratio)']);
  });

  it('rejects empty and blank strings as metrics rather than reading them as 0', () => {
    const result = evaluateJsonAssertions(
      { a: '', b: '  ' },
      parse([
        { path: '$.a', metric: 'a' },
        { path: '$.b', metric: 'b' },
      ]),
    );
    expect(result).toEqual({
      failures: ['$.a is "", not a number (metric a)', '$.b is "  ", not a number (metric b)'],
      metrics: {},
    });
  });

  it('cuts a long value in the failure message', () => {
    const long = 'x'.repeat(500);
    const [failure] = evaluateJsonAssertions({ a: long }, parse([{ path: '$.a', equals: 'y' }])).failures;
    expect(failure).toBe(`$.a is "${'x'.repeat(59)}…, expected "y"`);
  });
});
