import { HttpCheckSchema, TcpCheckSchema } from '../../core/model/index.ts';
import { probeHttp } from '../probes/http/probe-http.ts';
import type { Observation, ProbeContext } from '../probes/probe-types.ts';
import { probeTcp } from '../probes/tcp/probe-tcp.ts';
import type { CommandRunner } from '../transport/run-command.ts';

// A server on this machine answers in milliseconds; one that has not after this never will in time.
export const LISTENER_PROBE_TIMEOUT_MS = 1500;

/** How a listener answered HTTP: the URL that worked and what came back. */
export interface HttpAnswer {
  url: string;
  statusCode: number;
  /** https whose certificate does not verify for this address (self-signed, or made out to a name). */
  isCertificateUnverified: boolean;
  /** The probe's own message: "HTTP 200 in 2 ms". */
  message: string;
}

/** `host` as it goes in a URL: an IPv6 address in brackets. */
export function formatUrlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Whether host:port speaks https or http, asked at once (both by the real http probe, redirects not
 * followed, every status an answer): https wins, since a TLS port often answers plain HTTP with a
 * 400 of its own. Undefined when neither answered within the timeout.
 */
export async function findHttpUrl(
  host: string,
  port: number,
  pathname: string,
  signal: AbortSignal,
): Promise<HttpAnswer | undefined> {
  const origin = `${formatUrlHost(host)}:${port}`;
  const ask = async (scheme: 'http' | 'https'): Promise<HttpAnswer | undefined> => {
    const url = `${scheme}://${origin}${pathname}`;
    const check = HttpCheckSchema.parse({
      id: 'init-probe',
      type: 'http',
      url,
      followRedirects: false,
      expectedStatus: ['1xx', '2xx', '3xx', '4xx', '5xx'],
      insecure: true,
      reuseConnection: false,
      maxBodyBytes: 65_536,
    });
    const observation = await probeHttp(check, makeListenerProbeContext(signal));
    const statusCode = observation.metrics?.statusCode;
    if (typeof statusCode !== 'number') return undefined;
    const isCertificateUnverified = typeof observation.detail?.certProblem === 'string';
    return { url, statusCode, isCertificateUnverified, message: observation.message };
  };
  const [https, http] = await Promise.all([ask('https'), ask('http')]);
  return https ?? http;
}

/** Runs the real tcp probe on a check in config form, as the collector will. */
export function probeListenerTcp(check: Record<string, unknown>, signal: AbortSignal): Promise<Observation> {
  return probeTcp(TcpCheckSchema.parse(check), makeListenerProbeContext(signal));
}

// Probes of listeners open sockets only; none of them has a program to run.
const runNothing: CommandRunner = async () => ({
  exitCode: null,
  stdout: '',
  stderr: '',
  durationMs: 0,
  isTruncated: false,
  failure: 'no programs are run while probing a listener',
  timedOut: false,
});

function makeListenerProbeContext(signal: AbortSignal): ProbeContext {
  return {
    signal: AbortSignal.any([signal, AbortSignal.timeout(LISTENER_PROBE_TIMEOUT_MS)]),
    timeoutMs: LISTENER_PROBE_TIMEOUT_MS,
    now: () => new Date(),
    run: runNothing,
    previousState: undefined,
  };
}
