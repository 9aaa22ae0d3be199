import type { Socket } from 'node:net';
import packageJson from '../../../package.json' with { type: 'json' };
import { openHttpExchange, readBodyCapped } from '../../transport/http-request.ts';
import { describeNetworkError, toAbortError } from '../../transport/network-error.ts';
import { countTaskReplies, readRegisteredReplies } from './parse-celery-inspect.ts';
import type { CeleryReadings } from './summarize-celery.ts';

const USER_AGENT = `Vigil/${packageJson.version}`;

/** Why Flower could not be read, in a status page's words; never contains its credentials. */
export class FlowerRequestError extends Error {}

export interface FlowerAnswer {
  statusCode: number;
  /** The body parsed as JSON; undefined when empty, cut or not JSON. */
  json: unknown;
  isTruncated: boolean;
  latencyMs: number;
}

/**
 * GET `<flower>/api/workers?refresh=1`: Flower inspects every worker before it answers, so a worker
 * that is gone keeps only its old timestamp. Basic-auth credentials in the URL are sent, not shown.
 */
export async function getFlowerWorkers(
  base: string,
  options: { signal: AbortSignal; maxBytes: number },
): Promise<FlowerAnswer> {
  const url = new URL('api/workers', base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('refresh', '1');
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
      headers: { 'user-agent': USER_AGENT, accept: 'application/json' },
      insecure: false,
      trackSocket: (socket) => {
        sockets.add(socket);
        if (options.signal.aborted) abortSockets();
      },
    });
    const { body, isTruncated } = await readBodyCapped(response, options.maxBytes);
    const latencyMs = Math.round((performance.now() - startedAt) * 10) / 10;
    return {
      statusCode: response.statusCode ?? 0,
      json: isTruncated ? undefined : parseJson(body.toString('utf8')),
      isTruncated,
      latencyMs,
    };
  } catch (error) {
    throw new FlowerRequestError(describeNetworkError(error));
  } finally {
    options.signal.removeEventListener('abort', abortSockets);
    for (const socket of sockets) socket.destroy();
  }
}

/**
 * Flower's `/api/workers` (worker name → the replies of its last inspect, with `timestamp` in Unix
 * seconds) as readings. A worker counts as answering when its timestamp is within `freshWithinMs`
 * of now: Flower keeps every worker it ever saw, and a gone one keeps its last timestamp.
 */
export function readFlowerWorkers(json: unknown, nowMs: number, freshWithinMs: number): CeleryReadings {
  const entries = isRecord(json) ? Object.entries(json).filter(([, entry]) => isRecord(entry)) : [];
  const fresh = entries.filter(([, entry]) => {
    const timestamp = (entry as Record<string, unknown>).timestamp;
    return typeof timestamp !== 'number' || timestamp * 1000 >= nowMs - freshWithinMs;
  }) as [string, Record<string, unknown>][];
  const method = (key: string) =>
    Object.fromEntries(fresh.filter(([, entry]) => key in entry).map(([name, entry]) => [name, entry[key]]));
  const hasMethod = (key: string) => fresh.some(([, entry]) => key in entry);
  return {
    workerNames: fresh.map(([name]) => name),
    ...(hasMethod('active') ? { active: countTaskReplies(method('active')) } : {}),
    ...(hasMethod('reserved') ? { reserved: countTaskReplies(method('reserved')) } : {}),
    ...(hasMethod('scheduled') ? { scheduled: countTaskReplies(method('scheduled')) } : {}),
    ...(hasMethod('registered') ? { registered: readRegisteredReplies(method('registered')) } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // An HTML login page or a proxy's error page: the caller judges by the status code.
    return undefined;
  }
}
