import { z } from 'zod';
import { parseDurationMs } from './duration-format.ts';

export { formatDurationMs, parseDurationMs } from './duration-format.ts';

const DURATION_SCHEMA_PATTERN = /^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)\s*$/;

const describeDurationInput = (input: unknown) =>
  `expected a duration like "5s", "500ms" or "2m", got ${JSON.stringify(input)}`;

/** A duration written with its unit ("5s"); parsed to milliseconds. */
export const DurationSchema = z
  .string({ error: (issue) => describeDurationInput(issue.input) })
  .regex(DURATION_SCHEMA_PATTERN, { error: (issue) => describeDurationInput(issue.input) })
  .transform((text, ctx) => {
    const durationMs = parseDurationMs(text);
    if (durationMs === undefined || durationMs <= 0) {
      ctx.issues.push({ code: 'custom', message: describeDurationInput(text), input: text });
      return z.NEVER;
    }
    return durationMs;
  })
  .meta({ description: 'A duration with its unit: ms, s, m, h or d.', examples: ['5s', '500ms', '2m'] });
