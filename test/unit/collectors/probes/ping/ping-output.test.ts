import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PingReport, parsePingOutput } from '../../../../../collectors/probes/ping/ping-output.ts';
import { buildPingArgv, judgePingReport } from '../../../../../collectors/probes/ping/probe-ping.ts';
import { PingCheckSchema } from '../../../../../core/model/index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/ping/${name}`, import.meta.url), 'utf8');

describe('parsePingOutput over captured iputils ping output', () => {
  const cases: { name: string; file: string; report: PingReport }[] = [
    {
      name: 'every request answered',
      file: 'all-answered.txt',
      report: {
        address: '127.0.0.1',
        transmitted: 3,
        received: 3,
        lossPercent: 0,
        rtt: { minMs: 0.037, avgMs: 0.213, maxMs: 0.561 },
      },
    },
    {
      name: 'one of three lost',
      file: 'partial-loss.txt',
      report: {
        address: '127.0.0.1',
        transmitted: 3,
        received: 2,
        lossPercent: 33.3333,
        rtt: { minMs: 0.042, avgMs: 0.048, maxMs: 0.054 },
      },
    },
    {
      name: 'nothing answered, no error either',
      file: 'total-loss.txt',
      report: { address: '10.200.0.2', transmitted: 3, received: 0, lossPercent: 100 },
    },
    {
      name: 'ICMP errors instead of replies',
      file: 'host-unreachable.txt',
      report: {
        address: '10.200.0.3',
        transmitted: 5,
        received: 0,
        errors: 3,
        lossPercent: 100,
        problem: 'Destination Host Unreachable',
      },
    },
    {
      name: 'an unknown host',
      file: 'unknown-host.txt',
      report: { problem: 'nonexistent.invalid: Name or service not known' },
    },
    {
      name: 'no route',
      file: 'network-unreachable.txt',
      report: { problem: 'connect: Network is unreachable' },
    },
    {
      name: 'IPv6',
      file: 'ipv6-all-answered.txt',
      report: {
        address: '::1',
        transmitted: 3,
        received: 3,
        lossPercent: 0,
        rtt: { minMs: 0.048, avgMs: 0.094, maxMs: 0.184 },
      },
    },
  ];
  it.each(cases)('$name ($file)', ({ file, report }) => {
    expect(parsePingOutput(fixture(file))).toEqual(report);
  });

  it('reads the BSD and busybox spelling of the round-trip line and duplicates', () => {
    const text = [
      'PING 192.0.2.1 (192.0.2.1): 56 data bytes',
      '4 packets transmitted, 4 received, +1 duplicates, 0% packet loss',
      'round-trip min/avg/max/stddev = 1.105/2.210/4.020/1.1 ms',
    ].join('\n');
    expect(parsePingOutput(text)).toEqual({
      address: '192.0.2.1',
      transmitted: 4,
      received: 4,
      duplicates: 1,
      lossPercent: 0,
      rtt: { minMs: 1.105, avgMs: 2.21, maxMs: 4.02 },
    });
  });

  it('stays bounded on a huge or hostile output and strips control characters from what it keeps', () => {
    const hostile = `ping: ${'\u0007'.repeat(3)}bad${'a'.repeat(1000)}\n${'9'.repeat(5_000_000)}`;
    const report = parsePingOutput(hostile);
    expect(report.problem).toMatch(/^bada+$/);
    expect(report.problem?.length).toBeLessThanOrEqual(200);
    expect(parsePingOutput('')).toEqual({});
  });
});

describe('buildPingArgv', () => {
  const check = (fields: Record<string, unknown>) =>
    PingCheckSchema.parse({ id: 'gw', type: 'ping', ...fields });

  it('sends COUNT requests 0.2 s apart, numeric, the host after "--"', () => {
    expect(buildPingArgv(check({ host: '192.0.2.1' }), 10_000)).toEqual([
      'ping',
      '-n',
      '-c',
      '3',
      '-W',
      '2',
      '-i',
      '0.2',
      '--',
      '192.0.2.1',
    ]);
  });

  it('pings an IPv6 literal (bracketed or not) with -6', () => {
    expect(buildPingArgv(check({ host: '[2001:db8::1]' }), 10_000)).toEqual([
      'ping',
      '-6',
      '-n',
      '-c',
      '3',
      '-W',
      '2',
      '-i',
      '0.2',
      '--',
      '2001:db8::1',
    ]);
  });

  it('waits less for the last reply when the timeout leaves less, never under 1 s', () => {
    expect(buildPingArgv(check({ host: 'gw', count: 5 }), 3000)).toContain('1');
    const argv = buildPingArgv(check({ host: 'gw', count: 20 }), 2000);
    expect(argv[argv.indexOf('-W') + 1]).toBe('1');
  });

  it('refuses a host that reads as an option', () => {
    expect(PingCheckSchema.safeParse({ id: 'gw', type: 'ping', host: '-f' }).success).toBe(false);
    expect(PingCheckSchema.safeParse({ id: 'gw', type: 'ping', host: 'gw', count: 21 }).success).toBe(false);
  });
});

describe('judgePingReport', () => {
  it('is up with the round trips when every request was answered', () => {
    expect(judgePingReport(parsePingOutput(fixture('all-answered.txt')), 0)).toEqual({
      status: 'up',
      message: '3 of 3 answered, round trip 0.21 ms average, 0.56 ms max',
      metrics: { packetLossPercent: 0, rttMinMs: 0.037, rttAvgMs: 0.213, rttMaxMs: 0.561 },
      detail: { address: '127.0.0.1', transmitted: 3, received: 3 },
    });
  });

  it('is up with the loss said when some were lost (thresholds judge the loss)', () => {
    const observation = judgePingReport(parsePingOutput(fixture('partial-loss.txt')), 0);
    expect(observation.status).toBe('up');
    expect(observation.message).toBe('2 of 3 answered (33.3% lost), round trip 0.05 ms average, 0.05 ms max');
    expect(observation.metrics).toMatchObject({ packetLossPercent: 33.3 });
  });

  it('is down without round-trip metrics when nothing answered', () => {
    expect(judgePingReport(parsePingOutput(fixture('total-loss.txt')), 1)).toEqual({
      status: 'down',
      message: 'no reply: 0 of 3 answered (100% packet loss)',
      metrics: { packetLossPercent: 100 },
      detail: { address: '10.200.0.2', transmitted: 3, received: 0 },
    });
    expect(judgePingReport(parsePingOutput(fixture('host-unreachable.txt')), 1)).toMatchObject({
      status: 'down',
      message: 'Destination Host Unreachable: 0 of 5 answered (100% packet loss)',
      detail: { errors: 3, problem: 'Destination Host Unreachable' },
    });
  });

  it("is down with ping's own words when it could not send", () => {
    expect(judgePingReport(parsePingOutput(fixture('unknown-host.txt')), 2)).toEqual({
      status: 'down',
      message: 'ping failed: nonexistent.invalid: Name or service not known',
      detail: { problem: 'nonexistent.invalid: Name or service not known' },
    });
    expect(judgePingReport({}, 2).message).toBe('ping failed: ping exited with 2 without statistics');
  });
});
