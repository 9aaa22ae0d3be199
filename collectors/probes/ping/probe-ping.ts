import { isIPv6 } from 'node:net';
import type { PingCheck } from '../../../core/model/index.ts';
import type { PingDetail, PingMetrics } from '../../../core/results/ping.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { type PingReport, parsePingOutput } from './ping-output.ts';

/** Between echo requests: iputils' shortest for a user who is not root (MINUSERINTERVAL), so it works for all. */
const INTERVAL_MS = 200;
/** How long ping waits for the last reply at most: a reply slower than this is as good as lost. */
const MAX_REPLY_WAIT_S = 2;
/** Left of the check's timeout for ping to start and print its statistics. */
const START_MARGIN_MS = 1000;

/** Pings the host `count` times with the system ping (no raw sockets in Node) and reads its statistics. */
async function probePing(check: PingCheck, context: ProbeContext): Promise<Observation> {
  const outcome = await context.run({
    argv: buildPingArgv(check, context.timeoutMs),
    signal: context.signal,
    maxOutputBytes: 65_536,
  });
  if (outcome.timedOut) return { status: 'down', message: describeTimeout(context) };
  if (outcome.exitCode === null) return { status: 'down', message: outcome.failure ?? 'ping did not exit' };
  const report = parsePingOutput(`${outcome.stdout}\n${outcome.stderr}`);
  return judgePingReport(report, outcome.exitCode);
}

/**
 * `ping -n -c COUNT -W WAIT -i 0.2 -- HOST`: WAIT (whole seconds, which every iputils reads) is as
 * long as the check's timeout leaves after the requests are sent, 1 to 2 s, so a host that never
 * answers ends the program before the timeout kills it.
 */
export function buildPingArgv(check: PingCheck, timeoutMs: number): string[] {
  const host = check.host.replace(/^\[(.*)\]$/, '$1');
  const leftMs = timeoutMs - (check.count - 1) * INTERVAL_MS - START_MARGIN_MS;
  const waitS = Math.min(MAX_REPLY_WAIT_S, Math.max(1, Math.floor(leftMs / 1000)));
  return [
    'ping',
    ...(isIPv6(host) ? ['-6'] : []),
    '-n',
    '-c',
    String(check.count),
    '-W',
    String(waitS),
    '-i',
    String(INTERVAL_MS / 1000),
    '--',
    host,
  ];
}

/** Up when anything answered (loss is judged by thresholds), down when nothing did or ping could not ask. */
export function judgePingReport(report: PingReport, exitCode: number): Observation {
  const { transmitted, received, lossPercent } = report;
  if (transmitted === undefined || received === undefined || lossPercent === undefined) {
    const said = report.problem ?? `ping exited with ${exitCode} without statistics`;
    return {
      status: 'down',
      message: `ping failed: ${said}`,
      ...(report.problem && { detail: { problem: report.problem } }),
    };
  }
  const detail: PingDetail = { transmitted, received };
  if (report.address !== undefined) detail.address = report.address;
  if (report.errors !== undefined) detail.errors = report.errors;
  if (report.problem !== undefined) detail.problem = report.problem;
  const metrics: PingMetrics = { packetLossPercent: Math.round(lossPercent * 10) / 10 };
  const answered = `${received} of ${transmitted} answered`;
  if (received === 0 || report.rtt === undefined) {
    const why = report.problem === undefined ? 'no reply' : report.problem;
    return { status: 'down', message: `${why}: ${answered} (100% packet loss)`, metrics, detail };
  }
  metrics.rttMinMs = report.rtt.minMs;
  metrics.rttAvgMs = report.rtt.avgMs;
  metrics.rttMaxMs = report.rtt.maxMs;
  const loss = received < transmitted ? ` (${metrics.packetLossPercent}% lost)` : '';
  const message = `${answered}${loss}, round trip ${formatRttMs(report.rtt.avgMs)} average, ${formatRttMs(report.rtt.maxMs)} max`;
  return {
    status: 'up',
    message,
    metrics: metrics satisfies PingMetrics,
    detail: detail satisfies PingDetail,
  };
}

/** "0.21 ms", "12.3 ms", "184 ms": round trips on a LAN are fractions of a millisecond. */
function formatRttMs(ms: number): string {
  if (ms < 1) return `${Number(ms.toFixed(2))} ms`;
  if (ms < 100) return `${Number(ms.toFixed(1))} ms`;
  return `${Math.round(ms)} ms`;
}

export const pingProbe: ProbeDefinition<'ping'> = {
  preload: preloadCommandRunner,
  probe: probePing,
  defaultThresholds: DEFAULT_THRESHOLDS.ping,
};
