import { matchGlob } from '../../../core/match-glob.ts';
import type { JsonAssertion } from '../../../core/model/index.ts';

/** One step of a JSON path: an object key or an array index (negative counts from the end). */
type PathSegment = { key: string } | { index: number };

export interface JsonPathLookup {
  found: boolean;
  value?: unknown;
  /** Set when the path itself is malformed, e.g. "$.a[" . */
  error?: string;
}

const DOT_KEY = /^\.([^.[\]]+)/;
const BRACKET_INDEX = /^\[\s*(-?\d+)\s*\]/;
const BRACKET_QUOTED = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/;
const QUOTE_MAX_CHARS = 60;

/** Splits "$.a['b c'][0]" into segments; a string explains what is wrong with a malformed path. */
export function parseJsonPath(path: string): PathSegment[] | string {
  if (!path.startsWith('$')) return `JSON path ${JSON.stringify(path)} must start with "$"`;
  const segments: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const dot = DOT_KEY.exec(rest);
    const index = dot ? null : BRACKET_INDEX.exec(rest);
    const quoted = dot || index ? null : BRACKET_QUOTED.exec(rest);
    if (dot?.[1] !== undefined) segments.push({ key: dot[1] });
    else if (index?.[1] !== undefined) segments.push({ index: Number(index[1]) });
    else if (quoted) segments.push({ key: (quoted[1] ?? quoted[2] ?? '').replace(/\\(.)/g, '$1') });
    else {
      const at = path.length - rest.length;
      return `JSON path ${JSON.stringify(path)} is not valid at ${JSON.stringify(rest)} (character ${at}); use .key, ['key'] or [0]`;
    }
    rest = rest.slice((dot ?? index ?? quoted)?.[0].length ?? rest.length);
  }
  return segments;
}

/** Reads the value at a JSON path; `found` is false when any step is missing. */
export function readJsonPath(value: unknown, path: string): JsonPathLookup {
  const segments = parseJsonPath(path);
  if (typeof segments === 'string') return { found: false, error: segments };
  let current = value;
  for (const segment of segments) {
    const next = stepInto(current, segment);
    if (!next.found) return { found: false };
    current = next.value;
  }
  return { found: true, value: current };
}

function stepInto(value: unknown, segment: PathSegment): JsonPathLookup {
  if ('index' in segment) {
    if (Array.isArray(value)) {
      const position = segment.index < 0 ? value.length + segment.index : segment.index;
      return position >= 0 && position < value.length
        ? { found: true, value: value[position] }
        : { found: false };
    }
    return stepInto(value, { key: String(segment.index) });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { found: false };
  return Object.hasOwn(value, segment.key)
    ? { found: true, value: (value as Record<string, unknown>)[segment.key] }
    : { found: false };
}

/** Checks the assertions (equals, oneOf, above, length…) and collects `metric` numbers from a parsed JSON document. */
export function evaluateJsonAssertions(
  document: unknown,
  assertions: readonly JsonAssertion[],
): { failures: string[]; metrics: Record<string, number> } {
  const failures: string[] = [];
  const metrics: Record<string, number> = {};
  for (const assertion of assertions) {
    const lookup = readJsonPath(document, assertion.path);
    if (lookup.error !== undefined) {
      failures.push(lookup.error);
      continue;
    }
    if (assertion.exists !== undefined && lookup.found !== assertion.exists) {
      const what = assertion.exists ? `${assertion.path} not found` : `${assertion.path} exists`;
      failures.push(assertion.condition === undefined ? what : `${assertion.condition} failed: ${what}`);
      continue;
    }
    if (!lookup.found) {
      if (assertion.exists === false) continue;
      const what = `${assertion.path} not found`;
      failures.push(assertion.condition === undefined ? what : `${assertion.condition} failed: ${what}`);
      continue;
    }
    const failed = findFailedComparison(assertion, lookup.value);
    if (failed !== undefined) {
      failures.push(
        assertion.condition === undefined
          ? `${assertion.path} is ${failed.shown}, expected ${failed.expected}`
          : `${assertion.condition} failed: got ${failed.got ?? failed.shown}`,
      );
    }
    if (assertion.metric !== undefined) {
      const number = toFiniteNumber(lookup.value);
      if (number === undefined) {
        failures.push(
          `${assertion.path} is ${quoteJsonValue(lookup.value)}, not a number (metric ${assertion.metric})`,
        );
      } else {
        metrics[assertion.metric] = number;
      }
    }
  }
  return { failures, metrics };
}

const NUMBER_TESTS = {
  equals: [(value: number, limit: number) => value === limit, ''],
  notEquals: [(value: number, limit: number) => value !== limit, 'not '],
  above: [(value: number, limit: number) => value > limit, 'above '],
  below: [(value: number, limit: number) => value < limit, 'below '],
  atLeast: [(value: number, limit: number) => value >= limit, 'at least '],
  atMost: [(value: number, limit: number) => value <= limit, 'at most '],
} as const;

/** The first comparison the value fails: what it is and what was expected, in a message's words. */
function findFailedComparison(
  assertion: JsonAssertion,
  value: unknown,
): { shown: string; expected: string; got?: string } | undefined {
  const shown = quoteJsonValue(value);
  if (assertion.equals !== undefined && value !== assertion.equals)
    return { shown, expected: quoteJsonValue(assertion.equals) };
  if (assertion.notEquals !== undefined && value === assertion.notEquals)
    return { shown, expected: `anything but ${quoteJsonValue(assertion.notEquals)}` };
  if (assertion.oneOf !== undefined && !assertion.oneOf.includes(value as never))
    return { shown, expected: `one of ${assertion.oneOf.map(quoteJsonValue).join(', ')}` };
  if (assertion.pattern !== undefined && !matchGlob(assertion.pattern, textOf(value)))
    return { shown, expected: `to match ${JSON.stringify(assertion.pattern)}` };
  const number = toFiniteNumber(value);
  for (const key of ['above', 'below', 'atLeast', 'atMost'] as const) {
    const limit = assertion[key];
    if (limit === undefined) continue;
    const [holds, words] = NUMBER_TESTS[key];
    if (number === undefined || !holds(number, limit)) return { shown, expected: `${words}${limit}` };
  }
  if (assertion.length !== undefined) {
    const length = lengthOf(value);
    for (const key of Object.keys(NUMBER_TESTS) as (keyof typeof NUMBER_TESTS)[]) {
      const limit = assertion.length[key];
      if (limit === undefined) continue;
      const [holds, words] = NUMBER_TESTS[key];
      if (!holds(length, limit))
        return {
          shown: `${shown} (length ${length})`,
          expected: `a length ${words}${limit}`,
          got: String(length),
        };
    }
  }
  return undefined;
}

// As Gatus's len(): an array's items, a text's characters, any other JSON's minified text.
function lengthOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return textOf(value).length;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// Numbers often arrive as strings (Prometheus-style exporters, some health endpoints), so "42" counts.
function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** A JSON value as shown in a message: JSON text, cut to a readable length. */
export function quoteJsonValue(value: unknown): string {
  // JSON.stringify would show NaN and undefined as "null", which misleads.
  const isUnquotable = value === undefined || (typeof value === 'number' && !Number.isFinite(value));
  const text = isUnquotable ? String(value) : JSON.stringify(value);
  return text.length > QUOTE_MAX_CHARS ? `${text.slice(0, QUOTE_MAX_CHARS)}…` : text;
}
