import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/** Sends ICMP echo requests with the system `ping` (iputils) and measures loss and round trips. */
export const PingCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('ping').meta({ description: 'Ping a host (ICMP echo, through the system ping).' }),
  /** Host name or address to ping; an IPv6 literal is pinged over IPv6. */
  host: z
    .string()
    .min(1)
    .regex(/^[^\s-]/, { error: 'expected a host name or address, not an option' })
    .meta({
      description: 'Host name or address to ping.',
      examples: ['192.0.2.1', 'login1.cluster.example.org'],
    }),
  /** Echo requests per run. */
  count: z
    .int()
    .min(1)
    .max(20)
    .default(3)
    .meta({ description: 'Echo requests sent per run.', examples: [3] }),
});
export type PingCheck = z.infer<typeof PingCheckSchema>;
