import { z } from 'zod';
import { BaseCheckFields, conditionsSchemaFor, JsonAssertionSchema } from './base-check.ts';

/** An HTTP status code (200) or a class of them ("2xx"). */
const ExpectedStatusSchema = z.union([
  z.int().min(100).max(599),
  z.string().regex(/^[1-5]xx$/, { error: 'expected a status code such as 200 or a class such as "2xx"' }),
]);

/** Asks a URL and judges the answer: status code, latency, body keyword, JSON values, TLS certificate. */
export const HttpCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('http').meta({ description: 'Request a URL.' }),
  /** The URL to request; http or https. Credentials in it are redacted wherever it is shown. */
  url: z
    .url({
      protocol: /^https?$/,
      error: (issue) => `expected an http(s) URL, got ${JSON.stringify(issue.input)}`,
    })
    .meta({ description: 'URL to request (http or https).', examples: ['https://example.org/health'] }),
  /** HTTP method. */
  method: z
    .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
    .default('GET')
    .meta({ description: 'HTTP method.' }),
  /** Request headers, e.g. a token read from the environment. */
  headers: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: 'Request headers.', examples: [{ Authorization: 'Bearer ${API_TOKEN}' }] }),
  /** Request body, sent as is. */
  body: z.string().optional().meta({ description: 'Request body, sent as is.' }),
  /** Status codes that count as up. */
  expectedStatus: z
    .array(ExpectedStatusSchema)
    .min(1)
    .default(['2xx'])
    .meta({
      description: 'Status codes that count as up.',
      examples: [
        [200, 204],
        ['2xx', 301],
      ],
    }),
  /** Follow redirects (up to `maxRedirects`). */
  followRedirects: z.boolean().default(true).meta({ description: 'Follow redirects (up to maxRedirects).' }),
  /** Most redirects to follow before reporting a redirect loop. */
  maxRedirects: z
    .int()
    .min(0)
    .max(20)
    .default(5)
    .meta({ description: 'Most redirects followed before reporting a redirect loop.' }),
  /** Down unless the body contains this text. */
  keyword: z.string().min(1).optional().meta({ description: 'Down unless the body contains this text.' }),
  /** Down if the body contains this text. */
  forbiddenKeyword: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Down if the body contains this text.' }),
  /** Assertions on, and numbers extracted from, a JSON body. */
  json: z
    .array(JsonAssertionSchema)
    .default([])
    .meta({
      description: 'Assertions on, and numbers extracted from, a JSON body.',
      examples: [
        [
          { path: '$.status', equals: 'ok' },
          { path: '$.queue.depth', metric: 'queueDepth' },
        ],
      ],
    }),
  /**
   * Send GET, HEAD and OPTIONS requests over a kept-alive connection an earlier check of the same
   * origin (scheme, host, port) opened in this run, when one is idle: `latencyMs` is then the
   * request's own time, without connect and TLS. `false` opens a fresh connection every time (as
   * `insecure` checks and other methods always do), so each run also times connect and TLS. Unset:
   * reused, except by a check with a threshold on `latencyMs`, which is judged on the same measure
   * (connect, TLS and request) every run.
   */
  reuseConnection: z.boolean().optional().meta({
    description:
      'Send GET/HEAD/OPTIONS over an idle kept-alive connection to the same origin opened earlier in the run (latency then excludes connect and TLS); false opens a fresh connection every time, as insecure checks and other methods always do. Unset: reused, except by a check with a latencyMs threshold, which is timed the same way every run.',
  }),
  /** Accept invalid or expired TLS certificates (the days left are still recorded). */
  insecure: z.boolean().default(false).meta({ description: 'Accept invalid TLS certificates.' }),
  /** Most body bytes read for keyword and JSON checks; the rest is not downloaded. */
  maxBodyBytes: z
    .int()
    .min(1024)
    .default(1_048_576)
    .meta({ description: 'Most body bytes read for keyword and JSON checks; the rest is not downloaded.' }),
  /** Gatus conditions: [STATUS], [RESPONSE_TIME], [BODY] (pat, JSON paths, len, has, any), [CERTIFICATE_EXPIRATION]. */
  conditions: conditionsSchemaFor(['[STATUS] == 200', '[BODY].status == UP', '[RESPONSE_TIME] < 500']),
});
export type HttpCheck = z.infer<typeof HttpCheckSchema>;
