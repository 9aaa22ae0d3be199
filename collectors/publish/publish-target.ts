import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DATA_DIR_IN_BRANCH, openDataWorktree, syncSourceFiles } from './data-worktree.ts';
import type { Git } from './git-runner.ts';
import type { PublishLock } from './publish-lock.ts';
import { PublishSetupError } from './publish-setup-error.ts';
import { getTrackingRef, type Integration } from './push-with-retry.ts';
import { readKeptFiles, recoverInterruptedRun, restoreKeptFiles } from './recover-interrupted-run.ts';

// Where publish commits: on a data branch of its own (through a worktree publish alone uses), or in
// place on the branch the people's checkout has out. Everything that differs between the two lives
// here, so publish() itself is one path.

export interface PublishTarget {
  /** The checkout publish commits in. */
  work: Git;
  branch: string;
  isDataBranch: boolean;
  /** The source's files, as paths inside `work`. */
  pathsInCheckout: string[];
  /** Brings the collector's files into `work` before staging (the data branch copies them). */
  syncSourceFiles: () => Promise<void>;
  /** Puts local commits on top of the freshly fetched remote branch, for the next push attempt. */
  integrate: (commitRun: () => Promise<string | undefined>) => Promise<Integration>;
}

interface TargetOptions {
  dataDir: string;
  remote: string;
  lock: PublishLock;
  log?: (line: string) => void;
}

/** The data branch, in publish's own worktree: every interrupted state there is publish's to repair. */
export async function openDataBranch(
  repo: Git,
  branch: string,
  sourcePaths: string[],
  options: TargetOptions,
): Promise<PublishTarget> {
  const log = options.log ?? (() => {});
  const previousRunDied = options.lock.tookOverStaleLock;
  for (const repair of await recoverInterruptedRun(repo, {
    previousRunDied,
    keepPaths: [],
    mayAbortRebase: false,
  }))
    log(repair);
  const work = await openDataWorktree(repo, options.remote, branch);
  for (const repair of await recoverInterruptedRun(work, {
    previousRunDied,
    keepPaths: [],
    mayAbortRebase: true,
  }))
    log(repair);
  await ensureOnBranch(work, branch);
  return {
    work,
    branch,
    isDataBranch: true,
    pathsInCheckout: sourcePaths.map((p) => path.join(DATA_DIR_IN_BRANCH, p)),
    syncSourceFiles: () =>
      syncSourceFiles(options.dataDir, path.join(work.dir, DATA_DIR_IN_BRANCH), sourcePaths),
    integrate: (commitRun) => integrateDataBranch(work, options.remote, branch, commitRun),
  };
}

/** The checked-out branch of the people's clone: a rebase there is publish's only if a publish died in it. */
export async function openCurrentBranch(
  repo: Git,
  sourcePaths: string[],
  options: TargetOptions,
): Promise<PublishTarget> {
  const log = options.log ?? (() => {});
  // Read before recovery: a rebase that cannot be aborted is forgotten, and its branch with it.
  const checkedOut = await readCurrentBranch(repo);
  const prefix = path.relative(repo.dir, path.resolve(options.dataDir));
  const pathsInCheckout = sourcePaths.map((p) => path.join(prefix, p));
  const previousRunDied = options.lock.tookOverStaleLock;
  const recovery = { previousRunDied, keepPaths: pathsInCheckout, mayAbortRebase: previousRunDied };
  for (const repair of await recoverInterruptedRun(repo, recovery)) log(repair);
  const branch =
    checkedOut ??
    (await readCurrentBranch(repo)) ??
    (await reattachHead(repo, previousRunDied, pathsInCheckout, log));
  await writeFile(await getBranchRecordPath(repo), `${branch}\n`).catch(() => {});
  return {
    work: repo,
    branch,
    isDataBranch: false,
    pathsInCheckout,
    syncSourceFiles: async () => {},
    integrate: () => rebaseInPlace(repo, options.remote, branch),
  };
}

