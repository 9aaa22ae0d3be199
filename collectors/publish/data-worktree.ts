import { copyFile, mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_FILE_PATTERN } from '../../core/store/write-file-atomic.ts';
import { createGit, type Git } from './git-runner.ts';
import { fetchBranch, getTrackingRef } from './push-with-retry.ts';

/** The data branch's files live under data/ in that branch, as they do on main without one. */
export const DATA_DIR_IN_BRANCH = 'data';

/** Where the data branch is checked out: inside .git, so the user's checkout stays as it is. */
export function getDataWorktreePath(gitCommonDir: string, branch: string): string {
  return path.join(gitCommonDir, 'vigil', 'worktrees', branch.replaceAll('/', '%'));
}

/**
 * A worktree on the data branch (created on first use from the remote's branch, or as a new branch
 * with an empty first commit), so data commits never touch the branch people work on.
 */
export async function openDataWorktree(repo: Git, remote: string, branch: string): Promise<Git> {
  const commonDir = path.resolve(repo.dir, (await repo.raw(['rev-parse', '--git-common-dir'])).trim());
  const worktreePath = getDataWorktreePath(commonDir, branch);
  if (await stat(worktreePath).catch(() => undefined)) {
    const existing = createGit(worktreePath);
    // A worktree git still knows is reused as it is: recovery deals with a half-done rebase.
    if ((await existing.tryRaw(['rev-parse', '--absolute-git-dir'])).ok) return existing;
    await rm(worktreePath, { recursive: true, force: true });
  }
  await repo.raw(['worktree', 'prune']);
  await mkdir(path.dirname(worktreePath), { recursive: true });
  const hasLocalBranch = (await repo.tryRaw(['rev-parse', '--verify', '-q', `refs/heads/${branch}`])).ok;
  if (!hasLocalBranch) {
    // Unreachable remote: start locally; the first push that gets through integrates the two.
    const fetched = await fetchBranch(repo, remote, branch);
    const start = fetched === 'fetched' ? getTrackingRef(remote, branch) : await createEmptyRootCommit(repo);
    await repo.raw(['branch', '--no-track', branch, start]);
  }
  await repo.raw(['worktree', 'add', '--quiet', worktreePath, branch]);
  return createGit(worktreePath);
}

// Git knows the empty tree by this name without storing it.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

async function createEmptyRootCommit(repo: Git): Promise<string> {
  const emptyTree = EMPTY_TREE;
  const identity = ['-c', 'user.name=Vigil', '-c', 'user.email=vigil@localhost'];
  return (
    await repo.raw([...identity, 'commit-tree', emptyTree, '-m', 'data: start of the data branch'])
  ).trim();
}

/**
 * Mirrors the source's files (relative to the data dirs) from the collector's data dir into the
 * worktree: new and grown files copied, files retention removed deleted. The collector's data dir is
 * the truth, so this can be redone after any reset of the worktree without losing a line.
 */
export async function syncSourceFiles(
  fromDataDir: string,
  toDataDir: string,
  sourcePaths: readonly string[],
): Promise<void> {
  for (const relativePath of sourcePaths) {
    const from = path.join(fromDataDir, relativePath);
    const to = path.join(toDataDir, relativePath);
    const info = await stat(from).catch(() => undefined);
    if (!info) {
      await rm(to, { recursive: true, force: true });
    } else if (info.isDirectory()) {
      await mirrorDir(from, to);
    } else {
      await copyIfChanged(from, to);
    }
  }
}

async function mirrorDir(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const wanted = new Set(
    (await readdir(from, { withFileTypes: true }))
      .filter((e) => e.isFile() && !TEMP_FILE_PATTERN.test(e.name))
      .map((e) => e.name),
  );
  for (const name of await readdir(to)) {
    if (!wanted.has(name)) await rm(path.join(to, name), { recursive: true, force: true });
  }
  for (const name of wanted) await copyIfChanged(path.join(from, name), path.join(to, name));
}

// A copy carries its original's mtime, so an unchanged file costs one stat; a file git rewrote
// (reset, rebase) gets compared by content once.
async function copyIfChanged(from: string, to: string): Promise<void> {
  const [source, target] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
  if (target && target.size === source.size) {
    if (target.mtimeMs === source.mtimeMs) return;
    const [a, b] = await Promise.all([readFile(from), readFile(to)]);
    if (!a.equals(b)) await copyFile(from, to);
  } else {
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to);
  }
  await utimes(to, source.atime, source.mtime);
}
