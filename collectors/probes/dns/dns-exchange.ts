import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect, isIP } from 'node:net';
import { toAbortError } from '../../transport/network-error.ts';
import { type DnsResponse, parseDnsResponse } from './dns-wire.ts';

// Sends one query and waits for its answer, over udp or tcp. Every wait ends when the signal aborts;
// a udp datagram that is not the answer (another id, another question, not a response) is ignored,
// as resolvers do, so only a reply that guessed the random id can count.

export interface DnsExchange {
  server: string;
  port: number;
  /** The query's bytes (encodeDnsQuery). */
  query: Buffer;
  /** The query's id: a datagram with it that does not parse is a malformed answer, not noise. */
  id: number;
  signal: AbortSignal;
  /** True for the reply to this query: the id and the question match. */
  isAnswer: (response: DnsResponse) => boolean;
}

/** Most bytes a tcp answer may have: its 2-byte length says at most 65,535. */
const MAX_TCP_MESSAGE_BYTES = 65_535;

/** The server's address: itself when it is one, else the first address the system resolver gives. */
export async function resolveServer(
  server: string,
  signal: AbortSignal,
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = server.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 4 || family === 6) return { address: bare, family };
  const found = await raceAbort(lookup(bare), signal);
  return { address: found.address, family: found.family === 6 ? 6 : 4 };
}

/** Sends the query in one datagram from a connected socket (replies from elsewhere never arrive). */
export async function exchangeOverUdp(exchange: DnsExchange): Promise<DnsResponse> {
  const { address, family } = await resolveServer(exchange.server, exchange.signal);
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    return await new Promise<DnsResponse>((resolve, reject) => {
      const abort = () => reject(toAbortError(exchange.signal.reason));
      exchange.signal.addEventListener('abort', abort, { once: true });
      if (exchange.signal.aborted) abort();
      socket.on('error', reject);
      socket.on('message', (message) => {
        const parsed = tryParse(message);
        if ('error' in parsed) {
          if (message.length >= 2 && message.readUInt16BE(0) === exchange.id) reject(parsed.error);
        } else if (exchange.isAnswer(parsed.response)) resolve(parsed.response);
      });
      socket.connect(exchange.port, address, () => {
        socket.send(exchange.query, (error) => error && reject(error));
      });
      // The listener goes with the socket, whichever way this ends.
      socket.once('close', () => exchange.signal.removeEventListener('abort', abort));
    });
  } finally {
    closeQuietly(socket);
  }
}

/** Sends the query with its 2-byte length (RFC 1035 §4.2.2) and reads one message back. */
export async function exchangeOverTcp(exchange: DnsExchange): Promise<DnsResponse> {
  const { address } = await resolveServer(exchange.server, exchange.signal);
  const socket = connect({ host: address, port: exchange.port });
  const abort = () => socket.destroy(toAbortError(exchange.signal.reason));
  exchange.signal.addEventListener('abort', abort, { once: true });
  if (exchange.signal.aborted) abort();
  try {
    return await new Promise<DnsResponse>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let receivedBytes = 0;
      socket.on('error', reject);
      socket.once('connect', () => {
        const length = Buffer.alloc(2);
        length.writeUInt16BE(exchange.query.length, 0);
        socket.write(Buffer.concat([length, exchange.query]));
      });
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        receivedBytes += chunk.length;
        if (receivedBytes < 2) return;
        const received = Buffer.concat(chunks);
        const messageBytes = received.readUInt16BE(0);
        if (receivedBytes > 2 + MAX_TCP_MESSAGE_BYTES)
          return reject(new Error('tcp reply longer than its length says'));
        if (receivedBytes < 2 + messageBytes) return;
        try {
          const response = parseDnsResponse(received.subarray(2, 2 + messageBytes));
          if (!exchange.isAnswer(response))
            reject(new Error(`tcp reply does not answer the question (id ${response.id})`));
          else resolve(response);
        } catch (error) {
          reject(error);
        }
      });
      socket.once('end', () =>
        reject(
          new Error(`server closed the tcp connection after ${receivedBytes} bytes, before a whole answer`),
        ),
      );
    });
  } finally {
    exchange.signal.removeEventListener('abort', abort);
    socket.destroy();
  }
}

// A datagram that is not a DNS message is not the answer, unless it carries the query's id.
function tryParse(message: Buffer): { response: DnsResponse } | { error: unknown } {
  try {
    return { response: parseDnsResponse(message) };
  } catch (error) {
    return { error };
  }
}

function closeQuietly(socket: UdpSocket): void {
  try {
    socket.close();
  } catch {
    // Already closed (an error closed it first): nothing left to release.
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(toAbortError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(toAbortError(signal.reason));
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
