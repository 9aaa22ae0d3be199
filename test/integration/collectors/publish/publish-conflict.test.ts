// Publish's unhappy paths with real git: a rebase conflict, a config-less host, bad flags.
import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil } from '../../../helpers/run-vigil.ts';

const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
let dir: string;
let remote: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
}

function clone(name: string): string {
  const path = join(dir, name);
  git(dir, 'clone', '--quiet', remote, path);
  git(path, 'config', 'user.name', name);
  git(path, 'config', 'user.email', `${name}@vigil.test`);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-publish-conflict-'));
  remote = join(dir, 'remote.git');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const seed = clone('seed');
  await writeFile(
    join(seed, 'status.config.yaml'),
    'checks:\n  - { id: ok, type: command, command: ["true"] }\n',
  );
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'config');
  git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('vigil publish', () => {
  it('two clones claiming the same source conflict: the rebase is aborted, the commit kept, exit 4', async () => {
    const first = clone('first');
    const second = clone('second');
    for (const path of [first, second]) {
      expect((await runVigil(['collect'], { cwd: path, env: GIT_ENV })).exitCode).toBe(0);
    }
    expect((await runVigil(['publish'], { cwd: first, env: GIT_ENV })).exitCode).toBe(0);
    const run = await runVigil(['publish'], { cwd: second, env: GIT_ENV });
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toMatch(
      /rebase on origin\/main conflicted .*so it was aborted; 1 commit kept locally/,
    );
    expect(git(second, 'status', '--porcelain').trim()).toBe('');
    expect(git(second, 'log', '-1', '--format=%s')).toMatch(/^data\(local\)/);
    // The collector's own line is still in its working tree.
    const [file] = git(second, 'ls-files', 'data/snapshots/local').trim().split('\n');
    expect((await readFile(join(second, file as string), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('a data dir outside any clone, an unknown remote, and --compact without a data branch are input errors (exit 1)', async () => {
    const outside = await runVigil(['publish', '--data', join(dir, 'loose-data')], {
      cwd: dir,
      env: GIT_ENV,
    });
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr).toContain('is not inside a git checkout');
    const path = clone('flags');
    const noRemote = await runVigil(['publish', '--remote', 'upstream'], { cwd: path, env: GIT_ENV });
    expect(noRemote.exitCode).toBe(1);
    expect(noRemote.stderr).toContain('no remote "upstream"');
    const compact = await runVigil(['publish', '--compact'], { cwd: path, env: GIT_ENV });
    expect(compact.exitCode).toBe(1);
    expect(compact.stderr).toContain('--compact rewrites history');
  });

  it('publishes with no user.name configured anywhere, as "Vigil collector (<source>)"', async () => {
    const path = join(dir, 'anonymous');
    git(dir, 'clone', '--quiet', remote, path);
    await appendFile(join(path, '.gitignore'), '');
    expect(
      (await runVigil(['collect', '--publish', '--source', 'local'], { cwd: path, env: GIT_ENV })).exitCode,
    ).toBe(0);
    expect(git(remote, 'log', '-1', '--format=%an', 'main').trim()).toBe('Vigil collector (local)');
  });
});
