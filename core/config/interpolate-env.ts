import { isMap, isScalar, isSeq, type Node, visit } from 'yaml';

export interface InterpolationProblem {
  node: Node;
  path: (string | number)[];
  message: string;
}

export interface InterpolationResult {
  /** Values read from the environment: secrets to redact wherever text is written. */
  secrets: string[];
  /** Where a value holds text read from the environment, e.g. ["alerts", "providers", 0, "url"]. */
  interpolated: (string | number)[][];
  problems: InterpolationProblem[];
}

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string scalar of the document, in place, so
 * the parsed tree keeps its source positions for error messages. `$${NAME}` stays literal, and so
 * does a `${NAME}` whose variable is not set (reported in `problems`).
 */
export function interpolateEnv(root: Node | null, env: NodeJS.ProcessEnv): InterpolationResult {
  const secrets = new Set<string>();
  const problems: InterpolationProblem[] = [];
  const interpolated: (string | number)[][] = [];
  visit(root, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const replaced = replaceVariables(node.value, env);
      node.value = replaced.text;
      for (const secret of replaced.secrets) secrets.add(secret);
      for (const message of replaced.missing) problems.push({ node, path: pathOf(ancestors, node), message });
      if (replaced.isFromEnv) interpolated.push(pathOf(ancestors, node));
    },
  });
  return { secrets: [...secrets], interpolated, problems };
}

export interface ReplacedVariables {
  text: string;
  /** Whether any of it came from the environment (not only from `:-default`s). */
  isFromEnv: boolean;
  /** The values read from the environment that are long enough to be redacted. */
  secrets: string[];
  /** One problem for each `${NAME}` whose variable is not set (left as written). */
  missing: string[];
}

/** The `${NAME}` and `${NAME:-default}` replacement of one string: the one rule, wherever it is applied. */
export function replaceVariables(text: string, env: NodeJS.ProcessEnv): ReplacedVariables {
  const secrets: string[] = [];
  const missing: string[] = [];
  let isFromEnv = false;
  const replaced = text.replace(
    /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (whole, escaped: string, name: string, fallback: string | undefined) => {
      if (escaped === '$') return whole.slice(1);
      const value = env[name] ?? fallback;
      if (value === undefined) {
        missing.push(`environment variable ${name} is not set; export it or write \${${name}:-default}`);
        // Left as written: whether it matters depends on who reads the value (see LoadConfigOptions.needs).
        return whole;
      }
      if (env[name] !== undefined && value.length >= 4) secrets.push(value);
      if (env[name] !== undefined) isFromEnv = true;
      return value;
    },
  );
  return { text: replaced, isFromEnv, secrets, missing };
}

/** Rebuilds the key path of a node from the visitor's ancestors, for `checks[2].headers.Authorization`. */
function pathOf(ancestors: readonly unknown[], node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i += 1) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
    else if (isMap(parent)) {
      const pair = child as { key?: unknown };
      if (pair && isScalar(pair.key)) path.push(String(pair.key.value));
    }
  }
  return path;
}
