import { z } from 'zod';
import { MAIL_TLS_MODES } from '../model/checks/mail-check-fields.ts';
import { listFieldNames } from './result-shape.ts';

// What smtp, imap and pop3 checks store: one shape, as the three probes share one engine.

const MailDetailShape = z.object({
  /** The greeting's first line, control characters removed, at most 200 characters. */
  banner: z.string().exactOptional(),
  /** How the connection was secured: starttls, implicit or none. */
  tls: z.enum(MAIL_TLS_MODES).exactOptional(),
  /** What the server offered before TLS (EHLO keywords, IMAP CAPABILITY, POP3 CAPA), at most 40. */
  capabilities: z.array(z.string()).exactOptional(),
  /** The negotiated TLS version: "TLSv1.3". */
  tlsProtocol: z.string().exactOptional(),
  /** The negotiated cipher suite: "TLS_AES_256_GCM_SHA384". */
  tlsCipher: z.string().exactOptional(),
  /** The server certificate's expiry (ISO 8601). */
  certExpires: z.string().exactOptional(),
  /** The server certificate's subject: "CN=mail.example.org". */
  certSubject: z.string().exactOptional(),
  /** Who issued it: "CN=R11, O=Let's Encrypt, C=US". */
  certIssuer: z.string().exactOptional(),
  /** Why the certificate does not verify: "certificate has expired", "self-signed certificate". */
  certProblem: z.string().exactOptional(),
});
export const MailDetailSchema = MailDetailShape.loose();
export type MailDetail = z.infer<typeof MailDetailShape>;

export const MailMetricsSchema = z.object({
  /** TCP connect; absent when the connection failed. */
  connectMs: z.number().exactOptional(),
  /** Days until the server certificate expires, negative once expired; only with TLS. */
  certDaysLeft: z.number().exactOptional(),
});
export type MailMetrics = z.infer<typeof MailMetricsSchema>;

export const MAIL_METRICS = listFieldNames(MailMetricsSchema);
