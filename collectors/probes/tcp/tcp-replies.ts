import type { TcpHandshake } from '../../../core/model/index.ts';
import type { TcpDetail } from '../../../core/results/tcp.ts';

// How a tcp check reads what the server says after connecting: the greeting a server sends first
// (`banner`) or its answer to the first step of its protocol (`handshake`). Each reader is pure:
// it judges the bytes received so far, and words what was missing when they stop coming.

const QUOTE_MAX_CHARS = 60;
// A server's own error line is worth reading whole in the message.
const REPLY_MAX_CHARS = 120;

/** Why the bytes stopped before a reader could judge them. */
export type ReplyEnd = 'closed' | 'too long' | 'timed out';

export interface ReplyVerdict {
  status: 'up' | 'down';
  /** Without the "connected in …" part, which the probe puts in front of an `up` message. */
  message: string;
  detail: TcpDetail;
}

export interface ReplyReader {
  /** Bytes sent once connected (the server speaks first when absent). */
  request?: Uint8Array;
  /** Most bytes read before giving up on a reply the reader can judge. */
  maxBytes: number;
  /** The verdict on what arrived so far, or undefined to wait for more. */
  judge: (received: Buffer) => ReplyVerdict | undefined;
  /**
   * The down message and detail when no verdict came: `timedOut` words the check's timeout ("timed
   * out after 5 s"), `timeout` is the timeout alone ("5 s").
   */
  describeMissing: (
    received: Buffer,
    end: ReplyEnd,
    timedOut: string,
    timeout: string,
  ) => Omit<ReplyVerdict, 'status'>;
}

/** Reads a greeting until `expected` shows (SSH, SMTP, FTP servers speak first). */
export function readBanner(expected: string): ReplyReader {
  // A greeting is one short line; a server that sends more without the expected text never will.
  const maxBytes = 4096;
  return {
    maxBytes,
    judge: (received) => {
      const text = received.toString('utf8');
      if (!text.includes(expected)) return undefined;
      const detail = describeBanner(text);
      return { status: 'up', message: `banner ${quote(detail.banner ?? '')}`, detail };
    },
    describeMissing: (received, end, _timedOut, timeout) => {
      const text = received.toString('utf8');
      const got = describeReceived(received);
      const detail = describeBanner(text);
      // It connected: the server was there and said nothing (or not the banner) in time.
      if (end === 'timed out') {
        const message =
          received.length === 0
            ? `connected, no banner within ${timeout}`
            : `connected, no banner ${quote(expected)} within ${timeout}; got ${got}`;
        return { message, detail };
      }
      const within = end === 'too long' ? ` in the first ${maxBytes} bytes` : '';
      return { message: `banner ${quote(expected)} not seen${within}; got ${got}`, detail };
    },
  };
}

/** Asks a server the first question of its protocol, which needs no credentials. */
export function readHandshake(handshake: TcpHandshake): ReplyReader {
  const protocol = HANDSHAKE_PROTOCOLS[handshake];
  const detail: TcpDetail = { handshake };
  return {
    ...(protocol.request === undefined ? {} : { request: protocol.request }),
    maxBytes: protocol.maxBytes,
    judge: (received) => {
      const verdict = protocol.judge(received);
      if (verdict === undefined) return undefined;
      if (verdict.status === 'down')
        return { status: 'down', message: `not ${protocol.waitingFor}; got ${quoteBytes(received)}`, detail };
      return { ...verdict, detail: { ...detail, ...verdict.detail } };
    },
    describeMissing: (received, end, timedOut) => {
      const got = received.length === 0 ? 'nothing' : quoteBytes(received);
      const message =
        end === 'timed out'
          ? `${timedOut} waiting for ${protocol.waitingFor}; got ${got}`
          : end === 'closed'
            ? `connection closed before ${protocol.waitingFor}; got ${got}`
            : `no complete ${protocol.waitingFor} in the first ${protocol.maxBytes} bytes; got ${got}`;
      return { message, detail };
    },
  };
}

