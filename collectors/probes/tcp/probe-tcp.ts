import { connect, createServer, type Socket } from 'node:net';
import { formatDurationMs } from '../../../core/model/duration-format.ts';
import type { TcpCheck } from '../../../core/model/index.ts';
import type { TcpDetail, TcpMetrics } from '../../../core/results/tcp.ts';
import { describeNetworkError, toAbortError } from '../../transport/network-error.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { warmUpOnLoopback } from '../shared/warm-up.ts';

// A greeting is one short line; a server that sends more without the expected text never will.
const MAX_BANNER_BYTES = 4096;
const QUOTE_MAX_CHARS = 60;

type BannerEnd = 'matched' | 'closed' | 'too long';

/** Connects to host:port and, when a banner is expected, reads the server's greeting until it shows. */
export async function probeTcp(check: TcpCheck, context: ProbeContext): Promise<Observation> {
  const startedAt = performance.now();
  const socket = connect({ host: check.host, port: check.port });
  const abortSocket = () => socket.destroy(toAbortError(context.signal.reason));
  context.signal.addEventListener('abort', abortSocket, { once: true });
  if (context.signal.aborted) abortSocket();
  const received: Buffer[] = [];
  let connectMs: number | undefined;
  try {
    await waitForConnect(socket);
    connectMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const connected = `connected in ${formatDurationMs(connectMs)}`;
    const metrics = { connectMs } satisfies TcpMetrics;
    if (check.banner === undefined) return { status: 'up', message: connected, metrics };
    const end = await readBanner(socket, check.banner, received);
    const text = Buffer.concat(received).toString('utf8');
    const detail = describeBanner(text);
    if (end === 'matched') {
      const firstLine = detail.banner ?? '';
      return {
        status: 'up',
        message: `${connected}, banner ${quote(firstLine)}`,
        metrics,
        detail,
      };
    }
    const within = end === 'too long' ? ` in the first ${MAX_BANNER_BYTES} bytes` : '';
    const message = `banner ${quote(check.banner)} not seen${within}; got ${describeReceived(text)}`;
    return { status: 'down', message, metrics, detail };
  } catch (error) {
    const metrics: TcpMetrics = connectMs === undefined ? {} : { connectMs };
    if (!context.signal.aborted) return { status: 'down', message: describeNetworkError(error), metrics };
    const timedOut = describeTimeout(context);
    if (connectMs === undefined || check.banner === undefined)
      return { status: 'down', message: timedOut, metrics };
    const text = Buffer.concat(received).toString('utf8');
    const message = `${timedOut} waiting for banner ${quote(check.banner)}; got ${describeReceived(text)}`;
    return { status: 'down', message, metrics, detail: describeBanner(text) };
  } finally {
    context.signal.removeEventListener('abort', abortSocket);
    socket.destroy();
  }
}

// The error listener stays for the socket's life: a late reset must not become an uncaught error.
function waitForConnect(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.on('error', reject);
  });
}

/** Collects data into `received` until the expected text shows, the server hangs up, or it says too much. */
function readBanner(socket: Socket, expected: string, received: Buffer[]): Promise<BannerEnd> {
  return new Promise((resolve, reject) => {
    let receivedBytes = 0;
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      receivedBytes += chunk.length;
      if (Buffer.concat(received).toString('utf8').includes(expected)) resolve('matched');
      else if (receivedBytes >= MAX_BANNER_BYTES) resolve('too long');
    });
    socket.once('end', () => resolve('closed'));
    socket.once('close', () => resolve('closed'));
    socket.once('error', reject);
  });
}

function describeBanner(text: string): TcpDetail {
  const firstLine = (text.split(/\r?\n/, 1)[0] ?? '').replace(/\p{Cc}/gu, '').trim();
  return firstLine === '' ? {} : { banner: firstLine.slice(0, 200) };
}

function describeReceived(text: string): string {
  return text === '' ? 'nothing' : quote(text);
}

/** Quotes untrusted text for a message: escaped, one line, at most QUOTE_MAX_CHARS characters. */
function quote(text: string): string {
  const cut = text.length > QUOTE_MAX_CHARS ? `${text.slice(0, QUOTE_MAX_CHARS)}…` : text;
  return JSON.stringify(cut);
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
