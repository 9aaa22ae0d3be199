import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

/** Most answers a result keeps; a bigger answer set keeps its count in `answerCount`. */
export const DNS_MAX_STORED_ANSWERS = 20;

const DnsDetailShape = z.object({
  /** The response code by name: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, … ("RCODE14" for one without a name). */
  rcode: z.string().exactOptional(),
  /**
   * The answer section as `dig +short` shows it, in the server's order, at most DNS_MAX_STORED_ANSWERS:
   * "192.0.2.1", "10 mail.example.org.", "\"v=spf1 -all\"", and "CNAME target." for a chain's links.
   */
  answers: z.array(z.string()).exactOptional(),
  /** The server answered with authority (AA) for the name. */
  authoritative: z.boolean().exactOptional(),
  /** The udp reply was truncated (TC); the answer was asked again over tcp. */
  truncated: z.boolean().exactOptional(),
  /** Which transport gave the answer: "udp", or "tcp" (asked, or after a truncated udp reply). */
  protocol: z.enum(['udp', 'tcp']).exactOptional(),
});
export const DnsDetailSchema = DnsDetailShape.loose();
export type DnsDetail = z.infer<typeof DnsDetailShape>;

export const DnsMetricsSchema = z.object({
  /** From sending the question to the whole answer; absent when no answer came. */
  queryMs: z.number().exactOptional(),
  /** Records in the answer section (all of them, not only those of the asked type). */
  answerCount: z.number().exactOptional(),
});
export type DnsMetrics = z.infer<typeof DnsMetricsSchema>;

export const DNS_METRICS = listFieldNames(DnsMetricsSchema);