/** The branch checked out, or the one a rebase killed halfway was rebasing; undefined when HEAD is detached. */
async function readCurrentBranch(repo: Git): Promise<string | undefined> {
  const head = await repo.tryRaw(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (head.ok) return head.output.trim();
  // A rebase killed halfway detaches HEAD; the branch it was rebasing is still recorded.
  for (const name of ['rebase-merge/head-name', 'rebase-apply/head-name']) {
    const file = (await repo.raw(['rev-parse', '--git-path', name])).trim();
    const text = await readFile(path.resolve(repo.dir, file), 'utf8').catch(() => undefined);
    if (text) return text.trim().replace(/^refs\/heads\//, '');
  }
  return undefined;
}

/** Where publish notes the branch it publishes from, for a HEAD a killed git left detached. */
async function getBranchRecordPath(repo: Git): Promise<string> {
  return path.resolve(repo.dir, (await repo.raw(['rev-parse', '--git-path', 'vigil-publish-branch'])).trim());
}

/**
 * A git killed at the wrong instant (a rebase's abort, between dropping its state and re-attaching
 * HEAD) leaves HEAD detached with nothing saying where it was. When the previous publish died, the
 * branch it published from is checked out again, the collector's files kept as they are; a HEAD a
 * person detached is theirs, and publish stops.
 */
async function reattachHead(
  repo: Git,
  previousRunDied: boolean,
  keepPaths: readonly string[],
  log: (line: string) => void,
): Promise<string> {
  const recorded = (await readFile(await getBranchRecordPath(repo), 'utf8').catch(() => '')).trim();
  if (!previousRunDied || recorded === '') {
    throw new PublishSetupError(
      `vigil publish: ${repo.dir} has no branch checked out (detached HEAD); check out the branch to publish to, or set publish.branch`,
    );
  }
  const kept = await readKeptFiles(repo.dir, keepPaths);
  await repo.raw(['checkout', '--quiet', '--force', recorded]);
  await restoreKeptFiles(kept);
  log(`checked out ${recorded} again: a killed publish had left HEAD detached`);
  return recorded;
}

async function ensureOnBranch(work: Git, branch: string): Promise<void> {
  const head = await work.tryRaw(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (head.ok && head.output.trim() === branch) return;
  await work.raw(['checkout', '--quiet', '--force', branch]);
}

async function hasTrackingRef(work: Git, remote: string, branch: string): Promise<boolean> {
  return (await work.tryRaw(['rev-parse', '--verify', '-q', getTrackingRef(remote, branch)])).ok;
}

/** In place (data on the people's branch): rebase, and on a conflict abort and keep the commits. */
async function rebaseInPlace(work: Git, remote: string, branch: string): Promise<Integration> {
  if (!(await hasTrackingRef(work, remote, branch))) return { ok: true };
  const rebased = await work.tryRaw(['rebase', '--quiet', '--autostash', getTrackingRef(remote, branch)]);
  if (rebased.ok) return { ok: true };
  await work.tryRaw(['rebase', '--abort']);
  return {
    ok: false,
    conflict:
      rebased.message.split('\n').find((l) => /CONFLICT/.test(l)) ?? rebased.message.split('\n')[0] ?? '',
  };
}

/**
 * On the data branch: rebase; when that cannot work (a conflict, or the branch was compacted so the
 * histories share nothing), start again from the remote's branch and re-copy the source's files from
 * the collector's data dir, which holds everything the dropped local commits held.
 */
async function integrateDataBranch(
  work: Git,
  remote: string,
  branch: string,
  commitRun: () => Promise<string | undefined>,
): Promise<Integration> {
  const tracking = getTrackingRef(remote, branch);
  if (!(await hasTrackingRef(work, remote, branch))) return { ok: true };
  const shareHistory = (await work.tryRaw(['merge-base', 'HEAD', tracking])).ok;
  if (shareHistory) {
    const rebased = await work.tryRaw(['rebase', '--quiet', tracking]);
    if (rebased.ok) return { ok: true };
    await work.tryRaw(['rebase', '--abort']);
  }
  await work.raw(['reset', '--quiet', '--hard', tracking]);
  await commitRun();
  return { ok: true, note: shareHistory ? 'rebuilt after a conflict' : 'rebuilt on the compacted branch' };
}
