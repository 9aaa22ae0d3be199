import { describe, expect, it } from 'vitest';
import { evaluateJsonAssertions } from '../../../../../collectors/probes/shared/json-path.ts';
import { type JsonAssertion, JsonAssertionSchema } from '../../../../../core/model/index.ts';

const DOCUMENT = {
  status: 'UP',
  version: 'v2.14.1',
  count: 7,
  pending: '3',
  items: [1, 2, 3],
  name: 'john.doe',
  nested: { a: 1 },
  ok: true,
};

const assertion = (fields: Record<string, unknown>): JsonAssertion => JsonAssertionSchema.parse(fields);

// Each operator on its own, as a documented field: passing and failing, with the failure's wording.
const CASES: { fields: Record<string, unknown>; failure?: string }[] = [
  { fields: { path: '$.status', notEquals: 'DOWN' } },
  { fields: { path: '$.status', notEquals: 'UP' }, failure: '$.status is "UP", expected anything but "UP"' },
  { fields: { path: '$.status', oneOf: ['UP', 'OK'] } },
  { fields: { path: '$.count', oneOf: [1, 2] }, failure: '$.count is 7, expected one of 1, 2' },
  { fields: { path: '$.version', pattern: 'v2.*' } },
  { fields: { path: '$.count', pattern: '7' } },
  {
    fields: { path: '$.version', pattern: 'v3.*' },
    failure: '$.version is "v2.14.1", expected to match "v3.*"',
  },
  { fields: { path: '$.count', above: 6 } },
  { fields: { path: '$.count', above: 7 }, failure: '$.count is 7, expected above 7' },
  { fields: { path: '$.pending', below: 4 } },
  { fields: { path: '$.count', atLeast: 7, atMost: 7 } },
  { fields: { path: '$.count', atMost: 6 }, failure: '$.count is 7, expected at most 6' },
  { fields: { path: '$.status', atLeast: 1 }, failure: '$.status is "UP", expected at least 1' },
  { fields: { path: '$.items', length: { equals: 3 } } },
  { fields: { path: '$.name', length: { above: 5, below: 9 } } },
  { fields: { path: '$.nested', length: { equals: 7 } } },
  {
    fields: { path: '$.items', length: { below: 3 } },
    failure: '$.items is [1,2,3] (length 3), expected a length below 3',
  },
  { fields: { path: '$.errors', exists: false } },
  { fields: { path: '$.ok', exists: true } },
  { fields: { path: '$.ok', exists: false }, failure: '$.ok exists' },
  { fields: { path: '$.errors', exists: true }, failure: '$.errors not found' },
];

describe('JSON assertion operators', () => {
  it.each(CASES)('$fields', ({ fields, failure }) => {
    const { failures } = evaluateJsonAssertions(DOCUMENT, [assertion(fields)]);
    expect(failures).toEqual(failure === undefined ? [] : [failure]);
  });

  it('a failure of an assertion compiled from a condition quotes the condition, as Gatus does', () => {
    const { failures } = evaluateJsonAssertions({ status: 'DOWN', items: [1, 2, 3, 4, 5, 6] }, [
      assertion({ path: '$.status', equals: 'UP', condition: '[BODY].status == UP' }),
      assertion({ path: '$.items', length: { below: 5 }, condition: 'len([BODY].items) < 5' }),
      assertion({ path: '$.missing', equals: 1, condition: '[BODY].missing == 1' }),
      assertion({ path: '$.status', exists: false, condition: 'has([BODY].status) == false' }),
    ]);
    expect(failures).toEqual([
      '[BODY].status == UP failed: got "DOWN"',
      'len([BODY].items) < 5 failed: got 6',
      '[BODY].missing == 1 failed: $.missing not found',
      'has([BODY].status) == false failed: $.status exists',
    ]);
  });

  it('an assertion needs an operator or a metric', () => {
    const parsed = JsonAssertionSchema.safeParse({ path: '$.a' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'give an assertion (equals, notEquals, oneOf, pattern, above, below, atLeast, atMost, length, exists), "metric" (a number to record), or both',
    );
  });
});
