// Connection reuse per origin: http checks of one runner process share kept-alive connections
// (GET/HEAD/OPTIONS, not insecure, unless reuseConnection: false), against real servers on 127.0.0.1.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../../../collectors/probes/http/probe-http.ts';
import { collectOnce } from '../../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../../core/config/load-config.ts';
import type { HttpCheck } from '../../../../../core/model/index.ts';
import { type LoopbackServer, listenOnLoopback } from '../../../../helpers/loopback-server.ts';
import { parseCheck } from '../../../../helpers/parse-check.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

interface CountingServer extends LoopbackServer {
  connections: () => number;
  requests: () => number;
  /** Cuts every idle kept-alive connection, as a server's keep-alive timeout would. */
  closeIdle: () => void;
}

/** An HTTP server that counts the TCP connections it accepted and the requests it answered. */
async function startCountingServer(handle?: (url: string) => 'hang' | undefined): Promise<CountingServer> {
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((request, response) => {
    if (handle?.(request.url ?? '') === 'hang') return;
    requests += 1;
    response.end('ok');
  });
  server.on('connection', () => {
    connections += 1;
  });
  const listening = await listenOnLoopback(server);
  return {
    ...listening,
    connections: () => connections,
    requests: () => requests,
    closeIdle: () => server.closeIdleConnections(),
  };
}

let server: CountingServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const httpCheck = (port: number, fields: Record<string, unknown> = {}) =>
  parseCheck({
    id: 'web',
    type: 'http',
    url: `http://127.0.0.1:${port}/health`,
    retries: 0,
    ...fields,
  }) as HttpCheck;

describe('http checks reuse kept-alive connections per origin', () => {
  it('twenty checks of one origin one after another go over one connection', async () => {
    server = await startCountingServer();
    const results = [];
    for (let i = 0; i < 20; i += 1) results.push(await probeHttp(httpCheck(server.port), makeProbeContext()));
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('up'));
    expect(server.requests()).toBe(20);
    expect(server.connections()).toBe(1);
    // The first opened the connection and timed it; the others say they reused it.
    expect(results[0]?.metrics?.connectMs).toBeTypeOf('number');
    expect(results[0]?.detail?.reusedConnection).toBeUndefined();
    expect(results[1]?.metrics?.connectMs).toBeUndefined();
    expect(results[1]?.detail?.reusedConnection).toBe(true);
  });

  it('a check with reuseConnection: false opens its own connection every time', async () => {
    server = await startCountingServer();
    await probeHttp(httpCheck(server.port), makeProbeContext());
    for (let i = 0; i < 5; i += 1) {
      const result = await probeHttp(httpCheck(server.port, { reuseConnection: false }), makeProbeContext());
      expect(result.status).toBe('up');
      expect(result.metrics?.connectMs).toBeTypeOf('number');
      expect(result.detail?.reusedConnection).toBeUndefined();
    }
    expect(server.connections()).toBe(6);
  });

  it('a check judged on its latency times connect, TLS and request every run, unless it asks to reuse', async () => {
    server = await startCountingServer();
    await probeHttp(httpCheck(server.port), makeProbeContext());
    const judged = { thresholds: { latencyMs: { degradedAbove: 500 } } };
    for (let i = 0; i < 3; i += 1) {
      const result = await probeHttp(httpCheck(server.port, judged), makeProbeContext());
      expect(result.metrics?.connectMs).toBeTypeOf('number');
      expect(result.detail?.reusedConnection).toBeUndefined();
    }
    expect(server.connections()).toBe(4);
    const reusing = await probeHttp(
      httpCheck(server.port, { ...judged, reuseConnection: true }),
      makeProbeContext(),
    );
    expect(reusing.detail?.reusedConnection).toBe(true);
    expect(server.connections()).toBe(4);
  });

  it('POST checks never reuse a connection (a resend could repeat what they change)', async () => {
    server = await startCountingServer();
    for (let i = 0; i < 3; i += 1) {
      const result = await probeHttp(
        httpCheck(server.port, { method: 'POST', body: '{}' }),
        makeProbeContext(),
      );
      expect(result.status).toBe('up');
    }
    expect(server.connections()).toBe(3);
  });

  it('a server that drops idle connections at once never turns a reused check down', async () => {
    server = await startCountingServer();
    const results = [];
    for (let i = 0; i < 10; i += 1) {
      results.push(await probeHttp(httpCheck(server.port), makeProbeContext()));
      // The server cuts the idle connection between two checks; the client may not have seen it yet.
      server.closeIdle();
    }
    expect(results.map((result) => result.status)).toEqual(Array(10).fill('up'));
    expect(server.requests()).toBe(10);
  });

  it('a whole run of 300 checks of one origin (runner processes, default concurrency) opens fewer connections than requests', async () => {
    server = await startCountingServer();
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-keep-alive-'));
    const checks = Array.from(
      { length: 300 },
      (_, i) => `  - { id: c${i}, type: http, url: "http://127.0.0.1:${server?.port}/ok/${i}", retries: 0 }`,
    ).join('\n');
    const { config } = parseConfigText(`checks:\n${checks}\n`, 'status.config.yaml', {});
    const outcome = await collectOnce({ config, dataDir: dir, source: 'local', dryRun: true });
    expect(outcome.status).toBe('dry-run');
    const statuses = outcome.status === 'dry-run' ? outcome.line.results.map((result) => result.status) : [];
    expect(statuses).toEqual(Array(300).fill('up'));
    expect(server.requests()).toBe(300);
    expect(server.connections()).toBeLessThan(300);
  });

  it('a hung origin with kept-alive connections still ends by the deadline, and its answering paths are up', async () => {
    // One origin: every fifth path never answers; the rest answer at once over reused connections.
    server = await startCountingServer((url) => (/\/hang\//.test(url) ? 'hang' : undefined));
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-keep-alive-'));
    const checks = Array.from({ length: 150 }, (_, i) => {
      const route = i % 5 === 0 ? `hang/${i}` : `ok/${i}`;
      return `  - { id: c${i}, type: http, url: "http://127.0.0.1:${server?.port}/${route}", retries: 0, timeout: 1m }`;
    }).join('\n');
    const { config } = parseConfigText(
      `collect: { deadline: 3s }\nchecks:\n${checks}\n`,
      'status.config.yaml',
      {},
    );
    const outcome = await collectOnce({ config, dataDir: dir, source: 'local', dryRun: true });
    expect(outcome.status).toBe('dry-run');
    const results = outcome.status === 'dry-run' ? outcome.line.results : [];
    const hung = results.filter((_, i) => i % 5 === 0);
    const answering = results.filter((_, i) => i % 5 !== 0);
    expect(answering.map((result) => result.status)).toEqual(Array(120).fill('up'));
    for (const result of hung) {
      expect(result.status).toBe('unknown');
      expect(result.message).toBe('no answer before the run deadline (3 s)');
    }
  });
});
