import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DnsFormatError,
  encodeDnsQuery,
  encodeName,
  formatIpv6,
  parseDnsResponse,
} from '../../../../../collectors/probes/dns/dns-wire.ts';

// Replies captured from a real dnsmasq 2.90 (test/fixtures/dns/capture-responses.ts, zone in
// svc-test-zone.ts) to the query the probe sends: id 0x1234, RD, EDNS(0) 1232.
const reply = (name: string) =>
  Buffer.from(
    readFileSync(new URL(`../../../../fixtures/dns/${name}.hex`, import.meta.url), 'utf8').trim(),
    'hex',
  );

describe('encodeDnsQuery', () => {
  it('writes the header, the question and an EDNS(0) OPT record, as dig does', () => {
    const query = encodeDnsQuery({ id: 0x1234, name: 'svc.test', type: 'MX', udpPayloadBytes: 1232 });
    expect(query.toString('hex')).toBe(
      `123401000001000000000001${'03737663047465737400'}000f0001${'0000290' + '4d0000000000000'}`,
    );
  });

  it('writes a plain RFC 1035 query without EDNS, and RD off when asked', () => {
    const query = encodeDnsQuery({ id: 7, name: 'svc.test.', type: 'A', recursionDesired: false });
    expect(query.toString('hex')).toBe('000700000001000000000000037376630474657374000001' + '0001');
  });

  it('asks for a non-ASCII name as punycode and the root as one zero byte', () => {
    expect(encodeName('bücher.example').toString('latin1')).toBe('\u000dxn--bcher-kva\u0007example\u0000');
    expect(encodeName('.')).toEqual(Buffer.from([0]));
  });

  it('refuses names DNS cannot carry, saying why', () => {
    expect(() => encodeName('a..b')).toThrow(/empty label in "a..b"/);
    expect(() => encodeName(`${'a'.repeat(64)}.test`)).toThrow(/is 64 bytes; at most 63/);
    expect(() => encodeName(Array.from({ length: 50 }, () => 'abcde').join('.'))).toThrow(/at most 255/);
    expect(() => encodeDnsQuery({ id: 70_000, name: 'a', type: 'A' })).toThrow(RangeError);
  });
});

describe('parseDnsResponse over captured dnsmasq replies', () => {
  const cases: { file: string; rcode: string; answers: string[]; authority?: string[] }[] = [
    {
      file: 'a',
      rcode: 'NOERROR',
      answers: ['svc.test. A 127.0.0.5'],
      authority: ['svc.test. NS ns1.svc.test.'],
    },
    { file: 'aaaa', rcode: 'NOERROR', answers: ['svc.test. AAAA 2001:db8::5'] },
    { file: 'cname', rcode: 'NOERROR', answers: ['www.svc.test. CNAME svc.test.'] },
    {
      file: 'cname-chain',
      rcode: 'NOERROR',
      answers: ['www.svc.test. CNAME svc.test.', 'svc.test. A 127.0.0.5'],
    },
    { file: 'mx', rcode: 'NOERROR', answers: ['svc.test. MX 10 mail.svc.test.'] },
    { file: 'txt', rcode: 'NOERROR', answers: ['svc.test. TXT "v=spf1 -all"'] },
    {
      file: 'txt-multi',
      rcode: 'NOERROR',
      answers: ['multi.svc.test. TXT "first string" "second \\"quoted\\""'],
    },
    { file: 'ns', rcode: 'NOERROR', answers: ['svc.test. NS ns1.svc.test.'] },
    {
      file: 'soa',
      rcode: 'NOERROR',
      answers: [
        expect.stringMatching(
          /^svc\.test\. SOA ns1\.svc\.test\. hostmaster\.ns1\.svc\.test\. \d+ 1200 180 1209600 600$/,
        ),
      ],
    },
    { file: 'srv', rcode: 'NOERROR', answers: ['_ldap._tcp.svc.test. SRV 0 5 389 ldap.svc.test.'] },
    {
      file: 'nxdomain',
      rcode: 'NXDOMAIN',
      answers: [],
      authority: [expect.stringMatching(/^svc\.test\. SOA ns1\.svc\.test\. hostmaster/)],
    },
    { file: 'nodata', rcode: 'NOERROR', answers: [] },
    { file: 'refused', rcode: 'REFUSED', answers: [], authority: [] },
  ];
  it.each(cases)('$file: $rcode $answers', ({ file, rcode, answers, authority }) => {
    const response = parseDnsResponse(reply(file));
    expect(response).toMatchObject({
      id: 0x1234,
      isResponse: true,
      opcode: 0,
      rcodeName: rcode,
      truncated: false,
    });
    expect(response.answers.map((record) => `${record.name} ${record.type} ${record.data}`)).toEqual(answers);
    if (authority !== undefined)
      expect(response.authority.map((record) => `${record.name} ${record.type} ${record.data}`)).toEqual(
        authority,
      );
  });

  it('reads the question, the flags and TTLs, and hides the OPT record', () => {
    const response = parseDnsResponse(reply('a'));
    expect(response.questions).toEqual([{ name: 'svc.test.', type: 'A', typeCode: 1, classCode: 1 }]);
    expect(response).toMatchObject({ authoritative: true, recursionDesired: true, rcode: 0 });
    expect(response.answers[0]).toMatchObject({ ttl: 600, classCode: 1, typeCode: 1 });
    expect(response.additional.every((record) => record.type !== 'OPT')).toBe(true);
    expect(parseDnsResponse(reply('refused')).authoritative).toBe(false);
  });

  it('sees TC on a reply cut to fit 1232 bytes, and the whole answer over tcp', () => {
    const cut = parseDnsResponse(reply('txt-truncated'));
    expect(cut.truncated).toBe(true);
    expect(cut.answers.length).toBeLessThan(8);
    const whole = parseDnsResponse(reply('txt-big-tcp'));
    expect(whole.truncated).toBe(false);
    expect(whole.answers).toHaveLength(8);
    expect(whole.answers.map((record) => record.data.slice(0, 3)).sort()).toEqual([
      '"1x',
      '"2x',
      '"3x',
      '"4x',
      '"5x',
      '"6x',
      '"7x',
      '"8x',
    ]);
  });
});

