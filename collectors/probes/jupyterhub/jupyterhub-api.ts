import type { Socket } from 'node:net';
import packageJson from '../../../package.json' with { type: 'json' };
import { openHttpExchange, readBodyCapped } from '../../transport/http-request.ts';
import { describeNetworkError, toAbortError } from '../../transport/network-error.ts';

const USER_AGENT = `Vigil/${packageJson.version}`;
const MAX_BODY_BYTES = 8_388_608;

export interface HubAnswer {
  statusCode: number;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  json: unknown;
  latencyMs: number;
}

/** Why a request to the hub failed, in a status page's words; never contains the token. */
export class HubRequestError extends Error {}

/**
 * One GET against the hub with the shared HTTP code (TLS verified before the token is sent),
 * aborted with the probe's signal. Network failures become a HubRequestError.
 */
export async function getFromHub(
  url: URL,
  headers: Record<string, string>,
  options: { signal: AbortSignal; insecure: boolean },
): Promise<HubAnswer> {
  const sockets = new Set<Socket>();
  const abortSockets = () => {
    for (const socket of sockets) socket.destroy(toAbortError(options.signal.reason));
  };
  options.signal.addEventListener('abort', abortSockets, { once: true });
  const startedAt = performance.now();
  try {
    if (options.signal.aborted) throw options.signal.reason;
    const { response } = await openHttpExchange({
      url,
      method: 'GET',
      headers: { 'user-agent': USER_AGENT, accept: 'application/json', ...headers },
      insecure: options.insecure,
      trackSocket: (socket) => {
        sockets.add(socket);
        if (options.signal.aborted) abortSockets();
      },
    });
    const latencyMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const { body, isTruncated } = await readBodyCapped(response, MAX_BODY_BYTES);
    const text = body.toString('utf8');
    return {
      statusCode: response.statusCode ?? 0,
      json: isTruncated ? undefined : parseJson(text),
      latencyMs,
    };
  } catch (error) {
    throw new HubRequestError(describeNetworkError(error));
  } finally {
    options.signal.removeEventListener('abort', abortSockets);
    for (const socket of sockets) socket.destroy();
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a proxy): the caller judges by the status code.
    return undefined;
  }
}
