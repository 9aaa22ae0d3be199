import { type IncomingMessage, request as sendRequest } from 'node:http';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as connectTls, type PeerCertificate, type TLSSocket } from 'node:tls';

export interface HttpExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Send the request even when the server's certificate does not verify. */
  insecure: boolean;
  /** Called with every socket opened, so the caller can destroy them all on abort. */
  trackSocket: (socket: Socket) => void;
  /** Called once the connection (and TLS) is up, before the request is sent. */
  onConnected?: () => void;
}

export interface TlsCertificateFacts {
  validTo: Date;
  /** Why the certificate does not verify ("certificate has expired"); absent when it does. */
  problem?: string;
}

/** The request's own phases, from socket events (milliseconds, to 0.1 ms). */
export interface HttpTimings {
  /** Name lookup and TCP connect. */
  connectMs: number;
  /** The TLS handshake, for https URLs. */
  tlsMs?: number;
  /** Request written to response headers read: the server's own time, plus the network's. */
  firstByteMs: number;
}

export interface HttpExchange {
  response: IncomingMessage;
  timings: HttpTimings;
  /** The server's certificate, for https URLs. */
  certificate?: TlsCertificateFacts;
}

/** Thrown before anything is sent when a certificate does not verify; it keeps what the certificate said. */
export class CertificateRejectedError extends Error {
  readonly certificate: TlsCertificateFacts;
  constructor(certificate: TlsCertificateFacts & { problem: string }) {
    super(certificate.problem);
    this.name = 'CertificateRejectedError';
    this.certificate = certificate;
  }
}

// OpenSSL's words for its verify codes; Node reports only the code on a socket it did not reject.
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_REVOKED: 'certificate revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
};

/**
 * Connects, verifies TLS, then sends one request over that socket and waits for the response
 * headers. Connecting first, with verification done by us, lets a rejected certificate still report
 * its expiry date — and the request (with its tokens) is never written to an unverified server.
 */
export async function openHttpExchange(request: HttpExchangeRequest): Promise<HttpExchange> {
  const { url } = request;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const startedMs = performance.now();
  let tcpConnectedMs = startedMs;
  const trackSocket = (opened: Socket) => {
    opened.once('connect', () => {
      tcpConnectedMs = performance.now();
    });
    request.trackSocket(opened);
  };
  const tracked = { ...request, trackSocket };
  const connected = url.protocol === 'https:' ? await openTls(host, port, tracked) : undefined;
  const socket = connected?.socket ?? (await openTcp(host, port, tracked));
  const readyMs = performance.now();
  request.onConnected?.();
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = sendRequest({
      method: request.method,
      host,
      port,
      path: `${url.pathname}${url.search}`,
      headers: request.headers,
      ...(url.username === ''
        ? {}
        : { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }),
      createConnection: () => socket,
    });
    outgoing.on('response', resolve);
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
  const respondedMs = performance.now();
  const timings: HttpTimings = {
    connectMs: tenths(tcpConnectedMs - startedMs),
    ...(connected && { tlsMs: tenths(readyMs - tcpConnectedMs) }),
    firstByteMs: tenths(respondedMs - readyMs),
  };
  return connected?.certificate === undefined
    ? { response, timings }
    : { response, timings, certificate: connected.certificate };
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function openTcp(host: string, port: number, request: HttpExchangeRequest): Promise<Socket> {
  const socket = connectTcp({ host, port });
  return settleOnEvent(socket, 'connect', request.trackSocket).then(() => socket);
}

async function openTls(
  host: string,
  port: number,
  request: HttpExchangeRequest,
): Promise<{ socket: TLSSocket; certificate?: TlsCertificateFacts }> {
  const servername = isIP(host) === 0 ? host : undefined;
  // Verification is ours (see openHttpExchange), so OpenSSL must not hang up on a bad certificate.
  const socket = connectTls({ host, port, rejectUnauthorized: false, ...(servername ? { servername } : {}) });
  await settleOnEvent(socket, 'secureConnect', request.trackSocket);
  const peer = socket.getPeerCertificate();
  const validTo = new Date(peer.valid_to);
  const problem = socket.authorized ? undefined : describeCertificateProblem(socket, host, peer);
  if (Number.isNaN(validTo.getTime())) {
    if (problem !== undefined && !request.insecure) throw new Error(problem);
    return { socket };
  }
  if (problem !== undefined && !request.insecure) throw new CertificateRejectedError({ validTo, problem });
  return { socket, certificate: problem === undefined ? { validTo } : { validTo, problem } };
}

function describeCertificateProblem(socket: TLSSocket, host: string, peer: PeerCertificate): string {
  const code = String(socket.authorizationError ?? 'certificate not trusted');
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return checkServerIdentity(host, peer)?.message ?? code;
  return CERTIFICATE_PROBLEMS[code] ?? code;
}

// Keeps an error listener on the socket for its whole life: errors after connecting reach the
// request or response, and an unlistened 'error' event would crash the collector.
function settleOnEvent(socket: Socket, event: string, trackSocket: (socket: Socket) => void): Promise<void> {
  trackSocket(socket);
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve());
    socket.on('error', reject);
  });
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
