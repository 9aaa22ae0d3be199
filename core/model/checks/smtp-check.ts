import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';
import { makeMailCheckFields } from './mail-check-fields.ts';

/**
 * Talks to an SMTP server as a client would before logging in: reads its greeting, upgrades to TLS
 * (STARTTLS, or TLS from the first byte) and reads the certificate's expiry; never sends credentials.
 */
export const SmtpCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('smtp').meta({ description: 'Greet an SMTP server, STARTTLS and read its certificate.' }),
  ...makeMailCheckFields('smtp'),
});
export type SmtpCheck = z.infer<typeof SmtpCheckSchema>;
