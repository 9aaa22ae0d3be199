import { z } from 'zod';
import { BaseCheckFields, conditionsSchemaFor } from './base-check.ts';

/** Record types the dns check can ask for and render as `dig` shows them. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA', 'SRV'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** Response codes by name (RFC 1035, 2136, 6895), the way `dig` prints them in its header. */
export const DNS_RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
] as const;
export type DnsRcode = (typeof DNS_RCODES)[number];

export const DNS_PROTOCOLS = ['udp', 'tcp'] as const;

/**
 * Asks one DNS server one question (a name and a record type) and judges its answer: the response
 * code, and optionally that every expected value is among the answers.
 */
export const DnsCheckSchema = z
  .strictObject({
    ...BaseCheckFields,
    type: z.literal('dns').meta({ description: 'Ask a DNS server for a record.' }),
    /** Address or host name of the DNS server to ask. */
    server: z
      .string()
      .min(1)
      .meta({
        description: 'Address or host name of the DNS server to ask.',
        examples: ['10.0.0.53', '1.1.1.1'],
      }),
    /** Port the server listens on. */
    port: z
      .int()
      .min(1)
      .max(65535)
      .default(53)
      .meta({ description: 'Port the DNS server listens on.', examples: [53] }),
    /**
     * The name to look up. Without it the question is the check's `name` (as the contract of issue 18
     * and the importers write it), which is then also the name shown on the site.
     */
    queryName: z
      .string()
      .min(1)
      .max(253)
      .optional()
      .meta({
        description:
          "The name to look up; defaults to the check's `name` (which is then also shown on the site), so give `name` for the page and `queryName` for the question.",
        examples: ['www.example.org', '_ldap._tcp.example.org'],
      }),
    /** Record type to ask for. */
    recordType: z
      .enum(DNS_RECORD_TYPES, {
        error: (issue) =>
          `expected one of ${DNS_RECORD_TYPES.join(', ')}, got ${JSON.stringify(issue.input)}`,
      })
      .default('A')
      .meta({ description: 'Record type to ask for.', examples: ['A', 'MX'] }),
    /** udp (the usual) or tcp (2-byte length prefix, as for zone transfers and large answers). */
    protocol: z
      .enum(DNS_PROTOCOLS, {
        error: (issue) => `expected udp or tcp, got ${JSON.stringify(issue.input)}`,
      })
      .default('udp')
      .meta({ description: 'Transport: udp, or tcp.', examples: ['udp'] }),
    /**
     * Down unless every listed value is among the answers, written as `dig +short` shows them:
     * "192.0.2.1", "10 mail.example.org.", "\"v=spf1 -all\"" (a trailing dot on names is optional).
     */
    expect: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({
        description:
          'Down unless every listed value is among the answers, as `dig +short` shows them ("192.0.2.1", "10 mail.example.org."); a trailing dot on names is optional.',
        examples: [['192.0.2.10']],
      }),
    /** The response code that counts as up; NXDOMAIN checks that a name does not exist. */
    expectedRcode: z
      .enum(DNS_RCODES, {
        error: (issue) =>
          `expected a response code such as NOERROR or NXDOMAIN, got ${JSON.stringify(issue.input)}`,
      })
      .default('NOERROR')
      .meta({ description: 'The response code that counts as up.', examples: ['NOERROR', 'NXDOMAIN'] }),
    /** Gatus conditions: [DNS_RCODE] == NAME, [BODY] == ANSWER, [RESPONSE_TIME] (the query time). */
    conditions: conditionsSchemaFor(['[DNS_RCODE] == NOERROR', '[BODY] == 192.0.2.10']),
  })
  .refine((check) => check.queryName !== undefined || check.name !== undefined, {
    error: 'expected the name to look up: give queryName (or name, which is then also shown on the site)',
    path: ['queryName'],
  });
export type DnsCheck = z.infer<typeof DnsCheckSchema>;

/** The name a dns check asks for: `queryName`, else the check's `name`. */
export function readDnsQueryName(check: Pick<DnsCheck, 'queryName' | 'name'>): string {
  return check.queryName ?? check.name ?? '';
}
