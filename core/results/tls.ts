import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

/** One certificate of the chain the server sent, leaf first. */
export const TlsChainEntrySchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  /** ISO 8601. */
  expires: z.string(),
});
export type TlsChainEntry = z.infer<typeof TlsChainEntrySchema>;

const TlsDetailShape = z.object({
  /** The certificates the server sent, leaf first, at most 10. */
  chain: z.array(TlsChainEntrySchema.loose()).exactOptional(),
  /** The negotiated TLS version: "TLSv1.3". */
  protocol: z.string().exactOptional(),
  /** The negotiated cipher suite: "TLS_AES_256_GCM_SHA384". */
  cipher: z.string().exactOptional(),
  /** The leaf certificate's expiry (ISO 8601). */
  certExpires: z.string().exactOptional(),
  /** Why the chain does not verify: "certificate has expired", "self-signed certificate". */
  certProblem: z.string().exactOptional(),
});
export const TlsDetailSchema = TlsDetailShape.loose();
export type TlsDetail = z.infer<typeof TlsDetailShape>;

export const TlsMetricsSchema = z.object({
  /** TCP connect (and, with `starttls`, not the plain-text dialogue). */
  connectMs: z.number().exactOptional(),
  /** The TLS handshake alone, from ClientHello to the verified session. */
  handshakeMs: z.number().exactOptional(),
  /** Days until the leaf certificate expires, negative once expired. */
  certDaysLeft: z.number().exactOptional(),
});
export type TlsMetrics = z.infer<typeof TlsMetricsSchema>;

export const TLS_METRICS = listFieldNames(TlsMetricsSchema);
