import { z } from 'zod';
import { isSecretName, redactUrls } from '../../redact/redact.ts';

/** The most facts one check may list. */
export const MAX_FACTS = 50;

/** The longest fact name and text value, in characters. */
export const MAX_FACT_NAME_CHARS = 80;
export const MAX_FACT_TEXT_CHARS = 500;

/** Why a fact may not read the environment: its value is published. */
export const FACT_VARIABLE_PROBLEM =
  'a fact is published on the component page and in its JSON, so it cannot come from ${…} (the environment, where secrets live); write the value itself';

/** Why a fact may not hold a URL's password or token (`redis://:pw@cache`, `?token=`): it is published as written. */
export const FACT_URL_SECRET_PROBLEM =
  'a fact is published on the component page and in its JSON, so a URL in it cannot carry a password or token; write the URL without it (redis://cache:6379/0)';

const FactValueSchema = z.union([z.string().max(MAX_FACT_TEXT_CHARS), z.number(), z.boolean()], {
  error: 'expected text, a number or true/false',
});

/**
 * Static, non-secret facts about a component (a configuration summary: limits, versions, sizes),
 * published as they are written: a name that names a secret, a value from `${…}`, or a URL with a
 * password or token in it, is refused.
 */
export const FactsSchema = z
  .record(z.string(), FactValueSchema)
  .superRefine((facts, context) => {
    const names = Object.keys(facts);
    if (names.length > MAX_FACTS) {
      context.addIssue({
        code: 'custom',
        message: `expected at most ${MAX_FACTS} facts, got ${names.length}; keep the summary short`,
        input: names.length,
      });
    }
    for (const [name, value] of Object.entries(facts)) {
      const problem = describeFactProblem(name, value);
      if (problem !== undefined)
        context.addIssue({ code: 'custom', message: problem, path: [name], input: value });
    }
  })
  .optional()
  .meta({
    description:
      'Static, non-secret facts shown as "Configuration" on the component page and in /api/vigil/components/<id>.json: text, numbers or true/false, never ${VAR}, never a secret-named key (password, token, key…) and never a URL with a password or token in it.',
    examples: [
      { 'WebP quality': 85, 'Max upload size (MB)': 20, 'Allowed MIME types': 'image/jpeg, image/png' },
    ],
  });
export type Facts = z.infer<typeof FactsSchema>;

// Checked on the record so the message names the fact (its path) as the user wrote it.
function describeFactProblem(name: string, value: unknown): string | undefined {
  if (name.trim() === '') return 'expected a fact name, got an empty one';
  if (name.length > MAX_FACT_NAME_CHARS)
    return `expected a fact name of at most ${MAX_FACT_NAME_CHARS} characters, got ${name.length}`;
  if (isSecretName(name)) {
    return `${JSON.stringify(name)} names a secret; facts are published, so leave it out (or rename it if it is not one)`;
  }
  if (typeof value === 'string' && value.includes('${')) return FACT_VARIABLE_PROBLEM;
  if (typeof value === 'string' && redactUrls(value) !== value) return FACT_URL_SECRET_PROBLEM;
  return undefined;
}
