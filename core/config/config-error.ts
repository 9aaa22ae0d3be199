import { countNoun } from '../count-noun.ts';

/**
 * How the site (src/data) begins the message of an error that stops a build over invalid input (the
 * config, an incident file, a branding field): `vigil build` turns such an error into exit 1 and
 * prints its message alone, no stack.
 */
export const SITE_INPUT_PROBLEM = 'Vigil cannot build the site:';

/** Invalid input, with every problem already formatted as `file:line: path: what is wrong`. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    super(`${file}: ${countNoun(problems.length, 'problem')}:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
