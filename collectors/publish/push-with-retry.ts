import { formatDurationMs } from '../../core/model/index.ts';
import { redactUrls } from '../../core/redact/redact.ts';
import type { Git } from './git-runner.ts';

export type FetchOutcome = 'fetched' | 'no-such-branch' | 'unreachable';

export function getTrackingRef(remote: string, branch: string): string {
  return `refs/remotes/${remote}/${branch}`;
}

/** Fetches one branch into its remote-tracking ref; an absent branch (empty remote) is no error. */
export async function fetchBranch(
  git: Git,
  remote: string,
  branch: string,
): Promise<FetchOutcome | { error: string }> {
  const fetched = await git.tryRaw([
    'fetch',
    '--quiet',
    '--no-tags',
    remote,
    `+refs/heads/${branch}:${getTrackingRef(remote, branch)}`,
  ]);
  if (fetched.ok) return 'fetched';
  if (/couldn't find remote ref/i.test(fetched.message)) return 'no-such-branch';
  return { error: fetched.message };
}

export type Integration = { ok: true; note?: string } | { ok: false; conflict: string };

export interface PushOptions {
  remote: string;
  branch: string;
  /** Pushes tried before giving up until the next run. */
  attempts: number;
  /** Puts the local commits on top of the freshly fetched remote branch (rebase). */
  integrate: () => Promise<Integration>;
  /** Longest wait between two attempts; each wait is random below an exponentially growing cap. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** No new attempt starts after this long since the first (the commits wait for the next run). */
  deadlineMs?: number;
  /** Milliseconds on a monotonic clock; tests pass a fake one. */
  nowMs?: () => number;
  log?: (line: string) => void;
}

export type PushOutcome =
  | { status: 'pushed'; attempts: number }
  | { status: 'unreachable'; attempts: number; reason: string }
  | { status: 'rejected'; attempts: number; reason: string }
  | { status: 'conflict'; attempts: number; reason: string };

const BASE_DELAY_MS = 200;
/** Retries of a rejected push stop after this long, so a busy remote cannot keep a run alive. */
export const PUBLISH_DEADLINE_MS = 60_000;

/**
 * Pushes HEAD to remote/branch. A rejected push (another collector pushed first) is followed by a
 * jittered wait (from the second rejection on), a fetch and a rebase, so collectors that collided
 * spread out instead of colliding again; an unreachable remote ends the attempt at once and the
 * commits wait for the next run.
 */
export async function pushWithRetry(git: Git, options: PushOptions): Promise<PushOutcome> {
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const nowMs = options.nowMs ?? (() => performance.now());
  const giveUpAtMs = nowMs() + (options.deadlineMs ?? PUBLISH_DEADLINE_MS);
  let lastReason = '';
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    if (attempt > 1 && nowMs() >= giveUpAtMs) {
      const deadline = formatDurationMs(options.deadlineMs ?? PUBLISH_DEADLINE_MS);
      return {
        status: 'rejected',
        attempts: attempt - 1,
        reason: `${lastReason}; stopped at the publish deadline (${deadline})`,
      };
    }
    const pushed = await git.tryRaw([
      'push',
      '--quiet',
      '--porcelain',
      options.remote,
      `HEAD:refs/heads/${options.branch}`,
    ]);
    if (pushed.ok) {
      await git.tryRaw(['update-ref', getTrackingRef(options.remote, options.branch), 'HEAD']);
      return { status: 'pushed', attempts: attempt };
    }
    lastReason = summarizeGitMessage(pushed.message);
    if (attempt === options.attempts) break;
    // Wait before fetching, not after rebasing: what was fetched must be as fresh as possible when the
    // push goes out, or a busy remote moves on again in between.
    if (attempt > 1)
      await sleep(Math.round(random() * Math.min(maxDelayMs, BASE_DELAY_MS * 2 ** (attempt - 1))));
    const fetched = await fetchBranch(git, options.remote, options.branch);
    if (typeof fetched === 'object') {
      // A remote that just answered with a rejection is reachable: a fetch failing right after (a
      // ref being rewritten by another collector's push) is worth another attempt, not a give-up.
      if (!isRejection(pushed.message)) {
        return { status: 'unreachable', attempts: attempt, reason: summarizeGitMessage(fetched.error) };
      }
      options.log?.(
        `push attempt ${attempt} rejected and the fetch after it failed (${summarizeGitMessage(fetched.error)}); trying again`,
      );
      continue;
    }
    options.log?.(
      `push attempt ${attempt} rejected (${lastReason}); rebasing on ${options.remote}/${options.branch}`,
    );
    const integrated = await options.integrate();
    if (!integrated.ok) return { status: 'conflict', attempts: attempt, reason: integrated.conflict };
  }
  return { status: 'rejected', attempts: options.attempts, reason: lastReason };
}

/** Whether git's push error says the remote answered and refused (someone else pushed first). */
export function isRejection(message: string): boolean {
  return /\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref/i.test(
    message,
  );
}

/** The line of a git error worth logging: the rejection or the reason the remote is unreachable. */
export function summarizeGitMessage(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const telling =
    lines.find((line) => /^!|rejected|fatal:|error:/i.test(line) && !/^To /.test(line)) ??
    lines[0] ??
    'unknown error';
  return redactUrls(telling.replace(/^(fatal|error): /, '')).slice(0, 300);
}
