import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type WebSocket from 'ws';
import { formatDurationMs } from '../../../core/model/duration-format.ts';
import type { WebsocketCheck } from '../../../core/model/index.ts';
import type { WebsocketDetail, WebsocketMetrics } from '../../../core/results/websocket.ts';
import { describeCertificateProblem } from '../../transport/http-connections.ts';
import { describeNetworkError } from '../../transport/network-error.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { countCertificateDaysLeft } from '../mail/tls-certificate.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';

/** The largest message read; a bigger one ends the connection (ws closes with 1009). */
const MAX_PAYLOAD_BYTES = 1_048_576;
const REPLY_SHOWN_CHARS = 200;

type Ending =
  | { kind: 'message'; text: string }
  | { kind: 'closed'; code: number }
  | { kind: 'error'; error: unknown };

/** The first message cleaned for display: control characters removed, at most 200 characters. */
export function cleanReply(text: string): string {
  let cleaned = '';
  for (const character of text.slice(0, REPLY_SHOWN_CHARS * 2)) {
    const code = character.codePointAt(0) ?? 0;
    cleaned += code < 0x20 || code === 0x7f ? ' ' : character;
  }
  return cleaned.replace(/ {2,}/g, ' ').trim().slice(0, REPLY_SHOWN_CHARS);
}

/**
 * Opens the WebSocket (upgrade with the check's headers), sends `send` if any, waits for the first
 * message when there is something to expect, and closes with 1000. `connectMs` runs to the open,
 * `replyMs` from the send (or the open) to the first message.
 */
export async function probeWebsocket(check: WebsocketCheck, context: ProbeContext): Promise<Observation> {
  const { default: WebSocketClient } = await import('ws');
  const startedAt = performance.now();
  const metrics: WebsocketMetrics = {};
  const detail: WebsocketDetail = {};
  if (context.signal.aborted) return { status: 'down', message: describeTimeout(context) };
  const socket = new WebSocketClient(check.url, {
    headers: check.headers,
    rejectUnauthorized: !check.insecure,
    maxPayload: MAX_PAYLOAD_BYTES,
    followRedirects: false,
  });
  // Listened for from the start: a server that speaks first can send in the same packet as its upgrade.
  const first = waitForFirstMessage(socket);
  const abort = () => socket.terminate();
  context.signal.addEventListener('abort', abort, { once: true });
  socket.on('upgrade', (response: IncomingMessage) =>
    recordCertificate(response, new URL(check.url).hostname, context.now(), metrics, detail),
  );
  try {
    const opened = await waitForOpen(socket);
    if (context.signal.aborted) return { status: 'down', message: describeTimeout(context), metrics, detail };
    if (opened !== undefined) return { status: 'down', message: opened, metrics, detail };
    metrics.connectMs = tenths(performance.now() - startedAt);
    const connected = `connected in ${formatDurationMs(metrics.connectMs)}`;
    if (check.send === undefined && check.expect === undefined)
      return { status: 'up', message: connected, metrics, detail };
    const sentAt = performance.now();
    if (check.send !== undefined) socket.send(check.send);
    const ending = await first;
    if (context.signal.aborted) return { status: 'down', message: describeTimeout(context), metrics, detail };
    if (ending.kind === 'closed') {
      detail.closeCode = ending.code;
      return {
        status: 'down',
        message: `closed with code ${ending.code} before any message`,
        metrics,
        detail,
      };
    }
    if (ending.kind === 'error')
      return { status: 'down', message: describeWsError(ending.error), metrics, detail };
    metrics.replyMs = tenths(performance.now() - sentAt);
    detail.reply = cleanReply(ending.text);
    if (check.expect !== undefined && !ending.text.includes(check.expect)) {
      return {
        status: 'down',
        message: `first message does not contain ${JSON.stringify(check.expect)}`,
        metrics,
        detail,
      };
    }
    return {
      status: 'up',
      message: `${connected}, reply in ${formatDurationMs(metrics.replyMs)}`,
      metrics,
      detail,
    };
  } catch (error) {
    if (context.signal.aborted) return { status: 'down', message: describeTimeout(context), metrics, detail };
    return { status: 'down', message: describeWsError(error), metrics, detail };
  } finally {
    context.signal.removeEventListener('abort', abort);
    closeCleanly(socket);
  }
}

/** Resolves undefined once open, or with why the upgrade did not happen. */
function waitForOpen(socket: WebSocket): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(undefined));
    socket.once('unexpected-response', (_request, response: IncomingMessage) => {
      response.resume();
      resolve(`upgrade refused: HTTP ${response.statusCode ?? 0}`);
    });
    socket.on('error', reject);
    socket.once('close', (code: number) => resolve(`closed with code ${code} while connecting`));
  });
}

function waitForFirstMessage(socket: WebSocket): Promise<Ending> {
  return new Promise((resolve) => {
    socket.once('message', (data: WebSocket.RawData) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      resolve({ kind: 'message', text: bytes.toString('utf8') });
    });
    socket.once('close', (code: number) => resolve({ kind: 'closed', code }));
    socket.once('error', (error: unknown) => resolve({ kind: 'error', error }));
  });
}

function describeWsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
    return `first message longer than ${MAX_PAYLOAD_BYTES} bytes`;
  // Node's own hint after a certificate error is advice for Node users, not for a status page.
  return describeNetworkError(error).split('; if the root CA is installed locally')[0] ?? '';
}

function recordCertificate(
  response: IncomingMessage,
  host: string,
  now: Date,
  metrics: WebsocketMetrics,
  detail: WebsocketDetail,
): void {
  const tlsSocket = response.socket as TLSSocket;
  if (typeof tlsSocket.getPeerCertificate !== 'function') return;
  const peer = tlsSocket.getPeerCertificate();
  const validTo = new Date(peer.valid_to);
  if (Number.isNaN(validTo.getTime())) return;
  // Days left and the problem in the words the http, mail and tls probes use.
  metrics.certDaysLeft = countCertificateDaysLeft(validTo, now);
  detail.certExpires = validTo.toISOString();
  if (!tlsSocket.authorized) detail.certProblem = describeCertificateProblem(tlsSocket, host, peer);
}

// A clean 1000 close when open; a socket still connecting (or already failed) is dropped at once.
function closeCleanly(socket: WebSocket): void {
  socket.on('error', () => {});
  if (socket.readyState === socket.OPEN) {
    socket.close(1000);
    setTimeout(() => socket.terminate(), 1000).unref();
  } else if (socket.readyState !== socket.CLOSED) socket.terminate();
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export const websocketProbe: ProbeDefinition<'websocket'> = {
  probe: probeWebsocket,
  preload: () => import('ws'),
};
