import { readFile, stat } from 'node:fs/promises';
import type { Document } from 'yaml';
import type { z } from 'zod';
import {
  type Config,
  ConfigSchema,
  FACT_VARIABLE_PROBLEM,
  findCrossReferenceIssues,
} from '../model/index.ts';
import { createRedactor, redactUrls } from '../redact/redact.ts';
import { ConfigError } from './config-error.ts';
import { readConfigValue, writeConfigValue } from './config-value-cache.ts';
import { displayPath } from './display-path.ts';
import { findFactPaths, isSecretFactPath } from './fact-variables.ts';
import { describeFileError } from './file-error.ts';
import { type InterpolationResult, interpolateEnv, replaceVariables } from './interpolate-env.ts';
import { findLine, findValue, formatPath } from './locate-issue.ts';
import { MAX_YAML_BYTES, readPlainYamlValue, readYaml } from './read-yaml.ts';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, as given. */
  path: string;
  /** Values interpolated from the environment; redact them wherever text leaves the process. */
  secrets: string[];
  /** Where a value holds text read from the environment (a secret field must be one of them). */
  interpolated: (string | number)[][];
  /** `${VAR}` references whose variable was not set and that no reader has needed yet (see requireVariables). */
  unresolved: UnresolvedVariable[];
}

/** A `${VAR}` left as written because VAR is not set. */
export interface UnresolvedVariable {
  /** Where it is, e.g. ["checks", 3, "token"]. */
  path: (string | number)[];
  /** The problem to report when a reader needs the value: "file:line: path: environment variable … is not set …". */
  problem: string;
}

/** Which config values a command reads: a missing variable is an error only there. */
export type NeededValues = (path: readonly (string | number)[]) => boolean;

export interface LoadConfigOptions {
  path: string;
  env?: NodeJS.ProcessEnv;
  /**
   * The values this reader needs resolved (default: all). `collect` loads with none and then calls
   * requireVariables for the checks it runs; `build` and `validate` need all but the checks' and
   * publish settings, so they work without the collectors' secrets.
   */
  needs?: NeededValues;
  /**
   * Where to keep what the file's YAML reads as between runs (config-value-cache.ts): `collect`
   * passes one, so a cron run of an unchanged config skips the YAML parser. Default: none.
   */
  cacheDir?: string;
}

/** Reads, interpolates and validates a config file; throws ConfigError listing every problem. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const displayName = displayPath(options.path);
  let text: string;
  try {
    const { size } = await stat(options.path);
    if (size > MAX_YAML_BYTES) {
      const mib = (size / 1024 / 1024).toFixed(1);
      throw new ConfigError(displayName, [
        `${displayName}: the file is ${mib} MiB; Vigil reads YAML files of at most 1 MiB`,
      ]);
    }
    text = await readFile(options.path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'file not found; pass --config FILE or create status.config.yaml'
        : `cannot read it: ${describeFileError(error)}`;
    throw new ConfigError(displayName, [`${displayName}: ${reason}`]);
  }
  const env = options.env ?? process.env;
  if (options.cacheDir === undefined) return parseConfigText(text, displayName, env, options.needs);
  const cached = await readConfigValue(options.cacheDir, text);
  const fromCache = cached && parseConfigValue(cached.value, displayName, env);
  if (fromCache !== undefined) return fromCache;
  const loaded = parseConfigText(text, displayName, env, options.needs);
  if (cached === undefined) {
    const plain = readPlainYamlValue(text);
    if (plain !== undefined) await writeConfigValue(options.cacheDir, text, plain.value);
  }
  return loaded;
}

/**
 * parseConfigText from the value the text's YAML reads as (config-value-cache.ts), when nothing needs
 * a line of the file: every `${VAR}` is set, no fact reads the environment and the schema takes it.
 * Otherwise undefined, and parseConfigText reads the file to say where. Its result is the one
 * parseConfigText gives for the same text and environment.
 */
export function parseConfigValue(
  value: unknown,
  displayName: string,
  env: NodeJS.ProcessEnv,
): LoadedConfig | undefined {
  const input = value ?? {};
  const interpolation = interpolateValue(input, env);
  if (interpolation === undefined || findFactPaths(interpolation.interpolated).length > 0) return undefined;
  const result = ConfigSchema.safeParse(input);
  if (!result.success) return undefined;
  return {
    config: result.data,
    path: displayName,
    secrets: interpolation.secrets,
    interpolated: interpolation.interpolated,
    unresolved: [],
  };
}

