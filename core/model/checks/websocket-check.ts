import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/** Opens a WebSocket, optionally sends a text and expects a first message containing a text, then closes. */
export const WebsocketCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('websocket').meta({ description: 'Open a WebSocket (ws or wss).' }),
  /** The ws:// or wss:// URL to open. */
  url: z
    .url({
      protocol: /^wss?$/,
      error: (issue) => `expected a ws:// or wss:// URL, got ${JSON.stringify(issue.input)}`,
    })
    .meta({ description: 'URL to open (ws or wss).', examples: ['wss://chat.example.org/socket'] }),
  /** Headers of the upgrade request, e.g. a token read from the environment. */
  headers: z
    .record(z.string(), z.string())
    .default({})
    .meta({
      description: 'Headers of the upgrade request.',
      examples: [{ Authorization: 'Bearer ${WS_TOKEN}' }],
    }),
  /** A text message sent once the socket is open. */
  send: z
    .string()
    .optional()
    .meta({ description: 'Text message sent once open.', examples: ['ping'] }),
  /** Down unless the first message received contains this text (the server may speak first). */
  expect: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Down unless the first message contains this text.', examples: ['pong'] }),
  /** Accept invalid TLS certificates (the days left are still recorded). */
  insecure: z.boolean().default(false).meta({ description: 'Accept invalid TLS certificates.' }),
});
export type WebsocketCheck = z.infer<typeof WebsocketCheckSchema>;
