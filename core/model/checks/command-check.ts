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
  /** Extra environment variables. */
  env: z.record(z.string(), z.string()).default({}).meta({ description: 'Extra environment variables.' }),
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
