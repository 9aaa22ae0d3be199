import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { listenOnLoopback } from './loopback-server.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** "http://127.0.0.1:PORT" with no trailing slash. */
  origin: string;
  close: () => Promise<void>;
}

export interface ServeStaticOptions {
  /** The site's `base`, e.g. "/status/": only paths under it are served. Default "/". */
  basePath?: string;
}

/**
 * Serves a built site the way a plain static host does: "/x/" → x/index.html, unknown paths → 404.html
 * with status 404. Loopback only; paths cannot leave rootDir.
 */
export async function serveStatic(rootDir: string, options: ServeStaticOptions = {}): Promise<StaticServer> {
  const root = path.resolve(rootDir);
  const basePath = options.basePath ?? '/';
  const server = createServer(async (request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const pathname = requested.startsWith(basePath) ? `/${requested.slice(basePath.length)}` : undefined;
    const file = pathname === undefined ? undefined : await findFile(root, pathname);
    const status = file === undefined ? 404 : 200;
    const served = file ?? path.join(root, '404.html');
    const body = await readFile(served).catch(() => Buffer.from('not found'));
    response.writeHead(status, {
      'Content-Type': CONTENT_TYPES[path.extname(served)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    response.end(body);
  });
  const { port, close } = await listenOnLoopback(server);
  return { origin: `http://127.0.0.1:${port}`, close };
}

async function findFile(root: string, pathname: string): Promise<string | undefined> {
  const candidate = path.join(root, pathname);
  if (candidate !== root && !candidate.startsWith(`${root}${path.sep}`)) return undefined;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) return file;
  }
  return undefined;
}
