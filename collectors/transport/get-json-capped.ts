import type { Socket } from 'node:net';
import packageJson from '../../package.json' with { type: 'json' };
import { openHttpExchange, readBodyCapped } from './http-request.ts';
import { describeNetworkError, toAbortError } from './network-error.ts';

const USER_AGENT = `Vigil/${packageJson.version}`;

/** Why a JSON API could not be read, in a status page's words; never contains the URL's credentials or a header. */
export class JsonRequestError extends Error {}

export interface JsonAnswer {
  statusCode: number;
  /** The body parsed as JSON; undefined when empty, cut at maxBytes or not JSON. */
  json: unknown;
  isTruncated: boolean;
  /** Until the response's headers arrived. */
  latencyMs: number;
}

/**
 * One GET of a JSON API (JupyterHub, Flower) with the shared HTTP code (TLS verified unless
 * `insecure`, before any header is sent), its body read up to `maxBytes`, aborted with `signal`.
 * Basic-auth credentials in the URL are sent, not shown. Network failures become a JsonRequestError.
 */
export async function getJsonCapped(
  url: URL,
  options: { signal: AbortSignal; maxBytes: number; headers?: Record<string, string>; insecure?: boolean },
): Promise<JsonAnswer> {
  const { signal } = options;
  const sockets = new Set<Socket>();
  const abortSockets = () => {
    for (const socket of sockets) socket.destroy(toAbortError(signal.reason));
  };
  signal.addEventListener('abort', abortSockets, { once: true });
  const startedAt = performance.now();
  try {
    if (signal.aborted) throw signal.reason;
    const { response } = await openHttpExchange({
      url,
      method: 'GET',
      headers: { 'user-agent': USER_AGENT, accept: 'application/json', ...options.headers },
      insecure: options.insecure ?? false,
      trackSocket: (socket) => {
        sockets.add(socket);
        if (signal.aborted) abortSockets();
      },
    });
    const latencyMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const { body, isTruncated } = await readBodyCapped(response, options.maxBytes);
    return {
      statusCode: response.statusCode ?? 0,
      json: isTruncated ? undefined : parseJson(body.toString('utf8')),
      isTruncated,
      latencyMs,
    };
  } catch (error) {
    throw new JsonRequestError(describeNetworkError(error));
  } finally {
    signal.removeEventListener('abort', abortSockets);
    for (const socket of sockets) socket.destroy();
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (an HTML login page, a proxy's error page): the caller judges by the status code.
    return undefined;
  }
}
