import { z } from 'zod';
import { linearRegexSchema } from '../safe-regex.ts';
import { BaseCheckFields } from './base-check.ts';

/** Counts the processes on the collector host that match a name or a command-line pattern. */
export const ProcessCheckSchema = z
  .strictObject({
    ...BaseCheckFields,
    type: z
      .literal('process')
      .meta({ description: 'Processes matching a name or command line: count and memory.' }),
    /** Exact process name, as `ps -o comm` shows it or as the program's file name (`celery`, `gunicorn`). */
    processName: z
      .string()
      .min(1)
      .optional()
      .meta({
        description: 'Exact process name (comm) or program file name.',
        examples: ['gunicorn', 'redis-server'],
      }),
    /** Regular expression matched against the whole command line, arguments joined by spaces (like `pgrep -f`). */
    commandLine: linearRegexSchema()
      .min(1)
      .optional()
      .meta({
        description: 'Regex matched against the command line (like pgrep -f).',
        examples: ['celery .*worker', 'uvicorn app\\.main:app'],
      }),
    /** Fewer matching processes than this is down. */
    min: z
      .int()
      .min(0)
      .default(1)
      .meta({ description: 'Down when fewer processes match.', examples: [1, 4] }),
    /** More matching processes than this is degraded. */
    max: z
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Degraded when more processes match.', examples: [8] }),
  })
  .refine((check) => check.processName !== undefined || check.commandLine !== undefined, {
    error: 'give processName, commandLine, or both',
  })
  .refine((check) => check.max === undefined || check.max >= check.min, {
    error: (issue) => {
      const check = issue.input as { min?: number; max?: number };
      return `max (${check.max}) is below min (${check.min})`;
    },
    path: ['max'],
  });
export type ProcessCheck = z.infer<typeof ProcessCheckSchema>;
