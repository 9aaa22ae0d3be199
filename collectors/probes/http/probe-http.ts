import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { DAY_MS } from '../../../core/history/utc-day.ts';
import { compileConditions } from '../../../core/model/conditions.ts';
import { formatDurationMs } from '../../../core/model/duration-format.ts';
import type { HttpCheck } from '../../../core/model/index.ts';
import { redactUrl } from '../../../core/redact/redact.ts';
import type { HttpBuiltinMetrics, HttpDetail, HttpMetrics, HttpPhase } from '../../../core/results/http.ts';
import packageJson from '../../../package.json' with { type: 'json' };
import {
  CertificateRejectedError,
  readBodyCapped,
  type TlsCertificateFacts,
} from '../../transport/http-request.ts';
import { describeNetworkError, toAbortError } from '../../transport/network-error.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { evaluateJsonAssertions } from '../shared/json-path.ts';
import { warmUpOnLoopback } from '../shared/warm-up.ts';
import { type FinalResponse, isRedirectFailure, requestFollowingRedirects } from './http-redirects.ts';

const USER_AGENT = `Vigil/${packageJson.version}`;
// Requests that may go over a connection kept alive from an earlier check: the ones that change
// nothing, so the one resend after a server closed an idle connection (see openHttpExchange) is safe.
const REUSABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Asks a URL and reports what came back. `latencyMs` runs from the start of the first request to
 * the final response's headers (redirects included, body download excluded), so a large page does
 * not read as a slow server.
 */
export async function probeHttp(check: HttpCheck, context: ProbeContext): Promise<Observation> {
  const sockets = new Set<Socket>();
  // Destroying with an error (not plainly) is what wakes a pending connect or response wait.
  const abortSockets = () => {
    for (const socket of sockets) socket.destroy(toAbortError(context.signal.reason));
  };
  const trackSocket = (socket: Socket) => {
    sockets.add(socket);
    if (context.signal.aborted) abortSockets();
  };
  context.signal.addEventListener('abort', abortSockets, { once: true });
  const startedAt = performance.now();
  let phase: HttpPhase = 'connecting';
  let certificate: TlsCertificateFacts | undefined;
  // A response read to its end leaves its connection to the agent's keep-alive pool; any other
  // ending (failure, timeout, a body cut short) destroys every socket this check used.
  let isBodyRead = false;
  try {
    if (context.signal.aborted) throw context.signal.reason;
    const outcome = await requestFollowingRedirects(check, buildHeaders(check.headers), {
      reuseConnection: mayReuseConnection(check),
      trackSocket,
      onConnected: () => {
        phase = 'waiting for the response';
      },
    });
    if (isRedirectFailure(outcome)) {
      return {
        status: 'down',
        message: outcome.failure,
        detail: { redirects: outcome.redirects } satisfies HttpDetail,
      };
    }
    const latencyMs = roundTenths(performance.now() - startedAt);
    certificate = outcome.certificate;
    phase = 'reading the body';
    const { body, isTruncated } =
      check.method === 'HEAD'
        ? { body: Buffer.alloc(0), isTruncated: false }
        : await readBodyCapped(outcome.response, check.maxBodyBytes);
    if (check.method === 'HEAD') outcome.response.resume();
    isBodyRead = !isTruncated && !context.signal.aborted;
    return judgeResponse(check, outcome, { latencyMs, body, isTruncated, certificate, now: context.now() });
  } catch (error) {
    const certificateFacts = error instanceof CertificateRejectedError ? error.certificate : certificate;
    const seen = describeCertificate(certificateFacts, context.now());
    if (context.signal.aborted) {
      const message = describeTimeout(context);
      return {
        status: 'down',
        message,
        metrics: seen.metrics,
        detail: { ...seen.detail, timedOutWhile: phase } satisfies HttpDetail,
      };
    }
    return {
      status: 'down',
      message: describeNetworkError(error),
      metrics: seen.metrics,
      detail: seen.detail,
    };
  } finally {
    context.signal.removeEventListener('abort', abortSockets);
    if (!isBodyRead) for (const socket of sockets) socket.destroy();
  }
}

interface ResponseFacts {
  latencyMs: number;
  body: Buffer;
  isTruncated: boolean;
  certificate: TlsCertificateFacts | undefined;
  now: Date;
}

/** Turns a response into an observation: status code first, then keywords, then JSON assertions. */
function judgeResponse(check: HttpCheck, outcome: FinalResponse, facts: ResponseFacts): Observation {
  const statusCode = outcome.response.statusCode ?? 0;
  const seen = describeCertificate(facts.certificate, facts.now);
  const metrics: HttpMetrics = {
    latencyMs: facts.latencyMs,
    ...outcome.timings,
    statusCode,
    bodyBytes: facts.body.length,
    ...seen.metrics,
  } satisfies HttpBuiltinMetrics;
  const detail: HttpDetail = { ...seen.detail };
  if (outcome.isReusedConnection) detail.reusedConnection = true;
  if (outcome.redirects.length > 0) {
    detail.finalUrl = redactUrl(outcome.url.href);
    detail.redirects = outcome.redirects;
  }
  if (facts.isTruncated) detail.bodyTruncated = `read the first ${check.maxBodyBytes} bytes only`;
  if (!isExpectedStatus(statusCode, check.expectedStatus)) {
    const after = formatDurationMs(facts.latencyMs);
    const failed = findFailedStatusConditions(check, statusCode);
    const message =
      failed.length > 0
        ? `${failed.join('; ')} failed: got ${statusCode} after ${after}`
        : `HTTP ${statusCode} after ${after} (expected ${check.expectedStatus.join(', ')})`;
    return { status: 'down', message, metrics, detail };
  }
  const failures = checkBody(check, facts.body.toString('utf8'), facts.isTruncated, metrics);
  if (failures.length > 0) return { status: 'down', message: failures.join('; '), metrics, detail };
  return {
    status: 'up',
    message: `HTTP ${statusCode} in ${formatDurationMs(facts.latencyMs)}`,
    metrics,
    detail,
  };
}

