import { isSecretName } from '../redact/redact.ts';

/**
 * The paths among `paths` that are a check's fact (`checks[3].facts.Broker`), each once: values
 * that read the environment there are refused, since facts are published.
 */
export function findFactPaths(paths: readonly (readonly (string | number)[])[]): (string | number)[][] {
  const seen = new Set<string>();
  const found: (string | number)[][] = [];
  for (const path of paths) {
    if (path[0] !== 'checks' || typeof path[1] !== 'number' || path[2] !== 'facts' || path.length !== 4)
      continue;
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    found.push([...path]);
  }
  return found;
}

/** A fact whose name names a secret (`checks[0].facts.JWT secret`): its value is never quoted in a problem. */
export function isSecretFactPath(path: readonly PropertyKey[]): boolean {
  return (
    path.length === 4 &&
    path[0] === 'checks' &&
    path[2] === 'facts' &&
    typeof path[3] === 'string' &&
    isSecretName(path[3])
  );
}
