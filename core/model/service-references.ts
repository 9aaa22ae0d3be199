// The cross-field rules of `services:` (ids shared with checks and groups, facets that exist and belong
// to one service), each located at the field it is about. Reads untrusted input defensively, like
// findCrossReferenceIssues, so every problem of a config is listed at once.
import { RESERVED_IDS } from './reserved-ids.ts';

export interface ServiceReferenceIssue {
  path: (string | number)[];
  message: string;
}

/** Every problem of `services[]` that spans fields: duplicate or taken ids, unknown groups and checks, shared facets. */
export function findServiceIssues(
  services: readonly Record<string, unknown>[],
  known: { groupIds: ReadonlySet<unknown>; checks: readonly Record<string, unknown>[] },
): ServiceReferenceIssue[] {
  const issues: ServiceReferenceIssue[] = [];
  const checkIds = known.checks.map((check) => check.id).filter((id) => typeof id === 'string');
  const checkIdSet = new Set<unknown>(checkIds);
  const firstService = new Map<unknown, number>();
  const facetOwner = new Map<unknown, number>();
  services.forEach((service, index) => {
    const id = service.id;
    if (typeof id === 'string') {
      const idPath = ['services', index, 'id'];
      const first = firstService.get(id);
      if (RESERVED_IDS.includes(id))
        issues.push({
          path: idPath,
          message: `${JSON.stringify(id)} is reserved (it would collide with /api/${id}/)`,
        });
      else if (first !== undefined)
        issues.push({
          path: idPath,
          message: `duplicate service id ${JSON.stringify(id)}; services[${first}] already uses it`,
        });
      else if (checkIdSet.has(id))
        issues.push({
          path: idPath,
          message: `service id ${JSON.stringify(id)} is also a check id; services and checks share one id namespace, so give the service another id`,
        });
      else if (known.groupIds.has(id))
        issues.push({
          path: idPath,
          message: `service id ${JSON.stringify(id)} is also a group id; incidents name both in "affected", so give them different ids`,
        });
      if (first === undefined) firstService.set(id, index);
    }
    if (typeof service.group === 'string' && !known.groupIds.has(service.group)) {
      issues.push({
        path: ['services', index, 'group'],
        message: `unknown group ${JSON.stringify(service.group)}; define it under "groups" (known: ${[...known.groupIds].join(', ') || 'none'})`,
      });
    }
    const facets = Array.isArray(service.checks) ? service.checks : [];
    facets.forEach((facet, facetIndex) => {
      if (typeof facet !== 'string') return;
      const path = ['services', index, 'checks', facetIndex];
      if (!checkIdSet.has(facet)) {
        issues.push({
          path,
          message: `unknown check ${JSON.stringify(facet)}; name the id of one of "checks" (known: ${listKnown(checkIds)})`,
        });
        return;
      }
      const owner = facetOwner.get(facet);
      if (owner === index)
        issues.push({ path, message: `check ${JSON.stringify(facet)} is listed twice in this service` });
      else if (owner !== undefined)
        issues.push({
          path,
          message: `check ${JSON.stringify(facet)} is already a facet of services[${owner}]; a check belongs to at most one service`,
        });
      else facetOwner.set(facet, index);
    });
  });
  return issues;
}

/** The known ids for an error message: all of them up to a dozen, then how many more. */
function listKnown(ids: readonly unknown[]): string {
  if (ids.length === 0) return 'none';
  const shown = ids.slice(0, 12).join(', ');
  return ids.length > 12 ? `${shown} and ${ids.length - 12} more` : shown;
}
