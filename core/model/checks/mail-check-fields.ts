import { z } from 'zod';

/** How a mail check secures its connection. */
export const MAIL_TLS_MODES = ['starttls', 'implicit', 'none'] as const;
export type MailTlsMode = (typeof MAIL_TLS_MODES)[number];

/** The mail protocols a check (or a tls check's `starttls`) speaks. */
export const MAIL_PROTOCOLS = ['smtp', 'imap', 'pop3'] as const;
export type MailProtocol = (typeof MAIL_PROTOCOLS)[number];

/** Each protocol's well-known ports: plain (and STARTTLS), and TLS from the first byte. */
export const MAIL_PORTS = {
  smtp: { plain: 25, implicit: 465 },
  imap: { plain: 143, implicit: 993 },
  pop3: { plain: 110, implicit: 995 },
} as const satisfies Record<MailProtocol, { plain: number; implicit: number }>;

/** The port a mail check connects to: its own, else its protocol's for its `tls` mode. */
export function resolveMailPort(
  protocol: MailProtocol,
  check: { port?: number | undefined; tls: MailTlsMode },
): number {
  return (
    check.port ?? (check.tls === 'implicit' ? MAIL_PORTS[protocol].implicit : MAIL_PORTS[protocol].plain)
  );
}

/** The fields smtp, imap and pop3 checks share; `protocol` words their descriptions and default ports. */
export function makeMailCheckFields(protocol: MailProtocol) {
  const name = protocol.toUpperCase();
  const { plain, implicit } = MAIL_PORTS[protocol];
  return {
    /** Host name or address of the mail server; its name is also sent as SNI and checked against the certificate. */
    host: z
      .string()
      .min(1)
      .meta({ description: `Host name or address of the ${name} server.`, examples: ['mail.example.org'] }),
    /** TCP port; default the protocol's own for `tls` (plain/STARTTLS or implicit TLS). */
    port: z
      .int()
      .min(1)
      .max(65535)
      .optional()
      .meta({
        description: `TCP port (default ${plain}, or ${implicit} with tls: implicit).`,
        examples: [plain],
      }),
    /**
     * starttls: upgrade the plain connection and read the certificate (down when the server does not
     * offer STARTTLS); implicit: TLS from the first byte; none: plain text only.
     */
    tls: z
      .enum(MAIL_TLS_MODES, {
        error: (issue) => `expected one of ${MAIL_TLS_MODES.join(', ')}, got ${JSON.stringify(issue.input)}`,
      })
      .default('starttls')
      .meta({
        description: `starttls: upgrade the plain connection (down when the server does not offer it); implicit: TLS from the first byte (port ${implicit}); none: plain text only.`,
        examples: ['starttls', 'implicit', 'none'],
      }),
    /** Down unless the server's greeting contains this text. */
    banner: z
      .string()
      .min(1)
      .optional()
      .meta({
        description: 'Expected text in the greeting.',
        examples: [protocol === 'smtp' ? 'ESMTP' : 'ready'],
      }),
    /** Accept an invalid, expired or self-signed certificate (its days left and problem are still recorded). */
    insecure: z
      .boolean()
      .default(false)
      .meta({ description: 'Accept an invalid certificate (days left and the problem are still recorded).' }),
  };
}
