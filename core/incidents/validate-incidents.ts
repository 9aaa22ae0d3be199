import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../config/config-error.ts';
import { displayPath } from '../config/display-path.ts';
import { describeFileError } from '../config/file-error.ts';
import { formatPath } from '../config/locate-issue.ts';
import { type Config, type Incident, IncidentSchema } from '../model/index.ts';
import {
  displayIncidentFile,
  INCIDENT_FILE_PATTERN,
  INCIDENTS_DIR,
  splitIncidentFile,
  toIncidentSlug,
} from './incident-file.ts';
import { findIncidentWarnings } from './incident-warnings.ts';
import { findRecurrenceProblem } from './recurrence.ts';

/** One valid incident file. */
export interface LoadedIncident {
  /** The file name without .md: the page's URL part. */
  slug: string;
  fileName: string;
  incident: Incident;
  /** The markdown body. */
  body: string;
}

export interface IncidentValidation {
  /** Valid files, sorted by file name. */
  incidents: LoadedIncident[];
  /** Every problem as `data/incidents/<file>.md: <field>: <what is wrong>`. */
  problems: string[];
  /** Valid but doubtful fields (findIncidentWarnings), in the same shape; they do not stop a build. */
  warnings: string[];
}

/** Ids that `affected` may name: every check and every group of the config. */
export function listAffectableIds(config: Pick<Config, 'checks' | 'groups'>): Set<string> {
  return new Set([...config.checks.map((check) => check.id), ...config.groups.map((group) => group.id)]);
}

/**
 * Checks one file's frontmatter: the schema, then the ids in `affected` against the config. Returns
 * the incident when valid, and every problem as `<field>: <what is wrong>`.
 */
export function checkIncidentData(
  frontmatter: unknown,
  config: Pick<Config, 'checks' | 'groups'>,
): { incident?: Incident; problems: string[] } {
  const result = IncidentSchema.safeParse(frontmatter);
  const problems = result.success
    ? []
    : result.error.issues.flatMap((issue) => describeIssue(issue, frontmatter));
  problems.push(...findUnknownAffectedIds(frontmatter, listAffectableIds(config)));
  const rruleProblem =
    result.success && result.data.rrule !== undefined ? findRecurrenceProblem(result.data.rrule) : undefined;
  if (rruleProblem !== undefined) problems.push(`rrule: ${rruleProblem}`);
  return result.success && problems.length === 0 ? { incident: result.data, problems } : { problems };
}

// Reads `affected` defensively, so an unknown id is reported even when other fields are invalid.
function findUnknownAffectedIds(frontmatter: unknown, known: ReadonlySet<string>): string[] {
  const affected = readPath(frontmatter, ['affected']);
  if (!Array.isArray(affected)) return [];
  return affected.flatMap((entry: unknown, index) => {
    const id = typeof entry === 'string' ? entry : readPath(entry, ['id']);
    if (typeof id !== 'string' || known.has(id)) return [];
    const field = typeof entry === 'string' ? `affected[${index}]` : `affected[${index}].id`;
    return [
      `${field}: unknown check or group "${id}"; use an id from the config (known: ${[...known].join(', ') || 'none'})`,
    ];
  });
}

/** Reads and checks every data/incidents/*.md; a missing folder is no incidents. */
export async function validateIncidentFiles(
  dataDir: string,
  config: Pick<Config, 'checks' | 'groups'>,
): Promise<IncidentValidation> {
  const folder = path.join(dataDir, INCIDENTS_DIR);
  const fileNames = await listMarkdownFiles(folder);
  const incidents: LoadedIncident[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const fileName of fileNames) {
    const display = displayIncidentFile(dataDir, fileName);
    const fileProblems: string[] = [];
    if (!INCIDENT_FILE_PATTERN.test(fileName)) {
      fileProblems.push(
        `file name: expected lower-case letters, digits and "-", like "2026-11-22-scheduler-down.md", got "${fileName}"`,
      );
    }
    const split = splitIncidentFile(await readFile(path.join(folder, fileName), 'utf8'));
    if (split.problem !== undefined) fileProblems.push(split.problem);
    else {
      const checked = checkIncidentData(split.frontmatter, config);
      fileProblems.push(...checked.problems);
      if (checked.incident && fileProblems.length === 0) {
        incidents.push({
          slug: toIncidentSlug(fileName),
          fileName,
          incident: checked.incident,
          body: split.body,
        });
        warnings.push(...findIncidentWarnings(checked.incident).map((warning) => `${display}: ${warning}`));
      }
    }
    problems.push(...fileProblems.map((problem) => `${display}: ${problem}`));
  }
  return { incidents, problems, warnings };
}

async function listMarkdownFiles(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    // A file in the folder's place, or one it may not read: the folder named, no stack.
    const display = displayPath(folder);
    throw new ConfigError(display, [`${display}: cannot read the folder: ${describeFileError(error)}`]);
  }
}

/** Zod's issue in the words of the config errors: one line per unknown key, a missing field named so. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(
      (key) =>
        `${formatPath([...issue.path, key])}: unknown field; check the spelling (see docs/incidents.md)`,
    );
  }
  const value = readPath(input, issue.path);
  const message =
    value === undefined && issue.code === 'invalid_type'
      ? 'required field is missing'
      : issue.message.replace(/^Invalid input: /, '');
  return [`${formatPath(issue.path)}: ${message}`];
}

function readPath(input: unknown, keys: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
