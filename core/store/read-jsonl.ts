import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ConfigError } from '../config/config-error.ts';
import { displayPath } from '../config/display-path.ts';
import { describeFileError } from '../config/file-error.ts';
import type { DataWarningHandler } from './data-warning.ts';

const MAX_ISSUES_SHOWN = 3;

/**
 * Parses JSON Lines, keeping every valid line: a torn or invalid line becomes a warning naming its
 * file and 1-based line number, and reading goes on. Blank lines are ignored.
 */
export function parseJsonLines<T>(
  text: string,
  schema: z.ZodType<T>,
  options: {
    file: string;
    /** What a line should be, for the warning: "snapshot line". */
    kind: string;
    onWarning: DataWarningHandler;
    /** What happens to a bad line, for the warning; default "line skipped". */
    outcome?: string;
  },
): T[] {
  const outcome = options.outcome ?? 'line skipped';
  const values: T[] = [];
  const rows = text.split('\n');
  for (let index = 0; index < rows.length; index++) {
    const row = (rows[index] as string).trim();
    if (row === '') continue;
    const warn = (message: string) => options.onWarning({ file: options.file, line: index + 1, message });
    let json: unknown;
    try {
      json = JSON.parse(row);
    } catch (error) {
      warn(`invalid JSON (${describeError(error)}); ${outcome}`);
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) values.push(parsed.data);
    else warn(`not a valid ${options.kind} (${describeZodIssues(parsed.error)}); ${outcome}`);
  }
  return values;
}

/** Zod issues as "path: message; path: message", short enough for one log line. */
export function describeZodIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, MAX_ISSUES_SHOWN)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  const hiddenCount = error.issues.length - shown.length;
  return hiddenCount > 0 ? `${shown.join('; ')}; and ${hiddenCount} more` : shown.join('; ');
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** File contents, or undefined when the file does not exist (missing data is no data, not an error). */
export async function readTextIfExists(filePath: string): Promise<string | undefined> {
  try {
    return await readFile(filePath, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Directory entries, or none when the directory does not exist yet. */
export async function listDirIfExists(dirPath: string): Promise<Dirent[]> {
  try {
    return await readdir(dirPath, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    // A file in the folder's place, or one it may not read: the folder named, no stack.
    const display = displayPath(dirPath);
    throw new ConfigError(display, [`${display}: cannot read the folder: ${describeFileError(error)}`]);
  }
}

export function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** Plain code-unit order for ids and ISO dates: fast and the same in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
