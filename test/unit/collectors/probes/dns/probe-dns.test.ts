import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findMissingAnswers, joinTxtStrings } from '../../../../../collectors/probes/dns/dns-answers.ts';
import { parseDnsResponse } from '../../../../../collectors/probes/dns/dns-wire.ts';
import { judgeDnsResponse } from '../../../../../collectors/probes/dns/probe-dns.ts';
import { DnsCheckSchema } from '../../../../../core/model/index.ts';

const reply = (name: string) =>
  parseDnsResponse(
    Buffer.from(
      readFileSync(new URL(`../../../../fixtures/dns/${name}.hex`, import.meta.url), 'utf8').trim(),
      'hex',
    ),
  );
const check = (fields: Record<string, unknown>) =>
  DnsCheckSchema.parse({ id: 'dns', type: 'dns', server: '127.0.0.1', queryName: 'svc.test', ...fields });
const udp = { queryMs: 1.4, protocol: 'udp' as const, truncated: false };

describe('judgeDnsResponse over captured replies', () => {
  it('is up with the answers, query time and authority', () => {
    expect(judgeDnsResponse(check({}), reply('a'), udp)).toEqual({
      status: 'up',
      message: 'svc.test A: 127.0.0.5 in 1.4 ms',
      metrics: { queryMs: 1.4, answerCount: 1 },
      detail: { rcode: 'NOERROR', answers: ['127.0.0.5'], authoritative: true, protocol: 'udp' },
    });
  });

  it.each([
    ['aaaa', 'AAAA', ['2001:DB8:0::5'], 'svc.test AAAA: 2001:db8::5 in 1.4 ms'],
    ['mx', 'MX', ['10 MAIL.svc.test'], 'svc.test MX: 10 mail.svc.test. in 1.4 ms'],
    ['txt', 'TXT', ['v=spf1 -all'], 'svc.test TXT: "v=spf1 -all" in 1.4 ms'],
    ['ns', 'NS', ['ns1.svc.test.'], 'svc.test NS: ns1.svc.test. in 1.4 ms'],
    ['cname-chain', 'A', ['127.0.0.5'], 'svc.test A: svc.test., 127.0.0.5 in 1.4 ms'],
  ])(
    '%s: up when every expected value is there, however it is spelled',
    (file, recordType, expect_, message) => {
      const observation = judgeDnsResponse(check({ recordType, expect: expect_ }), reply(file), udp);
      expect(observation).toMatchObject({ status: 'up', message });
    },
  );

  it('is down naming what is missing and what came instead', () => {
    const observation = judgeDnsResponse(check({ expect: ['127.0.0.5', '127.0.0.9'] }), reply('a'), udp);
    expect(observation).toMatchObject({
      status: 'down',
      message: 'svc.test A: expected 127.0.0.9, got 127.0.0.5',
      detail: { answers: ['127.0.0.5'] },
    });
  });

  it('is down on an rcode it does not expect, and up on NXDOMAIN when that is expected', () => {
    const name = 'missing.svc.test';
    expect(judgeDnsResponse(check({ queryName: name }), reply('nxdomain'), udp)).toMatchObject({
      status: 'down',
      message: 'missing.svc.test A: NXDOMAIN, expected NOERROR',
      metrics: { answerCount: 0 },
      detail: { rcode: 'NXDOMAIN', answers: [], authoritative: true },
    });
    expect(
      judgeDnsResponse(check({ queryName: name, expectedRcode: 'NXDOMAIN' }), reply('nxdomain'), udp),
    ).toMatchObject({
      status: 'up',
      message: 'missing.svc.test A: NXDOMAIN in 1.4 ms, as expected',
    });
    expect(judgeDnsResponse(check({}), reply('refused'), udp).message).toBe(
      'svc.test A: REFUSED, expected NOERROR',
    );
  });

  it('is down on NOERROR without a record of the asked type', () => {
    expect(
      judgeDnsResponse(check({ queryName: 'mail.svc.test', recordType: 'MX' }), reply('nodata'), udp),
    ).toMatchObject({
      status: 'down',
      message: 'mail.svc.test MX: no MX record (NOERROR, empty answer)',
    });
    expect(
      judgeDnsResponse(check({ queryName: 'www.svc.test', recordType: 'A' }), reply('cname'), udp).status,
    ).toBe('down');
  });

  it('says so when the udp reply was truncated and the answer came over tcp; caps what it stores', () => {
    const observation = judgeDnsResponse(
      check({ queryName: 'big.svc.test', recordType: 'TXT' }),
      reply('txt-big-tcp'),
      {
        queryMs: 3.2,
        protocol: 'tcp',
        truncated: true,
      },
    );
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(
      / and 5 more in 3\.2 ms \(udp reply truncated; asked again over tcp\)$/,
    );
    expect(observation.detail).toMatchObject({ truncated: true, protocol: 'tcp' });
    expect(observation.metrics).toEqual({ queryMs: 3.2, answerCount: 8 });
    for (const answer of (observation.detail?.answers as string[]) ?? [])
      expect(answer.length).toBeLessThanOrEqual(300);
  });
});

describe('findMissingAnswers', () => {
  const records = reply('txt-multi').answers;
  it('takes a TXT value quoted as dig shows it, or its strings run together', () => {
    expect(findMissingAnswers(['"first string" "second \\"quoted\\""'], records)).toEqual([]);
    expect(findMissingAnswers(['first stringsecond "quoted"'], records)).toEqual([]);
    expect(findMissingAnswers(['FIRST STRING'], records)).toEqual(['FIRST STRING']);
  });

  it('joins TXT strings and undoes their escapes', () => {
    expect(joinTxtStrings('"a\\"b" "\\065\\\\"')).toBe('a"bA\\');
  });
});

describe('the name a dns check asks for', () => {
  it("is queryName, else the check's name; a check with neither is refused at load", () => {
    const both = DnsCheckSchema.parse({
      id: 'dns',
      type: 'dns',
      server: '10.0.0.53',
      name: 'DNS (www)',
      queryName: 'www.svc.test',
    });
    expect(judgeDnsResponse(both, reply('cname-chain'), udp).message).toMatch(/^www\.svc\.test A: /);
    const nameOnly = DnsCheckSchema.parse({ id: 'dns', type: 'dns', server: '10.0.0.53', name: 'svc.test' });
    expect(judgeDnsResponse(nameOnly, reply('a'), udp).message).toMatch(/^svc\.test A: 127\.0\.0\.5/);
    const neither = DnsCheckSchema.safeParse({ id: 'dns', type: 'dns', server: '10.0.0.53' });
    expect(neither.success).toBe(false);
    expect(neither.error?.issues[0]).toMatchObject({
      path: ['queryName'],
      message: 'expected the name to look up: give queryName (or name, which is then also shown on the site)',
    });
  });
});
