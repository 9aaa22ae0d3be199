import { z } from 'zod';
import { DurationSchema } from '../duration.ts';

/**
 * A command the collector runs itself when a check keeps failing, such as
 * `systemctl restart app`: opt-in, after N consecutive down results, at most once per interval.
 */
export const HealSchema = z
  .strictObject({
    /** Program and arguments, run without a shell on the collector host. */
    command: z
      .array(z.string())
      .min(1, { error: 'expected the program and its arguments, e.g. ["systemctl", "restart", "app"]' })
      .meta({
        description: 'Program and arguments to run (no shell).',
        examples: [['systemctl', 'restart', 'app']],
      }),
    /** Environment of the command beyond PATH, HOME, LANG, LC_ALL and TZ; values may use `${VAR}`. */
    env: z
      .record(z.string(), z.string())
      .default({})
      .meta({ description: 'Environment of the command beyond PATH, HOME, LANG, LC_ALL and TZ.' }),
    /** Variables of the collector's environment passed on unchanged. */
    passEnv: z
      .array(z.string())
      .default([])
      .meta({ description: "Variables of the collector's environment passed on unchanged." }),
    /** Consecutive down results before the command runs. */
    afterFailures: z
      .int()
      .min(1)
      .max(100)
      .default(2)
      .meta({ description: 'Consecutive down results before the command runs.' }),
    /** Least time between two runs of the command, so a broken service is not restarted every run. */
    minInterval: DurationSchema.prefault('30m').meta({
      description: 'Least time between two runs of the command.',
      examples: ['30m', '2h'],
    }),
    /** How long the command may take before it is killed. */
    timeout: DurationSchema.prefault('60s').meta({
      description: 'How long the command may take before it is killed.',
    }),
  })
  .meta({
    description: 'Opt-in self-healing: a command run after N consecutive down results, rate-limited.',
    examples: [{ command: ['systemctl', 'restart', 'app'], afterFailures: 2, minInterval: '30m' }],
  });
export type Heal = z.infer<typeof HealSchema>;
