import { z } from 'zod';
import { BaseCheckFields, conditionsSchemaFor } from './base-check.ts';

/** Protocols whose greeting the tcp check can ask for without credentials. */
export const TCP_HANDSHAKES = ['redis', 'postgres', 'mysql'] as const;
export type TcpHandshake = (typeof TCP_HANDSHAKES)[number];

/**
 * Opens a TCP connection and, optionally, reads the greeting a server sends first (SSH, SMTP, FTP)
 * or asks the first question of its protocol (Redis, PostgreSQL, MySQL), which proves the server
 * answers without any credentials.
 */
export const TcpCheckSchema = z
  .strictObject({
    ...BaseCheckFields,
    type: z.literal('tcp').meta({ description: 'Open a TCP connection.' }),
    /** Host name or address to connect to. */
    host: z
      .string()
      .min(1)
      .meta({ description: 'Host name or address.', examples: ['127.0.0.1', 'login1.cluster.example.org'] }),
    /** TCP port. */
    port: z
      .int()
      .min(1)
      .max(65535)
      .meta({ description: 'TCP port.', examples: [22] }),
    /** Down unless the server's first bytes contain this text, e.g. "SSH-2.0". */
    banner: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Expected text in the greeting, e.g. "SSH-2.0".' }),
    /**
     * Down unless the server answers the first step of this protocol, which needs no credentials:
     * redis (PING: any reply, NOAUTH included), postgres (GSSENCRequest: "G" or "N", unlogged), mysql (the
     * server's handshake packet, MariaDB too). Not with `banner`.
     */
    handshake: z
      .enum(TCP_HANDSHAKES, {
        error: (issue) => `expected one of ${TCP_HANDSHAKES.join(', ')}, got ${JSON.stringify(issue.input)}`,
      })
      .optional()
      .meta({
        description:
          "Down unless the server answers its protocol's first step, no credentials needed: redis (PING; NOAUTH counts), postgres (GSSENCRequest), mysql (the server's handshake; MariaDB too). Not with banner.",
        examples: ['redis', 'postgres', 'mysql'],
      }),
    /** Gatus conditions: [CONNECTED] == true and [RESPONSE_TIME] (the connect time). */
    conditions: conditionsSchemaFor(['[CONNECTED] == true', '[RESPONSE_TIME] < 200']),
  })
  .refine((check) => check.banner === undefined || check.handshake === undefined, {
    error: 'not with banner: both read what the server answers first; keep one of them',
    path: ['handshake'],
  });
export type TcpCheck = z.infer<typeof TcpCheckSchema>;
