import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Config, ConfigSchema, findCrossReferenceIssues } from '../model/index.ts';
import { ConfigError } from './config-error.ts';
import { interpolateEnv } from './interpolate-env.ts';
import { findLine, findValue, formatPath } from './locate-issue.ts';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, as given. */
  path: string;
  /** Values interpolated from the environment; redact them wherever text leaves the process. */
  secrets: string[];
}

export interface LoadConfigOptions {
  path: string;
  env?: NodeJS.ProcessEnv;
}

/** Reads, interpolates and validates a config file; throws ConfigError listing every problem. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const displayName = relative(process.cwd(), options.path) || options.path;
  let text: string;
  try {
    text = await readFile(options.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found; pass --config FILE or create status.config.yaml' : String(error);
    throw new ConfigError(displayName, [`${displayName}: ${reason}`]);
  }
  return parseConfigText(text, displayName, options.env ?? process.env);
}

/** Validates config text; `displayName` is the file name used in every problem. */
export function parseConfigText(text: string, displayName: string, env: NodeJS.ProcessEnv): LoadedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const line = lineCounter.linePos(error.pos[0]).line;
      return `${displayName}${line ? `:${line}` : ''}: YAML syntax error: ${firstLine(error.message)}`;
    });
    throw new ConfigError(displayName, problems);
  }
  const interpolation = interpolateEnv(document.contents, env);
  const problems = interpolation.problems.map(
    (problem) =>
      `${displayName}:${lineCounter.linePos(problem.node.range?.[0] ?? 0).line}: ${formatPath(problem.path)}: ${problem.message}`,
  );
  const input: unknown = document.toJS() ?? {};
  const result = ConfigSchema.safeParse(input);
  const issues: { path: PropertyKey[]; message: string }[] = result.success
    ? []
    : [
        ...result.error.issues.flatMap((issue) => splitIssue(issue, document)),
        ...findCrossReferenceIssues(input),
      ];
  for (const issue of issues) {
    const line = findLine(document, lineCounter, issue.path);
    problems.push(`${displayName}${line ? `:${line}` : ''}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(displayName, unique(problems));
  return { config: result.data, path: displayName, secrets: interpolation.secrets };
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
  const quoted = JSON.stringify(value);
  return [{ path: issue.path, message: message.includes(quoted) ? message : `${message}, got ${quoted}` }];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
