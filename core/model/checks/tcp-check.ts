import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/** Opens a TCP connection and, optionally, reads the greeting a server sends first (SSH, SMTP, FTP). */
export const TcpCheckSchema = z.strictObject({
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
});
export type TcpCheck = z.infer<typeof TcpCheckSchema>;
