import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const WebsocketDetailShape = z.object({
  /** The first message received (control characters removed, at most 200 characters), with send/expect. */
  reply: z.string().exactOptional(),
  /** The close code the server sent, when it closed before the check was done. */
  closeCode: z.number().exactOptional(),
  /** The certificate's expiry (ISO 8601), for wss. */
  certExpires: z.string().exactOptional(),
  /** Why the certificate does not verify, for wss. */
  certProblem: z.string().exactOptional(),
});
export const WebsocketDetailSchema = WebsocketDetailShape.loose();
export type WebsocketDetail = z.infer<typeof WebsocketDetailShape>;

export const WebsocketMetricsSchema = z.object({
  /** Connect, TLS and upgrade, until the socket is open. */
  connectMs: z.number().exactOptional(),
  /** From the send (or the open, when nothing is sent) to the first message. */
  replyMs: z.number().exactOptional(),
  /** Negative once expired; wss only. */
  certDaysLeft: z.number().exactOptional(),
});
export type WebsocketMetrics = z.infer<typeof WebsocketMetricsSchema>;

export const WEBSOCKET_METRICS = listFieldNames(WebsocketMetricsSchema);