describe('parseDnsResponse on malformed messages', () => {
  const header = (counts: [number, number, number, number]) => {
    const bytes = Buffer.alloc(12);
    bytes.writeUInt16BE(0x1234, 0);
    bytes.writeUInt16BE(0x8180, 2);
    counts.forEach((count, index) => {
      bytes.writeUInt16BE(count, 4 + index * 2);
    });
    return bytes;
  };

  it('follows a compression pointer backwards, and names the error of one that loops or points forwards', () => {
    // Question "a." at 12; the answer's name points back at it.
    const question = Buffer.from('0161000001' + '0001', 'hex');
    const answer = Buffer.from('c00c' + '0001' + '0001' + '0000003c' + '0004' + 'c0000201', 'hex');
    const good = Buffer.concat([header([1, 1, 0, 0]), question, answer]);
    expect(parseDnsResponse(good).answers[0]).toMatchObject({ name: 'a.', data: '192.0.2.1' });
    const loop = Buffer.concat([header([1, 0, 0, 0]), Buffer.from('c00c00010001', 'hex')]);
    expect(() => parseDnsResponse(loop)).toThrow(/points forwards to 12/);
    const forward = Buffer.concat([header([1, 0, 0, 0]), Buffer.from('c0200001000100', 'hex')]);
    expect(() => parseDnsResponse(forward)).toThrow(DnsFormatError);
  });

  it('refuses a message cut short anywhere, or a record that claims more data than there is', () => {
    const whole = reply('mx');
    for (const length of [0, 5, 12, 20, 30, whole.length - 1]) {
      expect(() => parseDnsResponse(whole.subarray(0, length)), `cut at ${length}`).toThrow(DnsFormatError);
    }
    const lying = Buffer.concat([
      header([0, 1, 0, 0]),
      Buffer.from('00' + '0001' + '0001' + '00000001' + '0010' + 'c0000201', 'hex'),
    ]);
    expect(() => parseDnsResponse(lying)).toThrow(/claims 16 bytes of data past the message's end/);
    const shortA = Buffer.concat([
      header([0, 1, 0, 0]),
      Buffer.from('00000100010000000100' + '03' + 'c00002', 'hex'),
    ]);
    expect(() => parseDnsResponse(shortA)).toThrow(/A data is 3 bytes, not 4/);
  });

  it('shows a type it does not know in RFC 3597 form and a name with odd bytes escaped', () => {
    const record = Buffer.from('03612e62' + '00' + '0063' + '0001' + '00000001' + '0002' + 'abcd', 'hex');
    const [answer] = parseDnsResponse(Buffer.concat([header([0, 1, 0, 0]), record])).answers;
    expect(answer).toMatchObject({ name: 'a\\.b.', type: 'TYPE99', data: '\\# 2 abcd' });
  });
});

describe('formatIpv6', () => {
  it.each([
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['20010db8000100000001000000000001', '2001:db8:1:0:1::1'],
    ['20010db8000000010000000000000000', '2001:db8:0:1::'],
    ['20010db8000000010000000100000000', '2001:db8:0:1:0:1::'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
  ])('%s → %s', (hex, text) => {
    expect(formatIpv6(Buffer.from(hex, 'hex'))).toBe(text);
  });
});
