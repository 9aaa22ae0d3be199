// Cross-field checks of a check seen from several places (`sources`, `quorum`), read defensively from
// untrusted input like the rest of findCrossReferenceIssues, so every problem is listed at once.

interface Issue {
  path: (string | number)[];
  message: string;
}

/** The check types that probe something remote, so several places may see it differently. */
export const MULTI_PLACE_TYPES: readonly string[] = [
  'http',
  'tcp',
  'command',
  'redis',
  'postgres',
  'mysql',
  'jupyterhub',
  'ping',
  'dns',
  'tls',
  'smtp',
  'imap',
  'pop3',
  'websocket',
  'grpc',
];

/** `sources` with `source`, on a local type, naming unknown or repeated sources; `quorum` out of range. */
export function findPlaceIssues(
  check: Record<string, unknown>,
  index: number,
  sourceIds: ReadonlySet<unknown>,
): Issue[] {
  const issues: Issue[] = [];
  const at = (...path: (string | number)[]) => ['checks', index, ...path];
  const places = Array.isArray(check.sources) ? (check.sources as unknown[]) : undefined;
  if (places === undefined) {
    if (check.quorum !== undefined) {
      issues.push({
        path: at('quorum'),
        message: `quorum ${JSON.stringify(check.quorum)} applies only to a check run from several places; list them in "sources" or remove "quorum"`,
      });
    }
    return issues;
  }
  if (check.source !== undefined) {
    issues.push({
      path: at('source'),
      message: `source ${JSON.stringify(check.source)} and "sources" both say where the check runs; give either "source" (one place) or "sources" (several places), not both`,
    });
  }
  if (typeof check.type === 'string' && !MULTI_PLACE_TYPES.includes(check.type)) {
    issues.push({
      path: at('sources'),
      message: `a ${check.type} check looks at the machine its collector runs on, so it cannot be judged from several places: give one "source" instead of "sources" ${JSON.stringify(places)} (only ${MULTI_PLACE_TYPES.join(', ')} checks take "sources")`,
    });
  }
  const known = [...sourceIds].join(', ') || 'none';
  const seen = new Map<unknown, number>();
  places.forEach((place, placeIndex) => {
    if (typeof place !== 'string') return;
    if (!sourceIds.has(place)) {
      issues.push({
        path: at('sources', placeIndex),
        message: `unknown source ${JSON.stringify(place)}; define it under "sources" (known: ${known})`,
      });
    }
    const first = seen.get(place);
    if (first !== undefined) {
      issues.push({
        path: at('sources', placeIndex),
        message: `source ${JSON.stringify(place)} is listed twice; sources[${first}] already names it`,
      });
    } else seen.set(place, placeIndex);
  });
  if (typeof check.quorum === 'number' && check.quorum > places.length) {
    issues.push({
      path: at('quorum'),
      message: `quorum ${check.quorum} is more than the ${places.length} places in "sources"; give at most ${places.length}, or "all"`,
    });
  }
  return issues;
}
