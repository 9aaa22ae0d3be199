import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';
import { makeMailCheckFields } from './mail-check-fields.ts';

/**
 * Talks to an IMAP server as a client would before logging in: reads its greeting, upgrades to TLS
 * (STARTTLS, or TLS from the first byte) and reads the certificate's expiry; never sends credentials.
 */
export const ImapCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('imap').meta({ description: 'Greet an IMAP server, STARTTLS and read its certificate.' }),
  ...makeMailCheckFields('imap'),
});
export type ImapCheck = z.infer<typeof ImapCheckSchema>;
