import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';
import { MAIL_PROTOCOLS } from './mail-check-fields.ts';

/**
 * Opens a TLS connection to any host:port (directly, or after a mail protocol's STARTTLS) and
 * reports the certificate chain, its expiry, the protocol and the cipher.
 */
export const TlsCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('tls').meta({ description: "Read a TLS server's certificate chain and expiry." }),
  /** Host name or address to connect to. */
  host: z
    .string()
    .min(1)
    .meta({ description: 'Host name or address.', examples: ['ldap.example.org'] }),
  /** TCP port. */
  port: z
    .int()
    .min(1)
    .max(65535)
    .meta({ description: 'TCP port.', examples: [636] }),
  /** Speak this mail protocol's STARTTLS first (the port is then plain text until the upgrade). */
  starttls: z
    .enum(MAIL_PROTOCOLS, {
      error: (issue) => `expected one of ${MAIL_PROTOCOLS.join(', ')}, got ${JSON.stringify(issue.input)}`,
    })
    .optional()
    .meta({
      description: "Upgrade with this protocol's STARTTLS first (smtp, imap or pop3).",
      examples: ['smtp'],
    }),
  /** The name sent as SNI and checked against the certificate; default the host (when it is a name). */
  servername: z
    .string()
    .min(1)
    .optional()
    .meta({
      description: 'Name sent as SNI and checked against the certificate (default: host, unless an address).',
      examples: ['www.example.org'],
    }),
  /** Accept an invalid, expired or self-signed certificate (its days left and problem are still recorded). */
  insecure: z
    .boolean()
    .default(false)
    .meta({ description: 'Accept an invalid certificate (days left and the problem are still recorded).' }),
});
export type TlsCheck = z.infer<typeof TlsCheckSchema>;
