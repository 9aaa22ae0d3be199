import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from './loopback-server.ts';

export const FIFTY_MB = 50 * 1024 * 1024;

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

function redirect(res: ServerResponse, statusCode: number, location: string): void {
  res.writeHead(statusCode, { location }).end();
}

export interface StreamedBody {
  sentBytes: number;
  isFinished: boolean;
}

// Streams 50 MB with backpressure, and tells the test how much went out before the client hung up.
function streamBigBody(res: ServerResponse, onClose: (streamed: StreamedBody) => void): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sentBytes = 0;
  res.on('close', () => onClose({ sentBytes, isFinished: res.writableFinished }));
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(FIFTY_MB) });
  const pump = () => {
    while (sentBytes < FIFTY_MB) {
      sentBytes += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

interface RouteState {
  seenRequests: SeenRequest[];
  onBigBodyClosed: (streamed: StreamedBody) => void;
}

async function route(req: IncomingMessage, res: ServerResponse, state: RouteState): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const chainStep = /^\/chain\/(\d+)$/.exec(url.pathname);
  if (chainStep) return redirect(res, 302, `/chain/${Number(chainStep[1]) + 1}`);
  switch (url.pathname) {
    case '/ok':
      res.end('all systems ok');
      return;
    case '/json':
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', queue: { depth: 12, pending: '7' } }));
      return;
    case '/not-json':
      res.end('<html>ok</html>');
      return;
    case '/unavailable':
      res.writeHead(503).end('maintenance');
      return;
    case '/hang':
      return; // Never answers: the probe must give up by its signal.
    case '/reset':
      req.socket.resetAndDestroy();
      return;
    case '/hang-up':
      req.socket.end(); // Closes without a response: Node's client says "socket hang up".
      return;
    case '/cut':
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial', () => req.socket.destroy());
      return;
    case '/stall':
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial'); // ...and never the rest.
      return;
    case '/big':
      return streamBigBody(res, state.onBigBodyClosed);
    case '/loop/a':
      return redirect(res, 302, '/loop/b');
    case '/loop/b':
      return redirect(res, 302, '/loop/a');
    case '/old':
      return redirect(res, 301, '/ok');
    case '/see-other':
      return redirect(res, 303, '/echo');
    case '/away':
      return redirect(res, 302, url.searchParams.get('to') ?? '/');
    case '/echo': {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      state.seenRequests.push({
        method: req.method ?? '',
        url: url.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.end('echo');
      return;
    }
    default:
      res.writeHead(404).end('not found');
  }
}

export interface HttpTestServer extends LoopbackServer {
  baseUrl: string;
  /** Requests that reached /echo, oldest first; tests may empty it. */
  seenRequests: SeenRequest[];
  /** Settles when the latest /big response has closed, with how much of it was sent. */
  bigBodyClosed: () => Promise<StreamedBody>;
}

/**
 * An HTTP server on loopback with one route per behaviour a probe must handle: /ok, /json,
 * /unavailable (503), /hang, /reset, /hang-up, /cut, /stall, /big (50 MB), /loop/a, /chain/0, /old (301),
 * /see-other (303), /away?to=URL, /echo (records the request).
 */
export async function startHttpTestServer(): Promise<HttpTestServer> {
  let bigBodyClosed: Promise<StreamedBody> = Promise.resolve({ sentBytes: 0, isFinished: true });
  let resolveBigBody: (streamed: StreamedBody) => void = () => {};
  const state: RouteState = {
    seenRequests: [],
    onBigBodyClosed: (streamed) => resolveBigBody(streamed),
  };
  const server = createServer((req, res) => {
    if (req.url === '/big') {
      bigBodyClosed = new Promise((resolve) => {
        resolveBigBody = resolve;
      });
    }
    void route(req, res, state);
  });
  const loopback = await listenOnLoopback(server);
  return {
    ...loopback,
    baseUrl: `http://127.0.0.1:${loopback.port}`,
    seenRequests: state.seenRequests,
    bigBodyClosed: () => bigBodyClosed,
  };
}
