import { SITE_INPUT_PROBLEM } from '../config/config-error.ts';
import { countNoun } from '../count-noun.ts';

/** The message that stops a build over invalid incident files: one line per problem, as `vigil validate` prints them. */
export function formatIncidentProblems(problems: readonly string[]): string {
  const count = problems.length;
  return `${SITE_INPUT_PROBLEM} ${countNoun(count, 'problem')} in incident files:\n  ${problems.join('\n  ')}`;
}
