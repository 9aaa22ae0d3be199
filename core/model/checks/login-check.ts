import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/**
 * A login node: how many people are logged in and its 1/5/15-minute load, from `uptime` run on it
 * (over ssh when `host` is set). Shown in the "Login nodes" table of its cluster's page.
 */
export const LoginCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('login').meta({
    description: 'A login node: users logged in and load averages from `uptime` (locally or over ssh).',
  }),
  /** The login node to ask over ssh; absent: the collector's own host. */
  host: z
    .string()
    // Never starting with "-": ssh would read it as an option (`-oProxyCommand=…`).
    .regex(/^(?:\w[\w.-]*@)?\w[\w.-]*$/, {
      error: 'expected a host name such as "derecho1" or "monitor@derecho1"',
    })
    .optional()
    .meta({
      description:
        'Login node to ask over ssh (`ssh -o BatchMode=yes -o ConnectTimeout=<timeout> <host> uptime`); absent: the collector host itself.',
      examples: ['derecho1.hpc.example.org', 'monitor@casper-login1'],
    }),
  /** Program and arguments that print `uptime` (or `w`) output; it wins over the default. */
  command: z
    .array(z.string())
    .min(1, { error: 'expected the program and its arguments, e.g. ["ssh", "login1", "uptime"]' })
    .optional()
    .meta({
      description:
        'Program and arguments that print `uptime` or `w` output, run without a shell (default: `uptime`, or ssh to `host` running `uptime`).',
      examples: [['ssh', '-i', '/etc/vigil/id_login', 'derecho1', 'w']],
    }),
});
export type LoginCheck = z.infer<typeof LoginCheckSchema>;
