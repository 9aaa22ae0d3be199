import { connect, createServer, type Socket } from 'node:net';
import { formatDurationMs } from '../../../core/model/duration-format.ts';
import type { TcpCheck } from '../../../core/model/index.ts';
import type { TcpMetrics } from '../../../core/results/tcp.ts';
import { describeNetworkError, toAbortError } from '../../transport/network-error.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { warmUpOnLoopback } from '../shared/warm-up.ts';
import { type ReplyReader, type ReplyVerdict, readBanner, readHandshake } from './tcp-replies.ts';

type ReadEnd = { verdict: ReplyVerdict } | { end: 'closed' | 'too long' };

/**
 * Connects to host:port and, with `banner`, reads the server's greeting until it shows; with
 * `handshake`, asks the first step of the server's protocol and judges its answer.
 */
export async function probeTcp(check: TcpCheck, context: ProbeContext): Promise<Observation> {
  const startedAt = performance.now();
  const socket = connect({ host: check.host, port: check.port });
  const abortSocket = () => socket.destroy(toAbortError(context.signal.reason));
  context.signal.addEventListener('abort', abortSocket, { once: true });
  if (context.signal.aborted) abortSocket();
  const reader = chooseReader(check);
  const received: Buffer[] = [];
  let connectMs: number | undefined;
  try {
    await waitForConnect(socket);
    connectMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const connected = `connected in ${formatDurationMs(connectMs)}`;
    const metrics = { connectMs } satisfies TcpMetrics;
    if (reader === undefined) return { status: 'up', message: connected, metrics };
    if (reader.request !== undefined) socket.write(reader.request);
    const read = await readReply(socket, reader, received);
    if ('verdict' in read) {
      const { status, message, detail } = read.verdict;
      return { status, message: status === 'up' ? `${connected}, ${message}` : message, metrics, detail };
    }
    const missing = reader.describeMissing(
      Buffer.concat(received),
      read.end,
      describeTimeout(context),
      formatDurationMs(context.timeoutMs),
    );
    return { status: 'down', ...missing, metrics };
  } catch (error) {
    const metrics: TcpMetrics = connectMs === undefined ? {} : { connectMs };
    if (!context.signal.aborted) return { status: 'down', message: describeNetworkError(error), metrics };
    const timedOut = describeTimeout(context);
    if (connectMs === undefined || reader === undefined)
      return { status: 'down', message: timedOut, metrics };
    const missing = reader.describeMissing(
      Buffer.concat(received),
      'timed out',
      timedOut,
      formatDurationMs(context.timeoutMs),
    );
    return { status: 'down', ...missing, metrics };
  } finally {
    context.signal.removeEventListener('abort', abortSocket);
    socket.destroy();
  }
}

function chooseReader(check: TcpCheck): ReplyReader | undefined {
  if (check.handshake !== undefined) return readHandshake(check.handshake);
  if (check.banner !== undefined) return readBanner(check.banner);
  return undefined;
}

// The error listener stays for the socket's life: a late reset must not become an uncaught error.
function waitForConnect(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.on('error', reject);
  });
}

/** Collects data into `received` until the reader judges it, the server hangs up, or it says too much. */
function readReply(socket: Socket, reader: ReplyReader, received: Buffer[]): Promise<ReadEnd> {
  return new Promise((resolve, reject) => {
    let receivedBytes = 0;
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      receivedBytes += chunk.length;
      const verdict = reader.judge(Buffer.concat(received));
      if (verdict !== undefined) resolve({ verdict });
      else if (receivedBytes >= reader.maxBytes) resolve({ end: 'too long' });
    });
    socket.once('end', () => resolve({ end: 'closed' }));
    socket.once('close', () => resolve({ end: 'closed' }));
    socket.once('error', reject);
  });
}

export const tcpProbe: ProbeDefinition<'tcp'> = {
  probe: probeTcp,
  preload: (warmUpCheck) =>
    warmUpOnLoopback(
      createServer((socket) => socket.end()),
      warmUpCheck,
      (check, port) => ({ ...check, port }),
      probeTcp,
    ),
};
