// `vigil watch --publish-every`: the real CLI in a clone of a real bare git remote in a temp dir
// commits and pushes its source's data on its own timer while the runs go on.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

  it('loses no line when pushes of another collector force a rebase while the watch appends', async () => {
    // A second clone of the same remote pushes a commit of its own every few hundred ms, so each of
    // the watch's pushes is rejected and it rebases in place (--autostash) while lines keep coming.
    const other = join(dir, 'other');
    git(dir, 'clone', '--quiet', bare, other);
    git(other, 'config', 'user.name', 'Other');
    git(other, 'config', 'user.email', 'other@vigil.test');
    // Intervals whose grids drift apart: several lines a second, each appended on its own.
    const configPath = join(dir, 'busy.config.yaml');
    await writeFile(
      configPath,
      `checks:\n${[1000, 1100, 1300, 1700]
        .map(
          (ms) =>
            `  - { id: c${ms}, type: command, command: ["true"], interval: ${ms}ms, timeout: 500ms, retries: 0 }`,
        )
        .join('\n')}\n`,
    );
    const child: ChildProcess = spawn(
      process.execPath,
      [VIGIL_BIN, 'watch', '--collect-only', '--publish-every', '10s', '--config', configPath],
      { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...GIT_ENV } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const gitAsync = (cwd: string, ...args: string[]) =>
      new Promise<void>((resolve) =>
        execFile('git', args, { cwd, env: { ...process.env, ...GIT_ENV } }, () => resolve()),
      );
    let isPushing = true;
    const pushing = (async () => {
      // Bounded: stops once the watch rebased often enough, or after 400 commits.
      for (let index = 0; isPushing && index < 400; index += 1) {
        await gitAsync(other, 'pull', '--quiet', '--rebase', 'origin', 'main');
        await writeFile(join(other, 'other.txt'), `${index}\n`);
        await gitAsync(other, 'add', 'other.txt');
        await gitAsync(other, 'commit', '--quiet', '-m', `other ${index}`);
        await gitAsync(other, 'push', '--quiet', 'origin', 'HEAD:main');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      // Until it rebased ten times, or 90 s (the pushes of a watch that lost its way stop coming).
      const rebases = () => (stderr.match(/rebasing on origin\/main/g) ?? []).length;
      const givingUpAtMs = Date.now() + 90_000;
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (rebases() < 10 && Date.now() < givingUpAtMs) return;
          clearInterval(timer);
          resolve();
        }, 100);
        void exited.then(() => {
          clearInterval(timer);
          reject(new Error(`vigil watch exited:\n${stdout}\n${stderr}`));
        });
      });
      expect(rebases(), stderr).toBeGreaterThanOrEqual(3);
      isPushing = false;
      await pushing;
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Every run the watch logged is in its day files, whole; nothing was left in a stash.
      const runs = (stdout.match(/^vigil watch: local: \S+: \d checks?: /gm) ?? []).length;
      expect(runs).toBeGreaterThan(20);
      const folder = join(clone, 'data', 'snapshots', 'local');
      const lines: string[] = [];
      for (const name of await readdir(folder))
        lines.push(...(await readFile(join(folder, name), 'utf8')).split('\n').filter(Boolean));
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(lines.length).toBeGreaterThanOrEqual(runs);
      expect(new Set(lines).size).toBe(lines.length);
      expect(git(clone, 'stash', 'list')).toBe('');
      expect(stderr).not.toMatch(/autostash|conflict/i);
    } finally {
      isPushing = false;
      child.kill('SIGKILL');
      await pushing;
    }
  }, 180_000);
});
