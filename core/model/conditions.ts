import { matchGlob } from '../match-glob.ts';
import type { JsonAssertion } from './checks/base-check.ts';

/** The check types that accept Gatus-style `conditions`. */
export type ConditionCheckType = 'http' | 'tcp' | 'dns';

export interface ConditionProblem {
  /** Which entry of `conditions` is wrong. */
  index: number;
  message: string;
}

/** The check fields the conditions stand for; the config merges them into the check before validation. */
export interface CompiledConditionFields {
  expectedStatus?: (number | string)[];
  thresholds?: Record<string, { downAbove?: number; downBelow?: number }>;
  keyword?: string;
  forbiddenKeyword?: string;
  json?: JsonAssertion[];
  expectedRcode?: string;
  expect?: string[];
}

type Operator = '==' | '!=' | '<=' | '>=' | '<' | '>';
type Literal = string | number | boolean | null;
type Right =
  | { kind: 'literal'; text: string }
  | { kind: 'pat'; text: string }
  | { kind: 'any'; texts: string[] };
type Left =
  | { kind: 'placeholder'; name: string }
  | { kind: 'body'; path: string }
  | { kind: 'len'; path: string }
  | { kind: 'has'; path: string };

// Gatus looks for the operators in this order, each with a space either side.
const OPERATORS: Operator[] = ['==', '!=', '<=', '>=', '>', '<'];
const FLIPPED: Record<Operator, Operator> = {
  '==': '==',
  '!=': '!=',
  '<=': '>=',
  '>=': '<=',
  '<': '>',
  '>': '<',
};
const MAX_CONDITION_CHARS = 1000;
const DAY_MS = 86_400_000;
const PLACEHOLDERS_OF_TYPE: Record<ConditionCheckType, string[]> = {
  http: ['[STATUS]', '[RESPONSE_TIME]', '[BODY]', '[CERTIFICATE_EXPIRATION]', '[CONNECTED]'],
  tcp: ['[CONNECTED]', '[RESPONSE_TIME]'],
  dns: ['[DNS_RCODE]', '[BODY]', '[RESPONSE_TIME]', '[CONNECTED]'],
};
const UNSUPPORTED: Record<string, string> = {
  '[DOMAIN_EXPIRATION]': 'Vigil does no WHOIS lookups',
  '[IP]': 'Vigil does not record the address a name resolved to',
  '[RESULT]': 'it belongs to ssh checks, which Vigil runs as command checks',
  '[CONTEXT]': 'Vigil has no suites',
};
const LATENCY_METRIC: Record<ConditionCheckType, string> = {
  http: 'latencyMs',
  tcp: 'connectMs',
  dns: 'queryMs',
};
const DURATION_PART = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/**
 * Compiles Gatus conditions (`[STATUS] == 200`, `[BODY].status == UP`, `len([BODY].data) < 5`) into
 * the check fields that judge the same thing, so a check with conditions is evaluated exactly like one
 * written with fields. Every condition that cannot be compiled is a problem naming its index.
 */
export function compileConditions(
  type: ConditionCheckType,
  conditions: string[],
): { fields: CompiledConditionFields; problems: ConditionProblem[]; origins: Record<string, number> } {
  const problems: ConditionProblem[] = [];
  const compiler = new FieldCompiler(type);
  conditions.forEach((condition, index) => {
    const problem = compiler.add(condition);
    if (problem !== undefined) problems.push({ index, message: problem });
  });
  return { fields: compiler.finish(problems), problems, origins: compiler.origins };
}

class FieldCompiler {
  readonly fields: CompiledConditionFields = {};
  /** Which condition set each field ("expectedStatus", "thresholds.latencyMs"): the first one. */
  readonly origins: Record<string, number> = {};
  #statuses: { allowed: Set<number>; index: number } | undefined;
  #index = -1;
  readonly type: ConditionCheckType;
  constructor(type: ConditionCheckType) {
    this.type = type;
  }

