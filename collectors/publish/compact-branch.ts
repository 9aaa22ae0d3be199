import path from 'node:path';
import { getDataWorktreePath } from './data-worktree.ts';
import { createGit, type Git, getIdentityArgs } from './git-runner.ts';
import { fetchBranch, getTrackingRef, summarizeGitMessage } from './push-with-retry.ts';

export type CompactOutcome =
  | { status: 'compacted'; commit: string; droppedCommits: number }
  | { status: 'already-compact' }
  | { status: 'refused' | 'unreachable'; reason: string };

/**
 * Replaces the data branch's history with one commit holding its current files (which retention has
 * already bounded), so the repository stops growing with every run. The push is a
 * force-with-lease on the commit just fetched: if anyone pushed in between it is refused, and their
 * data is never overwritten.
 */
export async function compactBranch(
  repo: Git,
  remote: string,
  branch: string,
  source: string,
): Promise<CompactOutcome> {
  const fetched = await fetchBranch(repo, remote, branch);
  if (typeof fetched === 'object')
    return { status: 'unreachable', reason: summarizeGitMessage(fetched.error) };
  if (fetched === 'no-such-branch')
    return { status: 'refused', reason: `${remote} has no branch "${branch}" yet` };
  const tracking = getTrackingRef(remote, branch);
  const tip = (await repo.raw(['rev-parse', tracking])).trim();
  const commitCount = Number((await repo.raw(['rev-list', '--count', tip])).trim());
  if (commitCount <= 1) return { status: 'already-compact' };

  const day = new Date().toISOString().slice(0, 10);
  const identity = await getIdentityArgs(repo, source);
  const message = `data: compacted on ${day} (${commitCount} commits squashed into one; history outside retention dropped)`;
  const commit = (await repo.raw([...identity, 'commit-tree', `${tip}^{tree}`, '-m', message])).trim();
  const pushed = await repo.tryRaw([
    'push',
    '--quiet',
    '--porcelain',
    `--force-with-lease=refs/heads/${branch}:${tip}`,
    remote,
    `${commit}:refs/heads/${branch}`,
  ]);
  if (!pushed.ok) {
    return {
      status: 'refused',
      reason: `${remote}/${branch} moved since it was fetched, so nothing was overwritten (${summarizeGitMessage(pushed.message)}); run --compact again`,
    };
  }
  await repo.raw(['update-ref', tracking, commit]);
  const worktree = await moveLocalBranch(repo, branch, tip, commit);
  // The old history is unreachable now; drop it here too, or the collector's clone keeps growing.
  // Only the data branch's reflogs are expired: people's reflogs elsewhere stay as they were.
  await repo.tryRaw(['reflog', 'expire', '--expire-unreachable=now', `refs/heads/${branch}`, tracking]);
  await worktree.tryRaw(['reflog', 'expire', '--expire-unreachable=now', 'HEAD']);
  await repo.tryRaw(['gc', '--quiet', '--prune=now']);
  return { status: 'compacted', commit, droppedCommits: commitCount - 1 };
}

// The worktree sits on the old tip (publish just pushed it); a soft reset keeps its files as they are.
async function moveLocalBranch(repo: Git, branch: string, oldTip: string, newTip: string): Promise<Git> {
  const commonDir = path.resolve(repo.dir, (await repo.raw(['rev-parse', '--git-common-dir'])).trim());
  const worktree = createGit(getDataWorktreePath(commonDir, branch));
  const head = await worktree.tryRaw(['rev-parse', 'HEAD']);
  if (head.ok && head.output.trim() === oldTip) {
    await worktree.raw(['reset', '--quiet', '--soft', newTip]);
  } else if (!head.ok) {
    await repo.raw(['update-ref', `refs/heads/${branch}`, newTip]);
  }
  // A worktree with commits of its own keeps them; the next publish rebuilds them on the new root.
  return worktree;
}
