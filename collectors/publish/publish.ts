import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../../core/config/display-path.ts';
import { countNoun } from '../../core/count-noun.ts';
import { formatCommitMessage, readNewestSnapshotLine } from './commit-message.ts';
import { type CompactOutcome, compactBranch } from './compact-branch.ts';
import { createGit, type Git, getIdentityArgs } from './git-runner.ts';
import { acquirePublishLock } from './publish-lock.ts';
import { PublishSetupError } from './publish-setup-error.ts';
import { openCurrentBranch, openDataBranch } from './publish-target.ts';
import { getTrackingRef, type PushOutcome, pushWithRetry } from './push-with-retry.ts';
import { listSourcePaths, stageSourceFiles } from './stage-source-files.ts';

export interface PublishOptions {
  dataDir: string;
  source: string;
  remote: string;
  /** A branch of its own for the data (via a worktree); without one, data is committed in place. */
  branch?: string | undefined;
  attempts?: number;
  /** After a successful push, squash the data branch to one commit (needs `branch`). */
  compact?: boolean;
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Runs git work that reads or rewrites the source's files in the working tree (recovery, staging,
   * the commit, a rebase with --autostash) while nothing else writes them: `vigil watch` passes its
   * session's write queue, so no line is appended (or day file thinned) in the middle. Fetch and
   * push, which wait on the network, run outside it.
   */
  holdWrites?: (<T>(work: () => Promise<T>) => Promise<T>) | undefined;
}

export type PublishStatus = 'pushed' | 'up-to-date' | 'busy' | PushOutcome['status'];

export interface PublishResult {
  status: PublishStatus;
  /** The commit made this run, if the source had new data. */
  commit?: string;
  message: string;
  /** Local commits still waiting for a push (0 once pushed). */
  unpushedCommits: number;
  /** What --compact did, when it ran. */
  compacted?: CompactOutcome;
}

/**
 * Commits this source's new data and pushes it. Nothing is ever dropped: a commit that could not be
 * pushed (no network, too many collisions, a conflict) stays and goes out with the next run.
 */
export async function publish(options: PublishOptions): Promise<PublishResult> {
  const log = options.log ?? (() => {});
  const repo = createGit(await findCheckout(options.dataDir));
  const commonDir = path.resolve(repo.dir, (await repo.raw(['rev-parse', '--git-common-dir'])).trim());
  await assertRemote(repo, options.remote);
  const lock = await acquirePublishLock(commonDir);
  if (!lock) {
    return {
      status: 'busy',
      message: "another publish is running in this clone; this run's data goes out with the next one",
      unpushedCommits: 0,
    };
  }
  try {
    const holdWrites = options.holdWrites ?? ((work) => work());
    const sourcePaths = await listSourcePaths(options.dataDir, options.source);
    const target = await holdWrites(() =>
      options.branch
        ? openDataBranch(repo, options.branch, sourcePaths, { ...options, lock })
        : openCurrentBranch(repo, sourcePaths, { ...options, lock }),
    );
    const { work, branch } = target;
    const commitRun = async (): Promise<string | undefined> => {
      await target.syncSourceFiles();
      const staged = await stageSourceFiles(work, target.pathsInCheckout);
      if (staged.length === 0) return undefined;
      const message = formatCommitMessage(
        options.source,
        await readNewestSnapshotLine(options.dataDir, options.source),
      );
      const identity = await getIdentityArgs(work, options.source);
      await work.raw([...identity, 'commit', '--quiet', '--no-verify', '-m', message, '--', ...staged]);
      return (await work.raw(['rev-parse', 'HEAD'])).trim();
    };
    const commit = await holdWrites(commitRun);
    const compact = async (result: PublishResult): Promise<PublishResult> =>
      options.compact && target.isDataBranch
        ? { ...result, compacted: await compactBranch(repo, options.remote, branch, options.source) }
        : result;
    const unpushed = await countUnpushed(work, options.remote, branch);
    if (unpushed === 0) {
      return compact({ status: 'up-to-date', message: 'nothing new to publish', unpushedCommits: 0 });
    }

    const outcome = await pushWithRetry(work, {
      remote: options.remote,
      branch,
      // 20: four collectors pushing in a tight loop (the reliability test) can lose ten races in a row.
      attempts: options.attempts ?? 20,
      integrate: () => holdWrites(() => target.integrate(commitRun)),
      log,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    const left = outcome.status === 'pushed' ? 0 : await countUnpushed(work, options.remote, branch);
    const result: PublishResult = {
      status: outcome.status,
      ...(commit ? { commit } : {}),
      message: describeOutcome(outcome, options.remote, branch, left),
      unpushedCommits: left,
    };
    return outcome.status === 'pushed' ? compact(result) : result;
  } finally {
    await lock.release();
  }
}

function describeOutcome(outcome: PushOutcome, remote: string, branch: string, left: number): string {
  const waiting = `${countNoun(left, 'commit')} kept locally; the next run pushes ${left === 1 ? 'it' : 'them'}`;
  switch (outcome.status) {
    case 'pushed':
      return `pushed to ${remote}/${branch}${outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ''}`;
    case 'unreachable':
      return `${remote} unreachable (${outcome.reason}); ${waiting}`;
    case 'rejected':
      return `push to ${remote}/${branch} still rejected after ${outcome.attempts} attempts (${outcome.reason}); ${waiting}`;
    case 'conflict':
      return `rebase on ${remote}/${branch} conflicted (${outcome.reason}), so it was aborted; ${waiting}. Someone else changed this source's files: resolve by hand`;
  }
}

async function findCheckout(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const git = createGit(dataDir);
  const top = await git.tryRaw(['rev-parse', '--show-toplevel']);
  if (!top.ok)
    throw new PublishSetupError(
      `vigil publish: ${displayPath(dataDir)} is not inside a git checkout; clone the status repository and collect into its data/ folder`,
    );
  return top.output.trim();
}

async function assertRemote(repo: Git, remote: string): Promise<void> {
  const url = await repo.tryRaw(['remote', 'get-url', remote]);
  if (!url.ok) {
    const known = (await repo.raw(['remote'])).split('\n').filter(Boolean);
    throw new PublishSetupError(
      `vigil publish: --remote: no remote "${remote}" in ${repo.dir}; known: ${known.join(', ') || 'none'} (add one with "git remote add ${remote} URL")`,
    );
  }
}

async function countUnpushed(work: Git, remote: string, branch: string): Promise<number> {
  const tracking = getTrackingRef(remote, branch);
  const hasTracking = (await work.tryRaw(['rev-parse', '--verify', '-q', tracking])).ok;
  const counted = await work.raw(['rev-list', '--count', 'HEAD', ...(hasTracking ? [`^${tracking}`] : [])]);
  return Number(counted.trim());
}
