import path from 'node:path';
import { displayPath } from '../config/display-path.ts';
import { readYaml } from '../config/read-yaml.ts';

/** Where incident files live, relative to the data dir. */
export const INCIDENTS_DIR = 'incidents';

/** Incident file names: lower-case words joined by "-", ending in .md; the name is the page's slug. */
export const INCIDENT_FILE_PATTERN = /^[a-z0-9][a-z0-9-]*\.md$/;

export interface SplitIncidentFile {
  /** The parsed YAML frontmatter, or undefined with a problem. */
  frontmatter: unknown;
  /** The markdown after the frontmatter. */
  body: string;
  /** What stopped the frontmatter from being read, as `<field>: <what is wrong>`. */
  problem?: string;
}

const FRONTMATTER_PATTERN = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits `---\nYAML\n---\nmarkdown` and parses the YAML (1.2: dates stay text for the schema to judge). */
export function splitIncidentFile(text: string): SplitIncidentFile {
  const match = FRONTMATTER_PATTERN.exec(text);
  if (!match) {
    return {
      frontmatter: undefined,
      body: text,
      problem:
        'frontmatter: expected the file to start with a "---" line, the fields, and another "---" line',
    };
  }
  const body = text.slice(match[0].length);
  const reading = readYaml(match[1] ?? '');
  if (!reading.ok) {
    // The frontmatter starts on the file's second line, after "---".
    const where = reading.line === undefined ? '' : ` (line ${reading.line + 1})`;
    return { frontmatter: undefined, body, problem: `frontmatter${where}: ${reading.message}` };
  }
  return { frontmatter: reading.value ?? {}, body };
}

/**
 * How a problem names the file: openable from the working directory (`data/incidents/<file>.md`
 * there, absolute when the data dir lies outside it; see displayPath).
 */
export function displayIncidentFile(dataDir: string, fileName: string): string {
  return displayPath(path.join(dataDir, INCIDENTS_DIR, fileName));
}

/** The slug (page URL part) of an incident file name. */
export function toIncidentSlug(fileName: string): string {
  return fileName.replace(/\.md$/, '');
}