  add(condition: string): string | undefined {
    this.#index += 1;
    if (typeof condition !== 'string')
      return `expected a condition such as "[STATUS] == 200", got ${JSON.stringify(condition)}`;
    const text = condition.trim();
    const quoted = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
    if (text.length > MAX_CONDITION_CHARS)
      return `condition longer than ${MAX_CONDITION_CHARS} characters: ${quoted}`;
    const split = splitAtOperator(text);
    if (split === undefined)
      return `no operator in ${quoted}; write "LEFT OP RIGHT" with one of ${OPERATORS.join(' ')} between spaces`;
    let [leftText, operator, rightText] = split;
    // Gatus accepts the placeholder on either side: "200 == [STATUS]".
    if (!looksLikePlaceholder(leftText) && looksLikePlaceholder(rightText)) {
      [leftText, rightText] = [rightText, leftText];
      operator = FLIPPED[operator];
    }
    const left = parseLeft(leftText);
    if (typeof left === 'string') return `${left} in ${quoted}`;
    if (looksLikePlaceholder(rightText))
      return `comparing two placeholders is not supported in ${quoted}; compare with a value`;
    const right = parseRight(rightText);
    if (typeof right === 'string') return `${right} in ${quoted}`;
    const placeholder = left.kind === 'placeholder' ? left.name : '[BODY]';
    const unsupported = UNSUPPORTED[placeholder];
    if (unsupported !== undefined) return `${placeholder} is not supported (${unsupported}): ${quoted}`;
    if (!PLACEHOLDERS_OF_TYPE[this.type].includes(placeholder)) {
      const known = Object.values(PLACEHOLDERS_OF_TYPE).flat();
      if (!known.includes(placeholder)) return `unknown placeholder ${placeholder} in ${quoted}`;
      return `${placeholder} is not available on ${this.type === 'http' ? 'an' : 'a'} ${this.type} check (it has ${PLACEHOLDERS_OF_TYPE[this.type].join(', ')}): ${quoted}`;
    }
    if ((right.kind === 'pat' || right.kind === 'any') && operator !== '==' && operator !== '!=')
      return `${right.kind}() works only with == and !=: ${quoted}`;
    const problem = this.#compile(left, operator, right, text);
    return problem === undefined ? undefined : `${problem}: ${quoted}`;
  }