/** Keyword and JSON checks on the body; JSON metrics are added to `metrics`. */
function checkBody(check: HttpCheck, text: string, isTruncated: boolean, metrics: HttpMetrics): string[] {
  const failures: string[] = [];
  const within = isTruncated ? ` in the first ${check.maxBodyBytes} bytes` : '';
  if (check.keyword !== undefined && !text.includes(check.keyword)) {
    const condition = findConditionOf(check, 'keyword');
    failures.push(
      condition === undefined
        ? `keyword ${JSON.stringify(check.keyword)} not found${within}`
        : `${condition} failed${within}`,
    );
  }
  if (check.forbiddenKeyword !== undefined && text.includes(check.forbiddenKeyword)) {
    const condition = findConditionOf(check, 'forbiddenKeyword');
    failures.push(
      condition === undefined
        ? `forbidden keyword ${JSON.stringify(check.forbiddenKeyword)} found`
        : `${condition} failed`,
    );
  }
  if (check.json.length === 0) return failures;
  const document = parseJson(text);
  if (document === undefined) {
    const hint = isTruncated ? ` (cut at ${check.maxBodyBytes} bytes; raise maxBodyBytes)` : '';
    return [...failures, `body is not JSON${hint}`];
  }
  const evaluated = evaluateJsonAssertions(document.value, check.json);
  Object.assign(metrics, evaluated.metrics);
  return [...failures, ...evaluated.failures];
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    // Not JSON: the caller reports "body is not JSON".
    return undefined;
  }
}

// A check written with Gatus conditions hears about its failures in their words: each [STATUS]
// condition, compiled alone, is judged by the same expectedStatus test as the check.
function findFailedStatusConditions(check: HttpCheck, statusCode: number): string[] {
  return (check.conditions ?? []).filter((condition) => {
    const { expectedStatus } = compileConditions('http', [condition]).fields;
    return expectedStatus !== undefined && !isExpectedStatus(statusCode, expectedStatus);
  });
}

/** The condition that set a field of the check, when it has conditions. */
function findConditionOf(check: HttpCheck, field: 'keyword' | 'forbiddenKeyword'): string | undefined {
  if (check.conditions === undefined) return undefined;
  const index = compileConditions('http', check.conditions).origins[field];
  return index === undefined ? undefined : check.conditions[index];
}

function isExpectedStatus(statusCode: number, expected: HttpCheck['expectedStatus']): boolean {
  return expected.some((entry) =>
    typeof entry === 'number' ? entry === statusCode : entry === `${Math.floor(statusCode / 100)}xx`,
  );
}

/** certDaysLeft (negative once expired) and the expiry date; a rejected or odd certificate says why. */
function describeCertificate(
  certificate: TlsCertificateFacts | undefined,
  now: Date,
): { metrics: HttpBuiltinMetrics; detail: HttpDetail } {
  if (certificate === undefined) return { metrics: {}, detail: {} };
  const certDaysLeft = roundTenths((certificate.validTo.getTime() - now.getTime()) / DAY_MS);
  const detail: HttpDetail = { certExpires: certificate.validTo.toISOString() };
  if (certificate.problem !== undefined) detail.certProblem = certificate.problem;
  return { metrics: { certDaysLeft }, detail };
}

// Custom headers win over the defaults whatever their case; names are sent lower-case.
function buildHeaders(custom: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*' };
  for (const [name, value] of Object.entries(custom)) headers[name.toLowerCase()] = value;
  return headers;
}

function roundTenths(value: number): number {
  return Math.round(value * 10) / 10;
}

export const httpProbe: ProbeDefinition<'http'> = {
  probe: probeHttp,
  preload: (warmUpCheck) =>
    warmUpOnLoopback(
      createServer((_request, response) => response.end('ok')),
      warmUpCheck,
      (check, port) => ({ ...check, url: `http://127.0.0.1:${port}/` }),
      probeHttp,
    ),
  defaultThresholds: DEFAULT_THRESHOLDS.http,
};

/**
 * Whether a check may take a kept-alive connection: GET, HEAD and OPTIONS, never `insecure`; and,
 * unless it says so, not a check judged on `latencyMs`. Which check of an origin opens the run's
 * connection depends on their order, and a threshold must judge the same measure every run.
 */
export function mayReuseConnection(check: HttpCheck): boolean {
  if (check.insecure || !REUSABLE_METHODS.has(check.method)) return false;
  return check.reuseConnection ?? check.thresholds?.latencyMs === undefined;
}
