// Cross-field checks of what a cluster page names (`loginNodes`, `filesystems`, `clusterTab`), read
// defensively from untrusted input like the rest of findCrossReferenceIssues.

interface Issue {
  path: (string | number)[];
  message: string;
}

const CLUSTER_TYPES = new Set(['slurm', 'pbs']);
/** What each cluster field may name, in the words of its error. */
const NAMED_TYPES = {
  loginNodes: { types: new Set(['login', 'tcp']), words: 'a login or tcp check' },
  filesystems: { types: new Set(['filesystem']), words: 'a filesystem check' },
} as const;

/** Unknown or wrong-typed ids in a cluster's `loginNodes` and `filesystems`; `clusterTab` on a cluster. */
export function findClusterReferenceIssues(checks: readonly Record<string, unknown>[]): Issue[] {
  const typeOfId = new Map<unknown, unknown>(checks.map((check) => [check.id, check.type]));
  const issues: Issue[] = [];
  checks.forEach((check, index) => {
    if (check.clusterTab === true && CLUSTER_TYPES.has(check.type as string)) {
      issues.push({
        path: ['checks', index, 'clusterTab'],
        message: `a ${String(check.type)} check is a cluster and has its tab on /clusters/ already; remove clusterTab`,
      });
    }
    for (const [field, named] of Object.entries(NAMED_TYPES)) {
      const ids = check[field];
      if (!Array.isArray(ids)) continue;
      ids.forEach((id, idIndex) => {
        const path = ['checks', index, field, idIndex];
        if (typeof id !== 'string') return;
        if (!typeOfId.has(id)) {
          issues.push({
            path,
            message: `unknown check ${JSON.stringify(id)}; name ${named.words} of "checks"`,
          });
        } else if (!named.types.has(typeOfId.get(id) as string)) {
          issues.push({
            path,
            message: `check ${JSON.stringify(id)} is a ${String(typeOfId.get(id))} check; ${field} names ${named.words}`,
          });
        }
      });
    }
  });
  return issues;
}