/**
 * interpolateEnv over a plain value, in place, in the document's order: undefined where it could not
 * give what interpolateEnv gives (an unset variable, whose problem names its line; a `${` in a key;
 * a key that reads as an index, which a JavaScript object puts before the others).
 */
function interpolateValue(
  root: unknown,
  env: NodeJS.ProcessEnv,
): { secrets: string[]; interpolated: (string | number)[][] } | undefined {
  const secrets = new Set<string>();
  const interpolated: (string | number)[][] = [];
  const visit = (node: unknown, path: (string | number)[]): boolean => {
    if (Array.isArray(node)) {
      const items: unknown[] = node;
      for (const [index, item] of items.entries()) {
        if (typeof item === 'string') {
          if (!replaceAt(items as unknown as Record<number, unknown>, index, item, [...path, index]))
            return false;
        } else if (!visit(item, [...path, index])) return false;
      }
      return true;
    }
    if (typeof node !== 'object' || node === null) return true;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key.includes('${') || /^(?:0|[1-9]\d*)$/.test(key)) return false;
      const item = record[key];
      if (typeof item === 'string') {
        if (!replaceAt(record, key, item, [...path, key])) return false;
      } else if (!visit(item, [...path, key])) return false;
    }
    return true;
  };
  const replaceAt = (
    holder: Record<string | number, unknown>,
    key: string | number,
    text: string,
    path: (string | number)[],
  ): boolean => {
    if (!text.includes('${')) return true;
    const replaced = replaceVariables(text, env);
    if (replaced.missing.length > 0) return false;
    holder[key] = replaced.text;
    for (const secret of replaced.secrets) secrets.add(secret);
    if (replaced.isFromEnv) interpolated.push(path);
    return true;
  };
  return visit(root, []) ? { secrets: [...secrets], interpolated } : undefined;
}

/**
 * What `build`, `validate` and the site need: everything but the checks, the publish and the alert
 * settings — except an email provider's `subscribe`, which the Subscribe menu publishes (a
 * placeholder must never stand in for it).
 */
export const neededBySite: NeededValues = (path) =>
  (path[0] === 'alerts' && path[1] === 'providers' && path[3] === 'subscribe') ||
  (path[0] !== 'checks' && path[0] !== 'publish' && path[0] !== 'alerts');

/** What a `collect` run needs: the checks it runs and every setting outside `checks` (webhooks included). */
export function neededByRun(config: Config, checks: readonly { id: string }[]): NeededValues {
  const running = new Set(checks.map((check) => check.id));
  return (path) => {
    if (path[0] !== 'checks') return true;
    const id = typeof path[1] === 'number' ? config.checks[path[1]]?.id : undefined;
    return id !== undefined && running.has(id);
  };
}

/** Throws ConfigError for the unresolved variables among the values `needs` selects. */
export function requireVariables(loaded: LoadedConfig, needs: NeededValues): void {
  const problems = loaded.unresolved.filter((variable) => needs(variable.path)).map((v) => v.problem);
  if (problems.length > 0) throw new ConfigError(loaded.path, unique(problems));
}

