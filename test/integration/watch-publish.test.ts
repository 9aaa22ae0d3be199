// `vigil watch --publish-every`: the real CLI in a clone of a real bare git remote in a temp dir
// commits and pushes its source's data on its own timer while the runs go on.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIGIL_BIN } from '../helpers/run-vigil.ts';

// Git must not read the user's ~/.gitconfig or /etc/gitconfig: identities are set per clone.
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

let dir: string;
let bare: string;
let clone: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-watch-publish-'));
  bare = join(dir, 'status.git');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  clone = join(dir, 'collector');
  git(dir, 'clone', '--quiet', bare, clone);
  git(clone, 'config', 'user.name', 'Collector');
  git(clone, 'config', 'user.email', 'collector@vigil.test');
  await writeFile(
    join(clone, 'status.config.yaml'),
    'checks:\n  - { id: truth, type: command, command: ["true"], interval: 1s, timeout: 500ms, retries: 0 }\n',
  );
  git(clone, 'add', '.');
  git(clone, 'commit', '--quiet', '-m', 'config');
  git(clone, 'push', '--quiet', 'origin', 'HEAD:main');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('vigil watch --publish-every', () => {
  it('pushes the source data on its period, beside the runs, and stops cleanly', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [VIGIL_BIN, 'watch', '--collect-only', '--publish-every', '10s'],
      {
        cwd: clone,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...GIT_ENV },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if ((stdout.match(/^vigil publish: local: /gm) ?? []).length >= 2) resolve();
        });
        void exited.then(() => reject(new Error(`vigil watch exited:\n${stdout}\n${stderr}`)));
      });
      expect(stdout).toMatch(/publishing every 10 s/);
      // Runs went on while it published: more run lines than publishes.
      const runs = (stdout.match(/^vigil watch: local: \S+: 1 check: 1 up/gm) ?? []).length;
      expect(runs).toBeGreaterThan(5);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const pushed = git(bare, 'ls-tree', '-r', '--name-only', 'main');
      expect(pushed).toMatch(/^data\/snapshots\/local\/\d{4}-\d\d-\d\d\.jsonl$/m);
      expect(pushed).toMatch(/^data\/state\/local\.json$/m);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
