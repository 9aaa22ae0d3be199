import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

/** Where an http check was when its timeout struck. */
export const HttpPhaseSchema = z.enum(['connecting', 'waiting for the response', 'reading the body']);
export type HttpPhase = z.infer<typeof HttpPhaseSchema>;

const HttpDetailShape = z.object({
  /** The certificate's expiry (ISO 8601), for HTTPS. */
  certExpires: z.string().exactOptional(),
  /** Why the certificate was rejected or is odd: "certificate has expired". */
  certProblem: z.string().exactOptional(),
  /** Where the redirects led (credentials redacted); only when there were redirects. */
  finalUrl: z.string().exactOptional(),
  /** Each redirect followed, in order. */
  redirects: z.array(z.string()).exactOptional(),
  /** "read the first 1048576 bytes only": keyword and JSON checks saw part of the body. */
  bodyTruncated: z.string().exactOptional(),
  timedOutWhile: HttpPhaseSchema.exactOptional(),
  /** The final request went over a kept-alive connection an earlier check opened (no connect or TLS timed). */
  reusedConnection: z.boolean().exactOptional(),
});
export const HttpDetailSchema = HttpDetailShape.loose();
export type HttpDetail = z.infer<typeof HttpDetailShape>;

/** The metrics the probe names itself; the check's JSON-path `metric`s come on top. */
export const HttpBuiltinMetricsSchema = z.object({
  /** First request to the final response's headers, redirects included, body excluded. */
  latencyMs: z.number().exactOptional(),
  /** The final request's phases, from its own socket events: lookup and connect, TLS, first byte. */
  connectMs: z.number().exactOptional(),
  tlsMs: z.number().exactOptional(),
  firstByteMs: z.number().exactOptional(),
  statusCode: z.number().exactOptional(),
  bodyBytes: z.number().exactOptional(),
  /** Negative once expired; HTTPS only. */
  certDaysLeft: z.number().exactOptional(),
});
export type HttpBuiltinMetrics = z.infer<typeof HttpBuiltinMetricsSchema>;

export const HttpMetricsSchema = HttpBuiltinMetricsSchema.catchall(z.number());
export type HttpMetrics = z.infer<typeof HttpMetricsSchema>;

export const HTTP_METRICS = listFieldNames(HttpBuiltinMetricsSchema);
