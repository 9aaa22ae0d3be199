// A loopback HTTP server that answers as a chat or paging API does: each request takes the next
// queued answer (a documented success, a 429 with or without Retry-After, a 5xx, or no answer at all).
import { createServer, type IncomingMessage } from 'node:http';
import { isInitProbe, listenOnLoopback } from '../../../helpers/loopback-server.ts';

export interface ReplayAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  text: string;
  json: unknown;
}

export interface ReplayServer {
  url: string;
  received: ReceivedRequest[];
  /** Answers for the next requests, in order; 'hang' never answers. After the queue: `fallback`. */
  queue: (ReplayAnswer | 'hang')[];
  fallback: ReplayAnswer;
  close: () => Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const state: Omit<ReplayServer, 'url' | 'close'> = {
    received: [],
    queue: [],
    fallback: { status: 200, body: {} },
  };
  const server = createServer(async (req, res) => {
    if (isInitProbe(req)) return void res.writeHead(404).end();
    let text = '';
    for await (const chunk of req) text += chunk;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    state.received.push({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, text, json });
    const answer = state.queue.shift() ?? state.fallback;
    if (answer === 'hang') return;
    const isText = typeof answer.body === 'string';
    res.writeHead(answer.status, {
      ...(answer.body === undefined ? {} : { 'content-type': isText ? 'text/plain' : 'application/json' }),
      ...answer.headers,
    });
    res.end(
      answer.body === undefined ? undefined : isText ? (answer.body as string) : JSON.stringify(answer.body),
    );
  });
  const loopback = await listenOnLoopback(server);
  return Object.assign(state, { url: `http://127.0.0.1:${loopback.port}`, close: loopback.close });
}