interface HandshakeProtocol {
  request?: Uint8Array;
  maxBytes: number;
  /** Words for the reply, after "not", "waiting for", "closed before". */
  waitingFor: string;
  /** Judges a reply (a down verdict's message is replaced by the reader's quoting one). */
  judge: (received: Buffer) => ReplyVerdict | undefined;
}

const HANDSHAKE_PROTOCOLS: Record<TcpHandshake, HandshakeProtocol> = {
  redis: {
    request: Buffer.from('PING\r\n'),
    maxBytes: 512,
    waitingFor: 'a Redis reply to PING',
    judge: judgeRedisReply,
  },
  postgres: {
    // GSSENCRequest: length 8, then the code 1234.5680 (80877104); a server answers one byte, G or N
    // (before PostgreSQL 12, an ErrorResponse). Not the SSLRequest: a TLS server answers that with S
    // and logs "could not accept SSL connection: EOF detected" for every probe that hangs up after it;
    // a connection that ends before its startup packet is not logged.
    request: Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30]),
    maxBytes: 1024,
    waitingFor: 'a PostgreSQL reply to the GSSENCRequest',
    judge: judgePostgresReply,
  },
  mysql: { maxBytes: 4096, waitingFor: 'a MySQL handshake', judge: judgeMysqlGreeting },
};

// The first byte of every RESP2 and RESP3 reply.
const RESP_TYPES = new Set('+-:$*_,#!=(%~>|'.split(''));

/** A RESP reply line to PING: "+PONG", or an error such as "-NOAUTH Authentication required.". */
export function judgeRedisReply(received: Buffer): ReplyVerdict | undefined {
  if (received.length === 0) return undefined;
  if (!RESP_TYPES.has(String.fromCharCode(received[0] ?? 0))) return down();
  const lineEnd = received.indexOf('\r\n');
  if (lineEnd === -1) return undefined;
  const reply = cleanLine(received.subarray(0, lineEnd).toString('utf8'));
  if (reply.startsWith('-NOAUTH')) {
    return {
      status: 'up',
      message: `Redis answers; a password is required (${quote(reply, REPLY_MAX_CHARS)})`,
      detail: { reply, authRequired: true },
    };
  }
  if (reply.startsWith('-WRONGPASS') || reply.startsWith('-NOPERM')) {
    return {
      status: 'up',
      message: `Redis answers; PING is not allowed without a password (${quote(reply, REPLY_MAX_CHARS)})`,
      detail: { reply, authRequired: true },
    };
  }
  return {
    status: 'up',
    message: `Redis answered PING with ${quote(reply, REPLY_MAX_CHARS)}`,
    detail: { reply },
  };
}

/**
 * A PostgreSQL server's answer to the GSSENCRequest: one byte, G (GSSAPI encryption offered) or N;
 * a server older than 12 answers an ErrorResponse ("E", then its length and fields) instead.
 */
export function judgePostgresReply(received: Buffer): ReplyVerdict | undefined {
  if (received.length === 0) return undefined;
  const reply = String.fromCharCode(received[0] ?? 0);
  if (reply === 'E') {
    // ErrorResponse: a 4-byte length, then fields (a type byte and a NUL-terminated text); M is the message.
    if (received.length < 5) return undefined;
    const fields = received.subarray(5).toString('utf8').split('\0');
    const message = fields.find((field) => field.startsWith('M'))?.slice(1);
    if (message === undefined) return received.length >= 1024 ? down() : undefined;
    return {
      status: 'up',
      message: `PostgreSQL answered (before version 12: ${quote(cleanLine(message), REPLY_MAX_CHARS)})`,
      detail: { reply },
    };
  }
  // A server that says more than the one byte is not waiting for a GSSAPI handshake or a startup packet.
  if (received.length > 1 || (reply !== 'G' && reply !== 'N')) return down();
  const gssOffered = reply === 'G';
  const gss = gssOffered ? 'GSSAPI encryption offered' : 'GSSAPI encryption not offered';
  return {
    status: 'up',
    message: `PostgreSQL answered the GSSENCRequest (${gss})`,
    detail: { reply, gssOffered },
  };
}

