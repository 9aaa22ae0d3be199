import { describe, expect, it } from 'vitest';
import { parseDnsResponse } from '../../../../collectors/probes/dns/dns-wire.ts';
import { judgeDnsResponse } from '../../../../collectors/probes/dns/probe-dns.ts';
import { pingProbe } from '../../../../collectors/probes/ping/probe-ping.ts';
import type { Observation } from '../../../../collectors/probes/probe-types.ts';
import { DnsCheckSchema, PingCheckSchema } from '../../../../core/model/index.ts';
import { makeProbeContext } from '../../../helpers/probe-context.ts';
import { answerPrograms, expectReadable, readFixture } from './expect-readable.ts';

// The ping probe on captured iputils output and the dns judgement on captured dnsmasq replies: what
// they return must read back with their result schemas, unchanged.

function ping(file: string, exitCode: number): () => Promise<Observation> {
  const check = PingCheckSchema.parse({ id: 'gw', type: 'ping', host: '192.0.2.1' });
  const run = answerPrograms({ ping: { exitCode, stdout: readFixture(`ping/${file}`) } });
  return () => pingProbe.probe(check, makeProbeContext({ run }));
}

function dns(file: string, fields: Record<string, unknown> = {}): () => Promise<Observation> {
  const check = DnsCheckSchema.parse({
    id: 'dns',
    type: 'dns',
    server: '127.0.0.1',
    name: 'svc.test',
    ...fields,
  });
  const response = parseDnsResponse(Buffer.from(readFixture(`dns/${file}.hex`).trim(), 'hex'));
  return async () => judgeDnsResponse(check, response, { queryMs: 0.8, protocol: 'udp', truncated: false });
}

describe('ping and dns results read with their schemas', () => {
  it.each([
    ['ping, all answered', 'ping' as const, ping('all-answered.txt', 0), true],
    ['ping, partial loss', 'ping' as const, ping('partial-loss.txt', 0), true],
    ['ping, nothing answered', 'ping' as const, ping('host-unreachable.txt', 1), true],
    ['ping, unknown host', 'ping' as const, ping('unknown-host.txt', 2), true],
    ['dns A', 'dns' as const, dns('a'), true],
    ['dns SOA', 'dns' as const, dns('soa', { recordType: 'SOA' }), true],
    ['dns NXDOMAIN', 'dns' as const, dns('nxdomain', { name: 'missing.svc.test' }), true],
  ])('%s', async (_name, type, observe, hasDetail) => {
    const observation = await observe();
    expect(expectReadable(type, observation).hasDetail).toBe(hasDetail);
  });
});
