// What killed writes and empty folders leave behind never breaks publishing: real git, in-process publish().
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publish } from '../../../../collectors/publish/publish.ts';

const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
let dir: string;
let clone: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-publish-disk-'));
  const remote = join(dir, 'remote.git');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  clone = join(dir, 'clone');
  git(dir, 'clone', '--quiet', remote, clone);
  git(clone, 'config', 'user.name', 'collector');
  git(clone, 'config', 'user.email', 'collector@vigil.test');
  await writeFile(join(clone, 'README.md'), 'status\n');
  git(clone, 'add', '.');
  git(clone, 'commit', '--quiet', '-m', 'seed');
  git(clone, 'push', '--quiet', 'origin', 'HEAD:main');
  const snapshot = {
    v: 1,
    t: '2026-12-01T10:00:00.000Z',
    source: 'lab',
    agent: { version: '0', host: 'h' },
    results: [],
  };
  await mkdir(join(clone, 'data/snapshots/lab'), { recursive: true });
  await writeFile(join(clone, 'data/snapshots/lab/2026-12-01.jsonl'), `${JSON.stringify(snapshot)}\n`);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const publishLab = () => publish({ dataDir: join(clone, 'data'), source: 'lab', remote: 'origin' });

describe('publish and the files of killed or empty writes', () => {
  it('an empty rollups folder (rollupRetentionDays reached) is no pathspec error', async () => {
    await mkdir(join(clone, 'data/rollups/lab'), { recursive: true });
    const result = await publishLab();
    expect(result.status).toBe('pushed');
    expect(git(clone, 'ls-files', 'data').trim()).toBe('data/snapshots/lab/2026-12-01.jsonl');
  });

  it('temp files of killed atomic writes are never committed', async () => {
    await mkdir(join(clone, 'data/state'), { recursive: true });
    await writeFile(join(clone, 'data/state/lab.json'), '{"v":1,"checks":{}}\n');
    await writeFile(join(clone, 'data/state/.lab.json.999999-0a1b2c3d.tmp'), '{"v":1,"ch');
    await mkdir(join(clone, 'data/rollups/lab'), { recursive: true });
    await writeFile(join(clone, 'data/rollups/lab/.2026-11.jsonl.999999-deadbeef.tmp'), '{"v":1');
    const result = await publishLab();
    expect(result.status).toBe('pushed');
    expect(git(clone, 'ls-files', 'data').trim().split('\n')).toEqual([
      'data/snapshots/lab/2026-12-01.jsonl',
      'data/state/lab.json',
    ]);
  });

  it('a HEAD a killed publish left detached (no rebase state) is checked out again; one a person detached stops publish', async () => {
    expect((await publishLab()).status).toBe('pushed');
    git(clone, 'checkout', '--quiet', '--detach');
    await expect(publishLab()).rejects.toThrow(/has no branch checked out \(detached HEAD\)/);
    // The same detached HEAD after a publish that died: its lock is stale.
    await writeFile(join(clone, '.git/vigil-publish.lock'), `999999@${hostname()}\n`);
    await writeFile(join(clone, 'data/snapshots/lab/2026-12-02.jsonl'), '{"v":1}\n');
    const result = await publishLab();
    expect(result.status).toBe('pushed');
    expect(git(clone, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(git(clone, 'ls-files', 'data/snapshots/lab').trim().split('\n')).toHaveLength(2);
  });
});
