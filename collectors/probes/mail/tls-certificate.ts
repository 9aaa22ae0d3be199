import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import { DAY_MS } from '../../../core/history/utc-day.ts';
import type { TlsChainEntry } from '../../../core/results/tls.ts';
import { describeCertificateProblem } from '../../transport/http-connections.ts';

/** What a finished TLS handshake showed: the session, the chain the server sent, and whether it verifies. */
export interface TlsFacts {
  /** "TLSv1.3". */
  protocol?: string;
  /** "TLS_AES_256_GCM_SHA384". */
  cipher?: string;
  /** Leaf first, at most MAX_CHAIN_LENGTH. */
  chain: TlsChainEntry[];
  /** The leaf's expiry; absent when the server sent no readable certificate. */
  expires?: Date;
  /** Why the chain does not verify, in OpenSSL's words; absent when it does. */
  problem?: string;
}

const MAX_CHAIN_LENGTH = 10;
const MAX_NAME_CHARS = 200;

/** Reads a connected TLS socket (verification left to us: it was opened with rejectUnauthorized false). */
export function readTlsFacts(socket: TLSSocket, verifiedName: string): TlsFacts {
  const peer = socket.getPeerCertificate(true);
  const chain = listCertificateChain(peer);
  const facts: TlsFacts = { chain };
  const protocol = socket.getProtocol();
  if (protocol) facts.protocol = protocol;
  const cipher = socket.getCipher()?.standardName;
  if (cipher) facts.cipher = cipher;
  const expires = parseCertificateDate(peer.valid_to);
  if (expires !== undefined) facts.expires = expires;
  if (!socket.authorized) {
    facts.problem =
      Object.keys(peer).length === 0
        ? 'the server sent no certificate'
        : describeCertificateProblem(socket, verifiedName, peer);
  }
  return facts;
}

/**
 * The chain as Node links it (each certificate's `issuerCertificate`), leaf first; a self-signed
 * root links to itself, so the walk stops at a certificate seen before or after MAX_CHAIN_LENGTH.
 */
export function listCertificateChain(peer: DetailedPeerCertificate | PeerCertificate): TlsChainEntry[] {
  const chain: TlsChainEntry[] = [];
  const seen = new Set<string>();
  let current: Partial<DetailedPeerCertificate> | undefined = peer;
  while (current?.subject !== undefined && chain.length < MAX_CHAIN_LENGTH) {
    const key = current.fingerprint256 ?? `${chain.length}`;
    if (seen.has(key)) break;
    seen.add(key);
    const expires = parseCertificateDate(current.valid_to);
    chain.push({
      subject: formatDistinguishedName(current.subject),
      issuer: formatDistinguishedName(current.issuer),
      expires: expires === undefined ? '' : expires.toISOString(),
    });
    current = current.issuerCertificate;
  }
  return chain;
}

/** "CN=mail.example.org, O=Example, C=DE": a certificate name as people quote it, most specific first. */
export function formatDistinguishedName(name: object | undefined): string {
  if (name === undefined) return '';
  const parts = Object.entries(name as Record<string, string | string[]>)
    .reverse()
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((each) => `${key}=${each}`));
  return parts
    .join(', ')
    .replace(/\p{Cc}/gu, '')
    .slice(0, MAX_NAME_CHARS);
}

/** Days from `now` to `expires` to a tenth, negative once expired. */
export function countCertificateDaysLeft(expires: Date, now: Date): number {
  return Math.round(((expires.getTime() - now.getTime()) / DAY_MS) * 10) / 10;
}

/** "certificate expires in 29 days", "certificate expires in 5 h", "certificate expired 3 days ago". */
export function describeCertificateDaysLeft(daysLeft: number): string {
  const days = Math.abs(daysLeft);
  const span =
    days >= 2 ? `${Math.floor(days)} days` : days >= 1 ? '1 day' : `${Math.max(1, Math.floor(days * 24))} h`;
  return daysLeft < 0 ? `certificate expired ${span} ago` : `certificate expires in ${span}`;
}

function parseCertificateDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
