// The output directory kept current: `vigil watch --port` builds once, then rewrites the data outputs
// after each run while its server serves them (a reader polling through it never gets a torn JSON
// file), and `vigil collect --render` does the same for cron. Real CLI, real builds, real server.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil, VIGIL_BIN } from '../helpers/run-vigil.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-watch-output-'));
  await writeFile(
    path.join(dir, 'status.config.yaml'),
    `site: { title: Watch output test, interval: 5m, base: /status/ }
checks:
  - { id: truth, name: The truth, type: command, command: ["true"], interval: 1s, timeout: 500ms, retries: 0 }
  - { id: count, name: A counter, type: command, command: ["date", "+%N"], interval: 1s, timeout: 500ms, retries: 0 }
`,
  );
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('vigil watch --port', () => {
  it('builds once, then serves data outputs rewritten after each run, never a torn one', async () => {
    const child = spawn(
      process.execPath,
      [
        VIGIL_BIN,
        'watch',
        '--config',
        'status.config.yaml',
        '--data',
        'data',
        '--out',
        'dist',
        '--port',
        '0',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const waitFor = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const look = () => {
          const match = pattern.exec(stdout);
          if (match) {
            child.stdout.off('data', onData);
            resolve(match);
          }
        };
        const onData = (chunk: Buffer) => {
          stdout += chunk.toString();
          look();
        };
        child.stdout.on('data', onData);
        void exited.then(() => reject(new Error(`vigil watch exited:\n${stdout}\n${stderr}`)));
        look();
      });
    try {
      const [, url = ''] = await waitFor(/serving at (http:\/\/127\.0\.0\.1:\d+\/status\/)/);
      await waitFor(/vigil watch: full build done in /);
      await waitFor(/; rendered \d+ files? in \d+ ms/);
      const page = await (await fetch(url)).text();
      expect(page).toContain('The truth');
      // A reader polls the summary while the runs rewrite it: every answer is whole JSON.
      const versions = new Set<string>();
      const deadline = Date.now() + 60_000;
      let reads = 0;
      while ((versions.size < 4 || reads < 300) && Date.now() < deadline) {
        const response = await fetch(new URL('api/v2/summary.json', url));
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('no-cache');
        const text = await response.text();
        const summary = JSON.parse(text) as { page: { updated_at: string } };
        versions.add(summary.page.updated_at);
        reads += 1;
      }
      expect(versions.size).toBeGreaterThanOrEqual(4);
      // The build ran once: later runs only rendered.
      expect(stdout.match(/build started/g)).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 240_000);
});

describe('vigil collect --render', () => {
  it('builds the site on the first run, then rewrites only the data outputs that changed', async () => {
    const args = [
      'collect',
      '--config',
      'status.config.yaml',
      '--data',
      'cron-data',
      '--all',
      '--render',
      '--out',
      'cron-dist',
    ];
    const first = await runVigil(args, { cwd: dir });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^vigil collect: built the site into cron-dist \(no full build of \S+cron-dist is on record\) in \d+\.\d s: \d+ files written/m,
    );
    const second = await runVigil(args, { cwd: dir });
    expect(second.exitCode, second.stderr).toBe(0);
    const rendered =
      /^vigil collect: rendered (\d+) changed files? into cron-dist in \d+ ms \((\d+) unchanged\)$/m.exec(
        second.stdout,
      );
    expect(rendered, second.stdout).not.toBeNull();
    expect(Number(rendered?.[1])).toBeGreaterThan(0);
  }, 240_000);
});
