/**
 * Ids the site's own paths take: `/api/<id>/` holds each check's and group's badge endpoints (the
 * paths Upptime READMEs use), beside `/api/v2/` (Statuspage) and `/api/vigil/` (documents). A check
 * or group with one of these ids would write over them, so the config refuses it.
 */
export const RESERVED_IDS: readonly string[] = ['v2', 'vigil'];

/** The `checks[i].id` / `groups[i].id` that use a reserved id, each located for the config error. */
export function findReservedIdIssues(
  lists: Record<'checks' | 'groups', readonly Record<string, unknown>[]>,
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const listName of ['groups', 'checks'] as const) {
    lists[listName].forEach((item, index) => {
      if (typeof item.id !== 'string' || !RESERVED_IDS.includes(item.id)) return;
      issues.push({
        path: [listName, index, 'id'],
        message: `${JSON.stringify(item.id)} is reserved (it would collide with /api/${item.id}/)`,
      });
    });
  }
  return issues;
}
