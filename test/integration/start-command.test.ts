// `vigil start` (npm start) as a newcomer runs it: the real CLI, a real build, the site served from
// the output directory and, in live mode, updated in place while it serves.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIGIL_BIN } from '../helpers/run-vigil.ts';

const CONFIG = `site:
  title: Start test status
  interval: 5m
checks:
  - { id: truth, name: The truth, type: command, command: ["true"], interval: 1s, timeout: 500ms, retries: 0 }
`;

interface StartProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when stdout matches. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
  stop: () => Promise<number | null>;
}

function startVigil(dir: string, args: string[]): StartProcess {
  const child = spawn(process.execPath, [VIGIL_BIN, 'start', '--config', 'status.config.yaml', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(look);
          reject(new Error(`no ${pattern} in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const look = () => {
          const match = pattern.exec(stdout);
          if (!match) return;
          clearTimeout(timer);
          listeners.delete(look);
          resolve(match);
        };
        listeners.add(look);
        void exited.then(() => {
          if (!listeners.has(look)) return;
          clearTimeout(timer);
          listeners.delete(look);
          reject(new Error(`vigil start exited:\n${stdout}\n${stderr}`));
        });
        look();
      }),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('vigil start', () => {
  let dir: string;
  let blocker: Server;
  let takenPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-start-'));
    await writeFile(path.join(dir, 'status.config.yaml'), CONFIG);
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    takenPort = (blocker.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => blocker?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects, builds, serves at the port it really took, and keeps the served site current', async () => {
    const start = startVigil(dir, ['--data', 'live-data', '--out', 'live-dist', '--port', String(takenPort)]);
    try {
      const [, url = '', port = ''] = await start.waitFor(
        /vigil start: serving at (http:\/\/127\.0\.0\.1:(\d+)\/) \(Ctrl-C to stop\)/,
      );
      // The asked-for port was taken: it moved on, and says where it went.
      expect(Number(port)).toBeGreaterThan(takenPort);
      const lines = start.stdout().trim().split('\n');
      const steps = lines.filter((line) => line.startsWith('vigil start: '));
      expect(steps).toEqual([
        'vigil start: collecting with status.config.yaml…',
        'vigil start: building the site into live-dist…',
        expect.stringMatching(/^vigil start: built in \d+\.\d s$/),
        `vigil start: serving at ${url} (Ctrl-C to stop); collecting on the checks' intervals`,
      ]);
      // Between the steps, one line per run and nothing else.
      for (const line of lines.filter((text) => !text.startsWith('vigil start: ')))
        expect(line).toMatch(/^vigil watch: (local: \S+: 1 check: |full build done in )/);
      expect(start.stderr()).toBe('');

      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('The truth');
      // Live: the page re-reads its data (no "collected once" notice).
      expect(html).toContain('data-live-refresh');
      expect(html).not.toContain('data-live-refresh-once');

      // Later runs rewrite the data outputs in place, with no build.
      const before = await (await fetch(new URL('api/v2/summary.json', url))).text();
      const rendersSoFar = (start.stdout().match(/; rendered \d+ files? in/g) ?? []).length;
      await start.waitFor(new RegExp(`(?:; rendered \\d+ files? in[^\\n]*\\n[^]*){${rendersSoFar + 2}}`));
      const after = await (await fetch(new URL('api/v2/summary.json', url))).text();
      expect(JSON.parse(after)).toBeTruthy();
      expect(after).not.toBe(before);
      expect(await start.stop()).toBe(0);
      expect(start.stdout().trim().split('\n').at(-1)).toBe('vigil start: stopped');
    } finally {
      start.child.kill('SIGKILL');
    }
  }, 240_000);

  it('--once collects once, builds and serves a page that says it does not update', async () => {
    const start = startVigil(dir, ['--once', '--data', 'once-data', '--out', 'once-dist', '--port', '0']);
    try {
      const [, url = ''] = await start.waitFor(/vigil start: serving at (http:\/\/\S+\/) \(Ctrl-C to stop\)/);
      expect(start.stdout().trim().split('\n')).toEqual([
        'vigil start: collecting once with status.config.yaml…',
        expect.stringMatching(/1 check/),
        'vigil start: building the site into once-dist…',
        expect.stringMatching(/^vigil start: built in \d+\.\d s$/),
        expect.stringMatching(/^vigil start: serving at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)$/),
      ]);
      // Astro's own banner and build log stay out of it.
      expect(start.stderr()).toBe('');
      const html = await (await fetch(url)).text();
      expect(html).toContain('The truth');
      expect(html).toContain('data-live-refresh-once');
      expect(await start.stop()).toBe(0);
    } finally {
      start.child.kill('SIGKILL');
    }
  }, 240_000);
});
