import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/** Asks systemd (`systemctl show`) whether a unit is active. */
export const SystemdCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('systemd').meta({ description: 'systemd unit state (systemctl show).' }),
  /** Unit name; without a suffix systemd reads it as `.service`. */
  unit: z
    .string()
    .min(1)
    .regex(/^[^\s/]+$/, { error: 'expected a unit name such as "app.service" (no spaces or slashes)' })
    .meta({
      description: 'Unit name; no suffix means .service.',
      examples: ['app.service', 'nginx', 'backup.timer'],
    }),
  /** Ask the user's service manager (`systemctl --user`) instead of the system's. */
  user: z
    .boolean()
    .default(false)
    .meta({ description: "Use systemctl --user (the collecting user's units)." }),
});
export type SystemdCheck = z.infer<typeof SystemdCheckSchema>;
