// The static server `vigil watch --port` and `vigil start` serve the output directory with: a real
// HTTP server on loopback, real files replaced while it serves them, the real CLI for a taken port.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputWriter } from '../../collectors/render/write-if-changed.ts';
import { type StaticServer, startStaticServer } from '../../collectors/serve/static-server.ts';
import { runVigil } from '../helpers/run-vigil.ts';

let dir: string;
let root: string;
let server: StaticServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-serve-'));
  root = path.join(dir, 'dist');
  await mkdir(path.join(root, 'components', 'web'), { recursive: true });
  await mkdir(path.join(root, 'api', 'v2'), { recursive: true });
  await mkdir(path.join(root, '_astro'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>front</title>');
  await writeFile(path.join(root, '404.html'), '<!doctype html><title>not here</title>');
  await writeFile(path.join(root, 'components', 'web', 'index.html'), '<!doctype html><title>web</title>');
  await writeFile(path.join(root, 'api', 'v2', 'summary.json'), '{"status":"ok"}');
  await writeFile(path.join(root, 'metrics.txt'), 'vigil_up 1\n');
  await writeFile(path.join(root, '_astro', 'page.abc123.js'), 'console.log(1)');
  await writeFile(path.join(root, '.summary.json.123-deadbeef.tmp'), '{"half');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the site');
  await symlink(path.join(dir, 'secret.txt'), path.join(root, 'leak.txt'));
  server = await startStaticServer({ rootDir: root, basePath: '/status/', port: 0 });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function get(pathname: string, init?: RequestInit): Promise<Response> {
  return fetch(new URL(pathname, server.url), { redirect: 'manual', ...init });
}

describe('startStaticServer', () => {
  it('names the URL it serves, base included, on loopback', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/status/`);
  });

  it.each([
    ['/status/', 200, 'text/html; charset=utf-8', 'no-cache', 'front'],
    ['/status/components/web/', 200, 'text/html; charset=utf-8', 'no-cache', 'web'],
    ['/status/components/web', 200, 'text/html; charset=utf-8', 'no-cache', 'web'],
    ['/status/api/v2/summary.json', 200, 'application/json; charset=utf-8', 'no-cache', '"ok"'],
    ['/status/metrics.txt', 200, 'text/plain; charset=utf-8', 'no-cache', 'vigil_up'],
    ['/status/_astro/page.abc123.js', 200, 'text/javascript; charset=utf-8', 'immutable', 'console'],
    ['/status/nothing/here/', 404, 'text/html; charset=utf-8', 'no-cache', 'not here'],
    // Outside the base, out of the folder, hidden temp files, links that lead out: never served.
    ['/components/web/', 404, 'text/html; charset=utf-8', 'no-cache', 'not here'],
    ['/status/%2e%2e/secret.txt', 404, 'text/html; charset=utf-8', 'no-cache', 'not here'],
    ['/status/..%2fsecret.txt', 404, 'text/html; charset=utf-8', 'no-cache', 'not here'],
    ['/status/leak.txt', 404, 'text/html; charset=utf-8', 'no-cache', 'not here'],
    ['/status/.summary.json.123-deadbeef.tmp', 404, 'text/html; charset=utf-8', 'no-cache', 'not here'],
  ])('GET %s → %i %s', async (pathname, status, type, cache, text) => {
    const response = await get(pathname);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toContain(cache);
    await expect(response.text()).resolves.toContain(text);
  });

  it('sends the root and the bare base to the base, and refuses what is not GET or HEAD', async () => {
    for (const pathname of ['/', '/status']) {
      const response = await get(pathname);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/status/');
    }
    const head = await get('/status/api/v2/summary.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('15');
    expect((await get('/status/', { method: 'POST' })).status).toBe(405);
  });

  it('never serves a torn JSON file while the file is replaced under it (1,000 reads)', async () => {
    const writer = new OutputWriter(root);
    let isWriting = true;
    let rewrites = 0;
    const writing = (async () => {
      // Files of very different sizes, so a half-written one could not parse.
      while (isWriting) {
        const rows = 1 + (rewrites % 7) * 400;
        await writer.write(
          'api/v2/summary.json',
          JSON.stringify({
            rewrite: rewrites,
            rows: Array.from({ length: rows }, (_, i) => ({ i, s: 'x'.repeat(i % 50) })),
          }),
        );
        rewrites += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const seen = new Set<number>();
    try {
      for (let read = 0; read < 1_000; read += 1) {
        const response = await get('/status/api/v2/summary.json');
        expect(response.status).toBe(200);
        const text = await response.text();
        const parsed = JSON.parse(text) as { rewrite: number };
        seen.add(parsed.rewrite);
      }
    } finally {
      isWriting = false;
      await writing;
    }
    // The reads saw many versions, or the test proved nothing.
    expect(seen.size).toBeGreaterThan(10);
  }, 120_000);
});

describe('vigil watch --port', () => {
  it('fails with a clear message and exit 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await writeFile(
        path.join(dir, 'status.config.yaml'),
        'checks:\n  - { id: truth, type: command, command: ["true"] }\n',
      );
      const run = await runVigil(
        ['watch', '--config', 'status.config.yaml', '--data', 'data', '--port', String(port)],
        {
          cwd: dir,
        },
      );
      expect(run.exitCode).toBe(1);
      expect(run.stderr.trim()).toBe(
        `vigil watch: --port ${port}: port ${port} on 127.0.0.1 already in use; stop what uses it or pick another port (--port 0 picks a free one)`,
      );
      expect(run.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);
});
