import { Agent, type ClientRequestArgs } from 'node:http';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { checkServerIdentity, connect as connectTls, type PeerCertificate, type TLSSocket } from 'node:tls';

/**
 * How long an idle kept-alive connection waits for the next check of its origin. Shorter than the
 * usual server keep-alive (Node 5 s, nginx 75 s), so the server rarely closes it first; a server's
 * own shorter `Keep-Alive: timeout=` wins.
 */
const IDLE_CONNECTION_MS = 4000;

export interface TlsCertificateFacts {
  validTo: Date;
  /** Why the certificate does not verify ("certificate has expired"); absent when it does. */
  problem?: string;
}

/** What opening one connection cost and saw; a reused connection keeps the facts of its opening. */
export interface ConnectionFacts {
  /** Name lookup and TCP connect. */
  connectMs: number;
  /** The TLS handshake, for https URLs. */
  tlsMs?: number;
  /** The server's certificate, for https URLs. */
  certificate?: TlsCertificateFacts;
}

/** How one request wants its connection opened: passed through the agent to createConnection. */
export interface ConnectTarget {
  host: string;
  port: number;
  isTls: boolean;
  /** Keep the connection even when the server's certificate does not verify. */
  insecure: boolean;
  /** Called with every socket opened, so the caller can destroy them all on abort. */
  trackSocket: (socket: Socket) => void;
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

const factsOfSocket = new WeakMap<Duplex, ConnectionFacts>();

/** The facts recorded when `socket` was opened. */
export function getConnectionFacts(socket: Duplex): ConnectionFacts | undefined {
  return factsOfSocket.get(socket);
}

/**
 * An agent whose connections are opened (and their certificates verified) by us: a rejected
 * certificate still reports its expiry date, and a request (with its tokens) is never written to
 * an unverified server, whether its connection is new or kept alive from an earlier check.
 */
class VerifyingAgent extends Agent {
  override createConnection(
    options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const target = (options as { vigilTarget?: ConnectTarget }).vigilTarget;
    if (target === undefined) throw new Error('VerifyingAgent: a request without vigilTarget');
    openVerifiedConnection(target).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as never),
    );
    return undefined;
  }
}

// One kept-alive pool per scheme in this process, shared by every check that may reuse (see
// probe-http.ts); idle sockets are unref'd by the agent, so they never keep a process alive.
const sharedAgents = new Map<string, VerifyingAgent>();

/** The agent for one request: the process's shared keep-alive pool, or one used for this request alone. */
export function getAgent(isTls: boolean, reuse: boolean): Agent {
  if (!reuse) return new VerifyingAgent({ keepAlive: false });
  const scheme = isTls ? 'https:' : 'http:';
  let agent = sharedAgents.get(scheme);
  if (agent === undefined) {
    agent = new VerifyingAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });
    sharedAgents.set(scheme, agent);
  }
  return agent;
}

async function openVerifiedConnection(target: ConnectTarget): Promise<Socket> {
  const startedMs = performance.now();
  let tcpConnectedMs = startedMs;
  const track = (socket: Socket) => {
    socket.once('connect', () => {
      tcpConnectedMs = performance.now();
    });
    target.trackSocket(socket);
  };
  if (!target.isTls) {
    const socket = connectTcp({ host: target.host, port: target.port });
    await settleOnEvent(socket, 'connect', track);
    factsOfSocket.set(socket, { connectMs: tenths(tcpConnectedMs - startedMs) });
    return socket;
  }
  const { socket, certificate } = await openTls(target, track);
  const facts: ConnectionFacts = {
    connectMs: tenths(tcpConnectedMs - startedMs),
    tlsMs: tenths(performance.now() - tcpConnectedMs),
  };
  if (certificate !== undefined) facts.certificate = certificate;
  factsOfSocket.set(socket, facts);
  return socket;
}

async function openTls(
  target: ConnectTarget,
  track: (socket: Socket) => void,
): Promise<{ socket: TLSSocket; certificate?: TlsCertificateFacts }> {
  const { host, port } = target;
  const servername = isIP(host) === 0 ? host : undefined;
  // Verification is ours (see VerifyingAgent), so OpenSSL must not hang up on a bad certificate.
  const socket = connectTls({ host, port, rejectUnauthorized: false, ...(servername ? { servername } : {}) });
  await settleOnEvent(socket, 'secureConnect', track);
  const peer = socket.getPeerCertificate();
  const validTo = new Date(peer.valid_to);
  const problem = socket.authorized ? undefined : describeCertificateProblem(socket, host, peer);
  if (Number.isNaN(validTo.getTime())) {
    if (problem !== undefined && !target.insecure) throw new Error(problem);
    return { socket };
  }
  if (problem !== undefined && !target.insecure) throw new CertificateRejectedError({ validTo, problem });
  return { socket, certificate: problem === undefined ? { validTo } : { validTo, problem } };
}

/** Why a TLS socket's certificate does not verify, in OpenSSL's words (the tls and mail probes share them). */
export function describeCertificateProblem(socket: TLSSocket, host: string, peer: PeerCertificate): string {
  const code = String(socket.authorizationError ?? 'certificate not trusted');
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return checkServerIdentity(host, peer)?.message ?? code;
  return CERTIFICATE_PROBLEMS[code] ?? code;
}

// Keeps an error listener on the socket for its whole life: errors after connecting reach the
// request or response, and an unlistened 'error' event would crash the collector.
function settleOnEvent(socket: Socket, event: string, track: (socket: Socket) => void): Promise<void> {
  track(socket);
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve());
    socket.on('error', reject);
  });
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}