  #compile(left: Left, operator: Operator, right: Right, text: string): string | undefined {
    if (left.kind === 'len') return this.#compileLength(left.path, operator, right, text);
    if (left.kind === 'has') return this.#compileHas(left.path, operator, right, text);
    if (left.kind === 'body') return this.#compileBody(left.path, operator, right, text);
    switch (left.name) {
      case '[STATUS]':
        return this.#compileStatus(operator, right);
      case '[RESPONSE_TIME]':
        return this.#compileLimit(LATENCY_METRIC[this.type], operator, right, parseGoDurationMs);
      case '[CERTIFICATE_EXPIRATION]':
        return this.#compileLimit('certDaysLeft', operator, right, (value) => {
          const ms = parseGoDurationMs(value);
          return ms === undefined ? undefined : ms / DAY_MS;
        });
      case '[CONNECTED]':
        // Every check is down when it cannot connect: "[CONNECTED] == true" is what it does already.
        return right.kind === 'literal' && isTrue(right.text, operator)
          ? undefined
          : 'only "[CONNECTED] == true" is supported (a check is down when it cannot connect)';
      case '[DNS_RCODE]':
        if (operator !== '==' || right.kind !== 'literal')
          return 'write [DNS_RCODE] == NAME, such as NOERROR';
        return this.#set('expectedRcode', right.text.toUpperCase());
      default:
        return `unknown placeholder ${left.name}`;
    }
  }

  #compileStatus(operator: Operator, right: Right): string | undefined {
    let accepts: (code: number) => boolean;
    if (right.kind === 'pat') {
      const pattern = right.text;
      accepts = (code) => matchGlob(pattern, String(code)) === (operator === '==');
    } else if (right.kind === 'any') {
      const codes = right.texts.map(parseNumber);
      if (codes.some((code) => code === undefined)) return 'any() on [STATUS] takes status codes';
      accepts = (code) => codes.includes(code) === (operator === '==');
    } else {
      const limit = parseNumber(right.text);
      if (limit === undefined) return `expected a status code, got ${JSON.stringify(right.text)}`;
      accepts = (code) => compareNumbers(code, operator, limit);
    }
    this.#statuses ??= { allowed: new Set(range(100, 599)), index: this.#index };
    for (const code of this.#statuses.allowed) if (!accepts(code)) this.#statuses.allowed.delete(code);
    return undefined;
  }

  #compileLimit(
    metric: string,
    operator: Operator,
    right: Right,
    parse: (text: string) => number | undefined,
  ): string | undefined {
    if (right.kind !== 'literal' || operator === '==' || operator === '!=')
      return 'compare with <, <=, > or >= and a value';
    const limit = parse(right.text);
    if (limit === undefined)
      return `expected a number or a duration such as 48h, got ${JSON.stringify(right.text)}`;
    if (metric === 'certDaysLeft' && (operator === '<' || operator === '<='))
      return 'only a lower limit (> or >=) is supported on [CERTIFICATE_EXPIRATION]';
    // Thresholds compare strictly, so "< 500" and "<= 500" are both "down above 500".
    const bound = operator === '<' || operator === '<=' ? 'downAbove' : 'downBelow';
    const thresholds = this.fields.thresholds ?? {};
    const threshold = thresholds[metric] ?? {};
    if (threshold[bound] !== undefined) return 'another condition already sets this limit';
    this.fields.thresholds = { ...thresholds, [metric]: { ...threshold, [bound]: limit } };
    this.origins[`thresholds.${metric}`] ??= this.#index;
    return undefined;
  }

  #compileBody(path: string, operator: Operator, right: Right, text: string): string | undefined {
    if (path === '$') return this.#compileWholeBody(operator, right);
    const assertion: JsonAssertion = { path, condition: text };
    if (right.kind === 'pat') {
      if (operator !== '==') return '!= pat() is not supported on a JSON value';
      assertion.pattern = right.text;
    } else if (right.kind === 'any') {
      if (operator !== '==') return '!= any() is not supported on a JSON value';
      assertion.oneOf = right.texts.map(toLiteral);
    } else if (operator === '==' || operator === '!=') {
      assertion[operator === '==' ? 'equals' : 'notEquals'] = toLiteral(right.text);
    } else {
      const limit = parseNumber(right.text);
      if (limit === undefined)
        return `expected a number after ${operator}, got ${JSON.stringify(right.text)}`;
      assertion[NUMBER_KEY[operator]] = limit;
    }
    return this.#pushJson(assertion);
  }

  #compileWholeBody(operator: Operator, right: Right): string | undefined {
    if (this.type === 'dns') {
      if (operator !== '==' || right.kind !== 'literal') return 'write [BODY] == ANSWER on a dns check';
      this.fields.expect = [...(this.fields.expect ?? []), right.text];
      this.origins.expect ??= this.#index;
      return undefined;
    }
    const keyword = right.kind === 'pat' ? keywordOfPattern(right.text) : undefined;
    if (keyword === undefined)
      return '[BODY] compared as a whole is supported only as [BODY] == pat(*text*) or [BODY] != pat(*text*)';
    return this.#set(operator === '==' ? 'keyword' : 'forbiddenKeyword', keyword);
  }

  #compileLength(path: string, operator: Operator, right: Right, text: string): string | undefined {
    const limit = right.kind === 'literal' ? parseNumber(right.text) : undefined;
    if (limit === undefined) return 'len() compares with a number';
    const key = operator === '==' ? 'equals' : operator === '!=' ? 'notEquals' : NUMBER_KEY[operator];
    return this.#pushJson({ path, length: { [key]: limit }, condition: text });
  }

  #compileHas(path: string, operator: Operator, right: Right, text: string): string | undefined {
    const isPositive = right.kind === 'literal' ? parseBoolean(right.text) : undefined;
    if (isPositive === undefined || (operator !== '==' && operator !== '!='))
      return 'write has([BODY].path) == true or == false';
    return this.#pushJson({ path, exists: isPositive === (operator === '=='), condition: text });
  }

  #pushJson(assertion: JsonAssertion): string | undefined {
    if (this.type !== 'http') return `[BODY] JSON paths are only for http checks`;
    this.fields.json = [...(this.fields.json ?? []), assertion];
    return undefined;
  }

  #set(field: 'keyword' | 'forbiddenKeyword' | 'expectedRcode', value: string): string | undefined {
    if (this.fields[field] !== undefined) return `another condition already sets ${field}`;
    this.fields[field] = value;
    this.origins[field] = this.#index;
    return undefined;
  }

  finish(problems: ConditionProblem[]): CompiledConditionFields {
    if (this.#statuses !== undefined) {
      const codes = [...this.#statuses.allowed];
      if (codes.length === 0)
        problems.push({
          index: this.#statuses.index,
          message: 'no status code satisfies every [STATUS] condition',
        });
      else this.fields.expectedStatus = compressStatuses(codes);
      this.origins.expectedStatus = this.#statuses.index;
    }
    return this.fields;
  }
}

const NUMBER_KEY = { '<': 'below', '<=': 'atMost', '>': 'above', '>=': 'atLeast' } as const;

/** Splits at the first operator in Gatus's order; operators need a space either side. */
function splitAtOperator(text: string): [string, Operator, string] | undefined {
  for (const operator of OPERATORS) {
    const at = text.indexOf(` ${operator} `);
    if (at >= 0) return [text.slice(0, at).trim(), operator, text.slice(at + operator.length + 2).trim()];
  }
  return undefined;
}

function looksLikePlaceholder(text: string): boolean {
  const lower = text.toLowerCase();
  return text.startsWith('[') || lower.startsWith('len(') || lower.startsWith('has(');
}