// MySQL packets start with a 3-byte little-endian payload length and a sequence number (0 for the greeting).
const MYSQL_HEADER_BYTES = 4;
const MYSQL_PROTOCOL_10 = 10;
const MYSQL_ERROR_PACKET = 0xff;
// MariaDB 10 and later put this in front of their version for clients that parse "5.5.5-" as MySQL 5.
const MARIADB_VERSION_PREFIX = '5.5.5-';

/**
 * The packet a MySQL or MariaDB server sends first: the handshake (protocol 10, then the server's
 * version up to a NUL), or an error packet (0xff, code, message) when it refuses this client.
 */
export function judgeMysqlGreeting(received: Buffer): ReplyVerdict | undefined {
  if (received.length < MYSQL_HEADER_BYTES) return undefined;
  const payloadBytes = received.readUIntLE(0, 3);
  const sequence = received[3];
  if (sequence !== 0 || payloadBytes === 0 || payloadBytes > 4096 - MYSQL_HEADER_BYTES) return down();
  if (received.length < MYSQL_HEADER_BYTES + payloadBytes) return undefined;
  const payload = received.subarray(MYSQL_HEADER_BYTES, MYSQL_HEADER_BYTES + payloadBytes);
  if (payload[0] === MYSQL_ERROR_PACKET) return judgeMysqlError(payload);
  if (payload[0] !== MYSQL_PROTOCOL_10) return down();
  const versionEnd = payload.indexOf(0, 1);
  if (versionEnd === -1) return down();
  const announced = cleanLine(payload.subarray(1, versionEnd).toString('utf8'));
  const serverVersion =
    announced.startsWith(MARIADB_VERSION_PREFIX) && announced.includes('MariaDB')
      ? announced.slice(MARIADB_VERSION_PREFIX.length)
      : announced;
  if (serverVersion === '') return down();
  return {
    status: 'up',
    message: `MySQL handshake from ${quote(serverVersion)}`,
    detail: { serverVersion },
  };
}

function judgeMysqlError(payload: Buffer): ReplyVerdict | undefined {
  if (payload.length < 3) return down();
  const errorCode = payload.readUInt16LE(1);
  // After the code, protocol 4.1 errors may carry "#" and a five-character SQL state.
  const textStart = payload[3] === 0x23 ? 9 : 3;
  const reply = cleanLine(payload.subarray(textStart).toString('utf8'));
  return {
    status: 'up',
    message: `MySQL answers but refuses this client: error ${errorCode} ${quote(reply, REPLY_MAX_CHARS)}`,
    detail: { reply, errorCode },
  };
}

function down(): ReplyVerdict {
  return { status: 'down', message: '', detail: {} };
}

function describeBanner(text: string): TcpDetail {
  const firstLine = cleanLine(text.split(/\r?\n/, 1)[0] ?? '');
  return firstLine === '' ? {} : { banner: firstLine };
}

/** Control characters removed, trimmed, at most 200 characters: safe to store and show. */
function cleanLine(text: string): string {
  return text
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
}

function describeReceived(received: Buffer): string {
  return received.length === 0 ? 'nothing' : quote(received.toString('utf8'));
}

/**
 * Quotes bytes of any protocol for a message: printable ASCII as is, the rest escaped (`\r`, `\n`,
 * `\x00`), at most QUOTE_MAX_CHARS bytes.
 */
export function quoteBytes(received: Buffer): string {
  const shown = [...received.subarray(0, QUOTE_MAX_CHARS)].map(escapeByte).join('');
  return `"${shown}${received.length > QUOTE_MAX_CHARS ? '…' : ''}"`;
}

function escapeByte(byte: number): string {
  if (byte === 0x0d) return '\\r';
  if (byte === 0x0a) return '\\n';
  if (byte === 0x22 || byte === 0x5c) return `\\${String.fromCharCode(byte)}`;
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** Quotes untrusted text for a message: escaped, one line, at most QUOTE_MAX_CHARS characters. */
export function quote(text: string, maxChars = QUOTE_MAX_CHARS): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return JSON.stringify(cut);
}
