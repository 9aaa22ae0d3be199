import type { IncomingMessage } from 'node:http';
import type { HttpCheck } from '../../../core/model/index.ts';
import { redactUrl } from '../../../core/redact/redact.ts';
import {
  type HttpExchangeRequest,
  type HttpTimings,
  openHttpExchange,
  type TlsCertificateFacts,
} from '../../transport/http-request.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Headers that carry credentials; they are not sent on to another origin (as browsers and curl do),
// nor is any header the check's config sets.
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export interface FinalResponse {
  response: IncomingMessage;
  /** The URL that gave the response, after any redirects. */
  url: URL;
  /** Redirects followed, as redacted URLs. */
  redirects: string[];
  /** The last TLS certificate seen on the way. */
  certificate?: TlsCertificateFacts;
  /** The final request's own phases. */
  timings: HttpTimings;
  /** The final request went over a kept-alive connection an earlier request opened. */
  isReusedConnection: boolean;
}

/** A redirect chain that could not end: it loops, runs too long, or points somewhere we cannot go. */
export interface RedirectFailure {
  failure: string;
  redirects: string[];
}

type ExchangeHooks = Pick<HttpExchangeRequest, 'trackSocket' | 'onConnected' | 'reuseConnection'>;

/** Sends the check's request and follows redirects by hand, so loops are caught and tokens stay home. */
export async function requestFollowingRedirects(
  check: HttpCheck,
  headers: Record<string, string>,
  hooks: ExchangeHooks,
): Promise<FinalResponse | RedirectFailure> {
  let url = new URL(check.url);
  let method: string = check.method;
  let body = check.body;
  let certificate: TlsCertificateFacts | undefined;
  const visited = new Set([url.href]);
  const redirects: string[] = [];
  for (;;) {
    const exchange = await openHttpExchange({
      url,
      method,
      headers,
      body,
      insecure: check.insecure,
      ...hooks,
    });
    certificate = exchange.certificate ?? certificate;
    const { response } = exchange;
    const location = response.headers.location;
    const statusCode = response.statusCode ?? 0;
    if (!check.followRedirects || !REDIRECT_STATUSES.has(statusCode) || location === undefined) {
      const { timings, isReusedConnection } = exchange;
      return certificate === undefined
        ? { response, url, redirects, timings, isReusedConnection }
        : { response, url, redirects, certificate, timings, isReusedConnection };
    }
    response.socket?.destroy();
    const next = URL.canParse(location, url) ? new URL(location, url) : undefined;
    if (next === undefined || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
      return {
        failure: `redirect to an unsupported location ${JSON.stringify(redactUrl(location))}`,
        redirects,
      };
    }
    redirects.push(redactUrl(next.href));
    if (visited.has(next.href)) {
      return {
        failure: `redirect loop: ${redactUrl(url.href)} leads back to ${redactUrl(next.href)}`,
        redirects,
      };
    }
    if (redirects.length > check.maxRedirects) {
      return { failure: `too many redirects: more than ${check.maxRedirects}`, redirects };
    }
    visited.add(next.href);
    if (next.origin !== url.origin) dropCredentialHeaders(headers, Object.keys(check.headers));
    // 303 always, and 301/302 after a POST, turn into a body-less GET — as every browser does.
    if (
      (statusCode === 303 && method !== 'HEAD') ||
      ((statusCode === 301 || statusCode === 302) && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    url = next;
  }
}

/**
 * Leaving the origin the check was written for: credentials stay home, and so does every header the
 * config set (an X-Api-Key is as much a secret as an Authorization), whatever its name.
 */
function dropCredentialHeaders(headers: Record<string, string>, configured: readonly string[]): void {
  const mine = new Set(configured.map((name) => name.toLowerCase()));
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (CREDENTIAL_HEADERS.has(lower) || mine.has(lower)) delete headers[name];
  }
}

export function isRedirectFailure(outcome: FinalResponse | RedirectFailure): outcome is RedirectFailure {
  return 'failure' in outcome;
}
