import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { getCacheControl, getContentType } from './content-types.ts';

export interface StaticServerOptions {
  /** The built site (the output directory). */
  rootDir: string;
  /** The site's `base`, e.g. "/status/": the site is served under it. Default "/". */
  basePath?: string;
  /** Default 127.0.0.1: a collector host's site is not on the network unless asked. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** When the port is taken, try the next ones (`vigil start`) instead of failing (`vigil watch`). */
  findFreePort?: boolean;
}

export interface StaticServer {
  /** The URL it serves the site at, base included: "http://127.0.0.1:4321/". */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The port asked for is in use (and no other port would do). */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** How many ports after a taken one `vigil start` tries. */
const FREE_PORT_TRIES = 20;

/**
 * Serves the output directory the way a plain static host does ("/x/" → x/index.html, unknown paths
 * → 404.html with status 404), reading each file when it is asked for, so a file the renderer
 * replaces (by rename) is served whole, old or new. Paths cannot leave the directory.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = await realpath(path.resolve(options.rootDir)).catch(() => path.resolve(options.rootDir));
  const basePath = normaliseBase(options.basePath ?? '/');
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    serveRequest(root, basePath, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('internal error');
    });
  });
  // A browser keeps connections open; closing the server must not wait for them.
  server.keepAliveTimeout = 5_000;
  const tries = options.findFreePort && options.port !== 0 ? FREE_PORT_TRIES : 1;
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const port = options.port + attempt;
    const listening = await listen(server, port, host);
    if (listening === 'in-use') continue;
    const actual = (server.address() as AddressInfo).port;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}${basePath}`,
      port: actual,
      close: () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
  const range = tries === 1 ? `port ${options.port}` : `ports ${options.port}–${options.port + tries - 1}`;
  throw new PortInUseError(`${range} on ${host} already in use`);
}

function listen(server: Server, port: number, host: string): Promise<'listening' | 'in-use'> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') resolve('in-use');
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve('listening');
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function serveRequest(
  root: string,
  basePath: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('method not allowed');
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  let requested: string;
  try {
    requested = decodeURIComponent(url.pathname);
  } catch {
    requested = '\0';
  }
  if (requested.includes('\0')) {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('bad request');
    return;
  }
  // "/status" and "/" lead to the site under base "/status/".
  if (basePath !== '/' && (requested === basePath.slice(0, -1) || requested === '/')) {
    response.writeHead(302, { Location: `${basePath}${url.search}` });
    response.end();
    return;
  }
  const inside = requested.startsWith(basePath) ? requested.slice(basePath.length) : undefined;
  const file = inside === undefined ? undefined : await findFile(root, inside);
  const served = file ?? path.join(root, '404.html');
  const body = await readFile(served).catch(() => undefined);
  const status = file === undefined ? 404 : 200;
  if (body === undefined) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
    response.end('not found');
    return;
  }
  response.writeHead(status, {
    'Content-Type': getContentType(served),
    'Content-Length': body.length,
    'Cache-Control': file === undefined ? 'no-cache' : getCacheControl(inside ?? ''),
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The file a path under the base names: itself, or its folder's index.html; never outside root nor hidden. */
async function findFile(root: string, inside: string): Promise<string | undefined> {
  // Hidden files (a renderer's temp files, a build's staging folder) are not the site's.
  if (inside.split('/').some((segment) => segment.startsWith('.') && segment !== '.well-known'))
    return undefined;
  const candidate = path.join(root, inside);
  if (!isWithin(root, candidate)) return undefined;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    // A link inside the output that points out of it is not followed.
    const real = await realpath(file).catch(() => undefined);
    return real !== undefined && isWithin(root, real) ? real : undefined;
  }
  return undefined;
}

function isWithin(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(`${root}${path.sep}`);
}

function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/*/, '/').replace(/\/*$/, '/');
  return trimmed === '//' ? '/' : trimmed;
}
