import { z } from 'zod';
import { TCP_HANDSHAKES } from '../model/checks/tcp-check.ts';
import { listFieldNames } from './result-shape.ts';

const TcpDetailShape = z.object({
  /** The server's first line (control characters removed, at most 200 characters), when a banner was expected. */
  banner: z.string().exactOptional(),
  /** The protocol asked, when the check has a `handshake`. */
  handshake: z.enum(TCP_HANDSHAKES).exactOptional(),
  /** What the server answered, cleaned like the banner: "+PONG", "-NOAUTH Authentication required.", "S". */
  reply: z.string().exactOptional(),
  /** The version the server announced in its greeting (mysql: "11.8.3-MariaDB-0+deb13u1"). */
  serverVersion: z.string().exactOptional(),
  /** The server answered but wants a password first (redis NOAUTH) or refused this host (mysql error packet). */
  authRequired: z.boolean().exactOptional(),
  /** postgres: the server offers GSSAPI encryption ("G" to the GSSENCRequest). */
  gssOffered: z.boolean().exactOptional(),
  /** mysql: the error the server sent instead of its handshake, e.g. 1130 "Host … is not allowed to connect". */
  errorCode: z.number().exactOptional(),
});
export const TcpDetailSchema = TcpDetailShape.loose();
export type TcpDetail = z.infer<typeof TcpDetailShape>;

export const TcpMetricsSchema = z.object({
  /** Absent when the connection failed. */
  connectMs: z.number().exactOptional(),
});
export type TcpMetrics = z.infer<typeof TcpMetricsSchema>;

export const TCP_METRICS = listFieldNames(TcpMetricsSchema);