function parseLeft(text: string): Left | string {
  const lower = text.toLowerCase();
  for (const fn of ['len', 'has'] as const) {
    if (!lower.startsWith(`${fn}(`)) continue;
    if (!text.endsWith(')')) return `${fn}( without its closing )`;
    const inner = parseLeft(text.slice(4, -1).trim());
    if (typeof inner === 'string') return inner;
    if (inner.kind !== 'body') return `${fn}() works only on [BODY]`;
    if (fn === 'has' && inner.path === '$') return 'has() needs a path such as has([BODY].errors)';
    return fn === 'len' ? { kind: 'len', path: inner.path } : { kind: 'has', path: inner.path };
  }
  if (!text.startsWith('['))
    return `expected a placeholder such as [STATUS] or [BODY].path, got ${JSON.stringify(text)}`;
  const close = text.indexOf(']');
  if (close < 0) return `unclosed placeholder ${JSON.stringify(text)}`;
  const name = text.slice(0, close + 1).toUpperCase();
  const rest = text.slice(close + 1);
  if (name !== '[BODY]') {
    // [CONTEXT].path and the like: report the placeholder as unsupported, not its path as malformed.
    if (rest !== '' && UNSUPPORTED[name] === undefined)
      return `unexpected ${JSON.stringify(rest)} after ${name}`;
    return { kind: 'placeholder', name };
  }
  if (rest === '') return { kind: 'body', path: '$' };
  if (!rest.startsWith('.') && !rest.startsWith('['))
    return `expected .key or [index] after [BODY], got ${JSON.stringify(rest)}`;
  if (rest === '.' || rest.includes('..') || /\s/.test(rest))
    return `malformed JSON path ${JSON.stringify(text)}`;
  return { kind: 'body', path: `$${rest}` };
}

function parseRight(text: string): Right | string {
  if (text === '') return 'nothing to compare with';
  const lower = text.toLowerCase();
  for (const fn of ['pat', 'any'] as const) {
    if (!lower.startsWith(`${fn}(`)) continue;
    if (!text.endsWith(')')) return `${fn}( without its closing )`;
    const inner = text.slice(4, -1);
    if (fn === 'pat') return { kind: 'pat', text: inner };
    const texts = inner.split(',').map((part) => part.trim());
    if (texts.some((part) => part === '')) return 'any() needs values separated by commas';
    return { kind: 'any', texts };
  }
  return { kind: 'literal', text };
}

/** `*text*` with no other wildcard is a keyword search; anything else is not. */
function keywordOfPattern(pattern: string): string | undefined {
  if (pattern.length < 3 || !pattern.startsWith('*') || !pattern.endsWith('*')) return undefined;
  const inner = pattern.slice(1, -1);
  return inner.includes('*') || inner.includes('?') ? undefined : inner;
}

/** A condition's value as JSON would hold it: numbers, booleans and null typed, anything else text. */
function toLiteral(text: string): Literal {
  if (text === 'null') return null;
  const isBoolean = parseBoolean(text);
  if (isBoolean !== undefined) return isBoolean;
  return parseNumber(text) ?? text;
}

function parseNumber(text: string): number | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function parseBoolean(text: string): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function isTrue(text: string, operator: Operator): boolean {
  const value = parseBoolean(text);
  return (operator === '==' && value === true) || (operator === '!=' && value === false);
}

/** Go's time.ParseDuration units ("48h", "1h30m", "500ms"), plus "d"; a bare number is milliseconds. */
export function parseGoDurationMs(text: string): number | undefined {
  const bare = parseNumber(text);
  if (bare !== undefined) return bare;
  let rest = text;
  let totalMs = 0;
  while (rest !== '') {
    const part = DURATION_PART.exec(rest);
    if (part === null) return undefined;
    totalMs += Number(part[1]) * (UNIT_MS[part[2] as string] as number);
    rest = rest.slice(part[0].length);
  }
  return text === '' ? undefined : totalMs;
}

function compareNumbers(value: number, operator: Operator, limit: number): boolean {
  switch (operator) {
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
  }
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
}

/** 200..299 becomes "2xx"; a class only partly allowed stays as its codes. */
function compressStatuses(codes: number[]): (number | string)[] {
  const allowed = new Set(codes);
  const statuses: (number | string)[] = [];
  for (let hundred = 1; hundred <= 5; hundred += 1) {
    const inClass = range(hundred * 100, hundred * 100 + 99).filter((code) => allowed.has(code));
    if (inClass.length === 100) statuses.push(`${hundred}xx`);
    else statuses.push(...inClass);
  }
  return statuses;
}
