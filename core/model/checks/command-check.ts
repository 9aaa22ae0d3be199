import { z } from 'zod';
import { linearRegexSchema } from '../safe-regex.ts';
import { BaseCheckFields, JsonAssertionSchema } from './base-check.ts';

/** Runs a program (no shell) and judges its exit code and output. */
export const CommandCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('command').meta({ description: 'Run a program without a shell.' }),
  /** Program and arguments, run without a shell. */
  command: z
    .array(z.string())
    .min(1, { error: 'expected the program and its arguments, e.g. ["git", "--version"]' })
    .meta({ description: 'Program and arguments, run without a shell.', examples: [['git', '--version']] }),
  /** Working directory. */
  cwd: z.string().optional().meta({ description: 'Working directory.' }),
  /**
   * Environment of the program, beyond PATH, HOME, LANG, LC_ALL and TZ (the only variables of the
   * collector it gets otherwise); values may use `${VAR}`.
   */
  env: z
    .record(z.string(), z.string())
    .default({})
    .meta({
      description:
        'Environment of the program beyond PATH, HOME, LANG, LC_ALL and TZ; values may use ${VAR} (masked like every secret).',
      examples: [{ PGPASSWORD: '${REPORT_DB_PASSWORD}' }],
    }),
  /** Variables of the collector's environment passed on unchanged (names, or prefixes ending in "*"). */
  passEnv: z
    .array(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\*?$/, {
        error: 'expected a variable name such as "SSH_AUTH_SOCK", or a prefix ending in "*"',
      }),
    )
    .default([])
    .meta({
      description: "Variables of the collector's environment passed on unchanged.",
      examples: [['SSH_AUTH_SOCK', 'KRB5*']],
    }),
  /** Exit codes that count as up. */
  expectedExitCodes: z
    .array(z.int().min(0).max(255))
    .min(1)
    .default([0])
    .meta({ description: 'Exit codes that count as up.' }),
  /**
   * Regular expression that stdout must match. Named groups are recorded: numbers as metrics,
   * other text in the detail (e.g. `version`).
   */
  match: linearRegexSchema('m')
    .optional()
    .meta({
      description: 'Regex stdout must match; named groups are recorded.',
      examples: ['git version (?<version>\\S+)'],
    }),
  /** Assertions on, and numbers extracted from, stdout parsed as JSON. */
  json: z
    .array(JsonAssertionSchema)
    .default([])
    .meta({ description: 'Assertions on, and numbers extracted from, stdout parsed as JSON.' }),
  /** Most output bytes kept from stdout and stderr each; the process is not blocked beyond it. */
  maxOutputBytes: z
    .int()
    .min(256)
    .default(65_536)
    .meta({ description: 'Most bytes kept of stdout and of stderr.' }),
});
export type CommandCheck = z.infer<typeof CommandCheckSchema>;
