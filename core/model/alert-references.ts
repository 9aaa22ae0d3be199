// Cross-field checks of the alert settings and of `dependsOn`, read defensively from untrusted input
// like the rest of findCrossReferenceIssues, so every problem is listed at once.

interface KnownIds {
  groupIds: ReadonlySet<unknown>;
  sourceIds: ReadonlySet<unknown>;
  checks: readonly Record<string, unknown>[];
}

interface Issue {
  path: (string | number)[];
  message: string;
}

/** Unknown ids in alert rules and `dependsOn`, duplicate provider ids, and dependency cycles. */
export function findAlertReferenceIssues(root: Record<string, unknown>, known: KnownIds): Issue[] {
  const issues: Issue[] = [];
  const checkIds = new Set(known.checks.map((check) => check.id).filter((id) => typeof id === 'string'));
  const alerts = asRecord(root.alerts);
  const seen = new Set<unknown>();
  asArray(alerts.providers)
    .map(asRecord)
    .forEach((provider, index) => {
      if (typeof provider.id === 'string' && seen.has(provider.id)) {
        issues.push({
          path: ['alerts', 'providers', index, 'id'],
          message: `duplicate provider id ${JSON.stringify(provider.id)}; each provider needs its own id`,
        });
      }
      seen.add(provider.id);
      issues.push(
        ...findUnknown(
          provider.checks,
          checkIds,
          ['alerts', 'providers', index, 'checks'],
          'check',
          'checks',
        ),
      );
      issues.push(
        ...findUnknown(
          provider.groups,
          known.groupIds,
          ['alerts', 'providers', index, 'groups'],
          'group',
          'groups',
        ),
      );
    });
  const from = alerts.incidentsFrom;
  if (typeof from === 'string' && known.sourceIds.size > 0 && !known.sourceIds.has(from)) {
    issues.push({
      path: ['alerts', 'incidentsFrom'],
      message: `unknown source ${JSON.stringify(from)}; name one of "sources" (known: ${[...known.sourceIds].join(', ')})`,
    });
  }
  const parents = new Map<unknown, unknown[]>();
  known.checks.forEach((check, index) => {
    const dependsOn = asArray(check.dependsOn);
    parents.set(check.id, dependsOn);
    issues.push(...findUnknown(check.dependsOn, checkIds, ['checks', index, 'dependsOn'], 'check', 'checks'));
    if (dependsOn.includes(check.id)) {
      issues.push({
        path: ['checks', index, 'dependsOn'],
        message: `check ${JSON.stringify(check.id)} cannot depend on itself`,
      });
    }
  });
  known.checks.forEach((check, index) => {
    if (isInCycle(check.id, parents))
      issues.push({
        path: ['checks', index, 'dependsOn'],
        message: `check ${JSON.stringify(check.id)} depends on itself through dependsOn; break the cycle`,
      });
  });
  return issues;
}

function findUnknown(
  value: unknown,
  known: ReadonlySet<unknown>,
  path: (string | number)[],
  what: string,
  where: string,
): Issue[] {
  return asArray(value).flatMap((id, index) =>
    typeof id === 'string' && !known.has(id)
      ? [{ path: [...path, index], message: `unknown ${what} ${JSON.stringify(id)}; name one of "${where}"` }]
      : [],
  );
}

// A self-dependency is reported on its own; this finds longer loops.
function isInCycle(start: unknown, parents: ReadonlyMap<unknown, unknown[]>): boolean {
  const stack = (parents.get(start) ?? []).filter((id) => id !== start);
  const visited = new Set<unknown>();
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === start) return true;
    if (visited.has(id)) continue;
    visited.add(id);
    stack.push(...(parents.get(id) ?? []));
  }
  return false;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
