import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsProbe } from '../../../../../collectors/probes/dns/probe-dns.ts';
import { DnsCheckSchema } from '../../../../../core/model/index.ts';
import { SVC_TEST_RECORDS } from '../../../../fixtures/dns/svc-test-zone.ts';
import { findClosedPort, listenTcpOnLoopback } from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type DnsmasqServer, hasDnsmasq, startDnsmasq } from '../../../../helpers/services/start-dnsmasq.ts';

const readFixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/dns/${name}.hex`, import.meta.url), 'utf8').trim();

const probe = (fields: Record<string, unknown>, timeoutMs = 5000) =>
  dnsProbe.probe(
    DnsCheckSchema.parse({ id: 'dns', type: 'dns', server: '127.0.0.1', ...fields }),
    makeProbeContext({ timeoutMs }),
  );

// On CI a missing dnsmasq fails (startDnsmasq says what to install); on a workstation without it, skipped.
describe.skipIf(!hasDnsmasq() && !process.env.CI)('dns probe against a real dnsmasq', () => {
  let server: DnsmasqServer;
  beforeAll(async () => {
    server = await startDnsmasq({ records: SVC_TEST_RECORDS });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['A', 'svc.test', '127.0.0.5'],
    ['AAAA', 'svc.test', '2001:db8::5'],
    ['CNAME', 'www.svc.test', 'svc.test.'],
    ['MX', 'svc.test', '10 mail.svc.test.'],
    ['TXT', 'svc.test', '"v=spf1 -all"'],
    ['NS', 'svc.test', 'ns1.svc.test.'],
    ['SRV', '_ldap._tcp.svc.test', '0 5 389 ldap.svc.test.'],
  ])('%s %s: up with %s, authoritative, and the query time', async (recordType, name, answer) => {
    const observation = await probe({ port: server.port, queryName: name, recordType, expect: [answer] });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(new RegExp(`^${name} ${recordType}: .*in [\\d.]+ ms$`)),
      metrics: { queryMs: expect.any(Number), answerCount: 1 },
      detail: { rcode: 'NOERROR', answers: [answer], authoritative: true, protocol: 'udp' },
    });
  });

  it('SOA: up with the zone serial and timers as dig shows them', async () => {
    const observation = await probe({ port: server.port, queryName: 'svc.test', recordType: 'SOA' });
    expect(observation.status).toBe('up');
    expect(observation.detail?.answers).toEqual([
      expect.stringMatching(/^ns1\.svc\.test\. hostmaster\.ns1\.svc\.test\. \d+ 1200 180 1209600 600$/),
    ]);
  });

  it('follows a CNAME chain to the address, and asks over tcp when told to', async () => {
    const chain = await probe({ port: server.port, queryName: 'www.svc.test', expect: ['127.0.0.5'] });
    expect(chain).toMatchObject({ status: 'up', detail: { answers: ['svc.test.', '127.0.0.5'] } });
    const tcp = await probe({ port: server.port, queryName: 'svc.test', protocol: 'tcp' });
    expect(tcp).toMatchObject({ status: 'up', detail: { protocol: 'tcp', answers: ['127.0.0.5'] } });
  });

  it('is down on NXDOMAIN, and up when NXDOMAIN is what the check expects', async () => {
    expect(await probe({ port: server.port, queryName: 'missing.svc.test' })).toMatchObject({
      status: 'down',
      message: 'missing.svc.test A: NXDOMAIN, expected NOERROR',
      detail: { rcode: 'NXDOMAIN', answers: [] },
    });
    const expected = await probe({
      port: server.port,
      queryName: 'missing.svc.test',
      expectedRcode: 'NXDOMAIN',
    });
    expect(expected.status).toBe('up');
  });

  it('is down when an expected answer is missing, naming it', async () => {
    const observation = await probe({ port: server.port, queryName: 'svc.test', expect: ['127.0.0.9'] });
    expect(observation).toMatchObject({
      status: 'down',
      message: 'svc.test A: expected 127.0.0.9, got 127.0.0.5',
    });
  });

  it('asks again over tcp when the udp reply is truncated, and says so', async () => {
    const observation = await probe({ port: server.port, queryName: 'big.svc.test', recordType: 'TXT' });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/\(udp reply truncated; asked again over tcp\)$/),
      metrics: { answerCount: 8 },
      detail: { truncated: true, protocol: 'tcp' },
    });
  });

  it('is down with REFUSED for a name the server does not serve', async () => {
    const observation = await probe({ port: server.port, queryName: 'elsewhere.example' });
    expect(observation).toMatchObject({
      status: 'down',
      message: 'elsewhere.example A: REFUSED, expected NOERROR',
    });
  });
});

describe('dns probe against servers that misbehave', () => {
  const closers: (() => void)[] = [];
  afterAll(() => {
    for (const close of closers) close();
  });

  /** A udp socket on loopback that reads every datagram and, if told, answers with its own bytes. */
  async function bindUdp(answer?: (query: Buffer) => Buffer): Promise<number> {
    const socket: UdpSocket = createSocket('udp4');
    socket.on('message', (query, from) => {
      if (answer) socket.send(answer(query), from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    closers.push(() => socket.close());
    return socket.address().port;
  }

  it('is down "timed out" (not a throw) when the server reads and never answers', async () => {
    const port = await bindUdp();
    const observation = await probe({ port, queryName: 'svc.test' }, 1000);
    expect(observation).toEqual({
      status: 'down',
      message: `timed out after 1 s waiting for 127.0.0.1:${port} (udp)`,
    });
  });

  it('asks a server on an IPv6 address over udp6', async () => {
    const captured = Buffer.from(readFixture('a'), 'hex');
    const socket = createSocket('udp6');
    socket.on('message', (query, from) => {
      const answer = Buffer.from(captured);
      query.copy(answer, 0, 0, 2);
      socket.send(answer, from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '::1', resolve));
    closers.push(() => socket.close());
    const { port } = socket.address();
    const observation = await probe({ server: '::1', port, queryName: 'svc.test' });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^svc\.test A: 127\.0\.0\.5 in /),
    });
    const silent = await probe({ server: '::1', port: await findClosedPort(), queryName: 'svc.test' }, 1000);
    expect(silent.message).toMatch(/^\[::1\]:\d+ \(udp\): recvmsg ECONNREFUSED$/);
  });

  it('ignores a reply with another id (a forged answer must guess the random one)', async () => {
    const port = await bindUdp((query) => {
      const forged = Buffer.from(query);
      forged.writeUInt16BE((query.readUInt16BE(0) + 1) & 0xffff, 0);
      forged.writeUInt16BE(0x8180, 2);
      return forged;
    });
    const observation = await probe({ port, queryName: 'svc.test' }, 1000);
    expect(observation.message).toMatch(/^timed out after 1 s/);
  });

  it('is down "malformed reply" for garbage under the right id', async () => {
    const port = await bindUdp((query) =>
      Buffer.concat([query.subarray(0, 2), Buffer.from('8180ffff', 'hex')]),
    );
    const observation = await probe({ port, queryName: 'svc.test' });
    expect(observation).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^malformed reply from 127\.0\.0\.1:\d+ \(udp\): /),
    });
  });

  it('is down with the refusal when nothing listens on the udp port', async () => {
    const port = await findClosedPort();
    const observation = await probe({ port, queryName: 'svc.test' }, 2000);
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port} \\(udp\\): .*ECONNREFUSED`));
  });

  it('is down "timed out" over tcp when the server accepts and never answers, or hangs up mid-answer', async () => {
    const sockets: Socket[] = [];
    const silent = await listenTcpOnLoopback(createServer((socket) => sockets.push(socket)));
    closers.push(() => {
      for (const socket of sockets) socket.destroy();
      void silent.close();
    });
    const hung = await probe({ port: silent.port, queryName: 'svc.test', protocol: 'tcp' }, 1000);
    expect(hung).toEqual({
      status: 'down',
      message: `timed out after 1 s waiting for 127.0.0.1:${silent.port} (tcp)`,
    });

    const halfway = await listenTcpOnLoopback(
      createServer((socket) => socket.end(Buffer.from('0040abcd', 'hex'))),
    );
    closers.push(() => void halfway.close());
    const cut = await probe({ port: halfway.port, queryName: 'svc.test', protocol: 'tcp' });
    expect(cut).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/closed the tcp connection after 4 bytes/),
    });
  });
});