/** Validates config text; `displayName` is the file name used in every problem. */
export function parseConfigText(
  text: string,
  displayName: string,
  env: NodeJS.ProcessEnv,
  needs: NeededValues = () => true,
): LoadedConfig {
  let interpolation: InterpolationResult = { secrets: [], interpolated: [], problems: [] };
  const reading = readYaml(text, {
    beforeValue: (parsed) => {
      interpolation = interpolateEnv(parsed.contents, env);
    },
  });
  if (!reading.ok) {
    throw new ConfigError(displayName, [
      `${displayName}${reading.line ? `:${reading.line}${reading.column ? `:${reading.column}` : ''}` : ''}: ${reading.message}`,
    ]);
  }
  const { document, lineCounter } = reading;
  // Values from the environment never appear in a problem, even quoted as the invalid value.
  const redact = createRedactor(interpolation.secrets);
  const unresolved = interpolation.problems.map((problem) => ({
    path: problem.path,
    problem: `${displayName}:${lineCounter.linePos(problem.node.range?.[0] ?? 0).line}: ${formatPath(problem.path)}: ${problem.message}`,
  }));
  const problems = unresolved.filter((variable) => needs(variable.path)).map((variable) => variable.problem);
  // A fact is published: one that reads the environment is refused by every reader, set or not.
  for (const path of findFactPaths([...interpolation.interpolated, ...unresolved.map((v) => v.path)])) {
    const line = findLine(document, lineCounter, path);
    problems.push(`${displayName}${line ? `:${line}` : ''}: ${formatPath(path)}: ${FACT_VARIABLE_PROBLEM}`);
  }
  // One problem per cause: a field holding an unset `${VAR}` is reported as that, not also as invalid.
  const isUnresolved = (path: readonly PropertyKey[]) =>
    unresolved.some((variable) => startsWith(path, variable.path) || startsWith(variable.path, path));
  const input: unknown = reading.value ?? {};
  const result = parseWithPlaceholders(
    input,
    unresolved.filter((variable) => !needs(variable.path)).map((variable) => variable.path),
  );
  const issues: { path: PropertyKey[]; message: string }[] = result.success
    ? []
    : [
        ...result.error.issues.flatMap((issue) => splitIssue(issue, document)),
        ...findCrossReferenceIssues(input),
      ];
  for (const issue of issues.filter((candidate) => !isUnresolved(candidate.path))) {
    const line = findLine(document, lineCounter, issue.path);
    problems.push(`${displayName}${line ? `:${line}` : ''}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  // A value invalid only because its variable is unset, in a part this reader does not need: the
  // config cannot be built without it, so the variable is the problem to report.
  if (!result.success && problems.length === 0)
    problems.push(...unresolved.map((variable) => variable.problem));
  if (problems.length > 0 || !result.success)
    throw new ConfigError(displayName, unique(problems.map(redact)));
  return {
    config: result.data,
    path: displayName,
    secrets: interpolation.secrets,
    interpolated: interpolation.interpolated,
    unresolved,
  };
}

// What an unset variable in a part the reader does not need stands for while the config is
// checked: a value of each format such fields take (a URL, an address, a word), tried in turn.
const UNSET_PLACEHOLDERS = ['https://unset.invalid/', 'unset@unset.invalid', 'unset'];

/**
 * Parses the config; when it fails only at values whose variables are unset and not needed by this
 * reader (a Slack URL for `vigil build`), parses again with placeholders there, so the reader gets
 * its config. The placeholders only ever stand in fields the reader never uses.
 */
function parseWithPlaceholders(input: unknown, unneeded: readonly (readonly PropertyKey[])[]) {
  let result = ConfigSchema.safeParse(input);
  if (result.success || unneeded.length === 0) return result;
  const attempt = structuredClone(input);
  const placeholderAt = new Map<string, number>();
  for (let round = 0; round < UNSET_PLACEHOLDERS.length && !result.success; round += 1) {
    const failing = result.error.issues.map((issue) => unneeded.find((path) => startsWith(issue.path, path)));
    if (failing.some((path) => path === undefined)) return ConfigSchema.safeParse(input);
    for (const path of failing as (readonly PropertyKey[])[]) {
      const key = JSON.stringify(path);
      const next = placeholderAt.get(key) ?? 0;
      if (next >= UNSET_PLACEHOLDERS.length) return ConfigSchema.safeParse(input);
      placeholderAt.set(key, next + 1);
      setAt(attempt, path, UNSET_PLACEHOLDERS[next]);
    }
    result = ConfigSchema.safeParse(attempt);
  }
  return result.success ? result : ConfigSchema.safeParse(input);
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): void {
  let node = root as Record<PropertyKey, unknown> | undefined;
  for (const key of path.slice(0, -1)) node = node?.[key] as Record<PropertyKey, unknown> | undefined;
  const last = path.at(-1);
  if (node !== undefined && typeof node === 'object' && last !== undefined) node[last] = value;
}

/** Zod's issues in our wording: one per unknown key, the offending value quoted where zod leaves it out. */
function splitIssue(issue: z.core.$ZodIssue, document: Document): { path: PropertyKey[]; message: string }[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: 'unknown field; check the spelling (see docs/configuration.md)',
    }));
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  const value = findValue(document, issue.path);
  if (value === undefined) {
    return [
      { path: issue.path, message: issue.code === 'invalid_type' ? 'required field is missing' : message },
    ];
  }
  // A fact named like a secret may hold one: its value is never quoted; nor is one the message quotes.
  if (isSecretFactPath(issue.path)) return [{ path: issue.path, message }];
  if (issue.code === 'custom' && issue.params?.quotesValue === true) return [{ path: issue.path, message }];
  // A URL with a password or token in it is quoted with them masked.
  const quoted = JSON.stringify(typeof value === 'string' ? redactUrls(value) : value);
  return [{ path: issue.path, message: message.includes(quoted) ? message : `${message}, got ${quoted}` }];
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => String(key) === String(path[index]));
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
