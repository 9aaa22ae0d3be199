import {
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
  request as sendRequest,
} from 'node:http';
import type { Socket } from 'node:net';
import {
  type ConnectTarget,
  getAgent,
  getConnectionFacts,
  type TlsCertificateFacts,
} from './http-connections.ts';

export { CertificateRejectedError, type TlsCertificateFacts } from './http-connections.ts';

export interface HttpExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Send the request even when the server's certificate does not verify. */
  insecure: boolean;
  /**
   * Take an idle kept-alive connection to this origin when there is one, and keep this one open
   * for the next request (see http-connections.ts); otherwise a fresh connection, closed after.
   */
  reuseConnection?: boolean;
  /** Called with every socket opened, so the caller can destroy them all on abort. */
  trackSocket: (socket: Socket) => void;
  /** Called once the connection (and TLS) is up, before the request is sent. */
  onConnected?: () => void;
}

/** The request's own phases, from socket events (milliseconds, to 0.1 ms). */
export interface HttpTimings {
  /** Name lookup and TCP connect; absent on a reused connection, which had none. */
  connectMs?: number;
  /** The TLS handshake, for https URLs; absent on a reused connection. */
  tlsMs?: number;
  /** Request written to response headers read: the server's own time, plus the network's. */
  firstByteMs: number;
}

export interface HttpExchange {
  response: IncomingMessage;
  timings: HttpTimings;
  /** The server's certificate, for https URLs (on a reused connection, as seen when it was opened). */
  certificate?: TlsCertificateFacts;
  /** The request went over a kept-alive connection an earlier request opened. */
  isReusedConnection: boolean;
}

// Errors a kept-alive connection gives when the server closed it while it was idle: the request
// never reached the server, so it is sent again once, over a new connection (as browsers do).
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * Connects (TLS verified by us before anything is written), then sends one request and waits for
 * the response headers.
 */
export async function openHttpExchange(request: HttpExchangeRequest): Promise<HttpExchange> {
  try {
    return await sendOnce(request, request.reuseConnection ?? false);
  } catch (error) {
    if (!(error instanceof StaleConnectionError)) throw error;
    return sendOnce(request, false);
  }
}

class StaleConnectionError extends Error {}

async function sendOnce(request: HttpExchangeRequest, reuse: boolean): Promise<HttpExchange> {
  const { url } = request;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const isTls = url.protocol === 'https:';
  const port = Number(url.port) || (isTls ? 443 : 80);
  const vigilTarget: ConnectTarget = {
    host,
    port,
    isTls,
    insecure: request.insecure,
    trackSocket: request.trackSocket,
  };
  let readyMs = performance.now();
  let outgoing: ClientRequest | undefined;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    // vigilTarget rides along to VerifyingAgent.createConnection, which opens the connection.
    const options: RequestOptions & { vigilTarget: ConnectTarget } = {
      method: request.method,
      host,
      port,
      path: `${url.pathname}${url.search}`,
      headers: request.headers,
      ...(url.username === ''
        ? {}
        : { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }),
      agent: getAgent(isTls, reuse),
      vigilTarget,
    };
    outgoing = sendRequest(options);
    const sent = outgoing;
    sent.once('socket', (socket) => {
      // A reused socket was tracked by the request that opened it; this request must track it too.
      if (sent.reusedSocket) request.trackSocket(socket as Socket);
      readyMs = performance.now();
      request.onConnected?.();
    });
    sent.on('response', resolve);
    sent.on('error', (error: NodeJS.ErrnoException) => {
      const isStale = sent.reusedSocket && error.code !== undefined && STALE_CONNECTION_CODES.has(error.code);
      reject(isStale ? new StaleConnectionError(error.message) : error);
    });
    sent.end(request.body);
  });
  const respondedMs = performance.now();
  const isReusedConnection = outgoing?.reusedSocket ?? false;
  const facts = response.socket === null ? undefined : getConnectionFacts(response.socket);
  const timings: HttpTimings = { firstByteMs: tenths(respondedMs - readyMs) };
  if (!isReusedConnection && facts !== undefined) {
    timings.connectMs = facts.connectMs;
    if (facts.tlsMs !== undefined) timings.tlsMs = facts.tlsMs;
  }
  const exchange: HttpExchange = { response, timings, isReusedConnection };
  if (facts?.certificate !== undefined) exchange.certificate = facts.certificate;
  return exchange;
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Reads at most `maxBytes` of a body, then hangs up so the rest is never downloaded. */
export async function readBodyCapped(
  response: IncomingMessage,
  maxBytes: number,
): Promise<{ body: Buffer; isTruncated: boolean }> {
  const chunks: Buffer[] = [];
  let totalBytes = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    totalBytes += chunk.length;
    if (totalBytes >= maxBytes) {
      const body = Buffer.concat(chunks).subarray(0, maxBytes);
      const isTruncated = totalBytes > maxBytes || !response.complete;
      response.socket?.destroy();
      return { body, isTruncated };
    }
  }
  return { body: Buffer.concat(chunks), isTruncated: false };
}
