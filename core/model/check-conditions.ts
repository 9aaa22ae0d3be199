import { DNS_RCODES } from './checks/dns-check.ts';
import { type CompiledConditionFields, type ConditionCheckType, compileConditions } from './conditions.ts';

const CONDITION_TYPES: readonly string[] = ['http', 'tcp', 'dns'] satisfies ConditionCheckType[];
type Issue = { message: string; path: (string | number)[] };

/**
 * Turns a check's `conditions` into the fields they stand for, before the check's schema reads it,
 * so a check with conditions is judged exactly as the same check written with fields. A condition that
 * sets a field the check also sets is an error at that condition. `conditions` stays on the check.
 */
export function applyCheckConditions(input: unknown, report: (issue: Issue) => void): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const check = input as Record<string, unknown>;
  if (!Array.isArray(check.conditions) || !CONDITION_TYPES.includes(check.type as string)) return input;
  const conditions = check.conditions as unknown[];
  if (conditions.some((condition) => typeof condition !== 'string')) return input;
  const { fields, problems, origins } = compileConditions(
    check.type as ConditionCheckType,
    conditions as string[],
  );
  for (const problem of problems) report({ message: problem.message, path: ['conditions', problem.index] });
  const rcode = fields.expectedRcode;
  if (rcode !== undefined && !(DNS_RCODES as readonly string[]).includes(rcode)) {
    report({
      message: `unknown response code ${JSON.stringify(rcode)} in ${JSON.stringify(conditions[origins.expectedRcode ?? 0])}; expected one of ${DNS_RCODES.join(', ')}`,
      path: ['conditions', origins.expectedRcode ?? 0],
    });
    return input;
  }
  if (problems.length > 0) return input;
  const merged: Record<string, unknown> = { ...check };
  const conflict = (field: string) =>
    report({
      message: `${JSON.stringify(conditions[origins[field] ?? 0])} sets ${field}, which this check also gives; keep one of them`,
      path: ['conditions', origins[field] ?? 0],
    });
  for (const key of ['expectedStatus', 'keyword', 'forbiddenKeyword', 'expectedRcode', 'expect'] as const) {
    if (fields[key] === undefined) continue;
    if (check[key] !== undefined) conflict(key);
    else merged[key] = fields[key];
  }
  if (fields.json !== undefined) merged.json = [...asArray(check.json), ...fields.json];
  if (fields.thresholds !== undefined)
    merged.thresholds = mergeThresholds(check.thresholds, fields, conflict);
  return merged;
}

function mergeThresholds(
  own: unknown,
  fields: CompiledConditionFields,
  conflict: (field: string) => void,
): unknown {
  if (own !== undefined && (typeof own !== 'object' || own === null)) return own;
  const merged: Record<string, unknown> = { ...(own as Record<string, unknown> | undefined) };
  for (const [metric, threshold] of Object.entries(fields.thresholds ?? {})) {
    if (merged[metric] !== undefined) conflict(`thresholds.${metric}`);
    else merged[metric] = threshold;
  }
  return merged;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
