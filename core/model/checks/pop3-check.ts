import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';
import { makeMailCheckFields } from './mail-check-fields.ts';

/**
 * Talks to a POP3 server as a client would before logging in: reads its greeting, upgrades to TLS
 * (STARTTLS, or TLS from the first byte) and reads the certificate's expiry; never sends credentials.
 */
export const Pop3CheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('pop3').meta({ description: 'Greet a POP3 server, STARTTLS and read its certificate.' }),
  ...makeMailCheckFields('pop3'),
});
export type Pop3Check = z.infer<typeof Pop3CheckSchema>;
