import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Git } from './git-runner.ts';

// Git's own lock files are only ever stale after a killed git: with the publish lock held no other
// collector runs git here, and a lock untouched this long is not a person's git either.
const STALE_LOCK_AGE_MS = 10 * 60_000;
const TOP_LEVEL_LOCKS = [
  'index.lock',
  'HEAD.lock',
  'ORIG_HEAD.lock',
  'FETCH_HEAD.lock',
  'packed-refs.lock',
  'config.lock',
  'shallow.lock',
];

export interface RecoveryOptions {
  /** The previous publish was killed (its publish lock was stale): its git locks are stale too. */
  previousRunDied: boolean;
  /** Paths (relative to the checkout) whose working-tree content must survive aborting a rebase. */
  keepPaths: readonly string[];
  /** Whether a rebase in progress may be ours to abort (false: a person's rebase is left alone). */
  mayAbortRebase: boolean;
}

/**
 * Undoes what a publish killed halfway leaves behind: git lock files and a half-done rebase. Returns
 * one line per repair, for the log.
 */
export async function recoverInterruptedRun(git: Git, options: RecoveryOptions): Promise<string[]> {
  const repairs: string[] = [];
  const gitDir = path.resolve(git.dir, (await git.raw(['rev-parse', '--git-dir'])).trim());
  const commonDir = path.resolve(git.dir, (await git.raw(['rev-parse', '--git-common-dir'])).trim());
  const lockFiles = [
    ...new Set([
      ...TOP_LEVEL_LOCKS.map((name) => path.join(gitDir, name)),
      ...TOP_LEVEL_LOCKS.map((name) => path.join(commonDir, name)),
    ]),
    ...(await findLockFiles(path.join(commonDir, 'refs'))),
    // `git commit -- <paths>` builds its commit in a temporary next-index-<pid>.lock.
    ...(await findTemporaryIndexLocks(gitDir)),
  ];
  for (const file of lockFiles) {
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    if (!options.previousRunDied && Date.now() - info.mtimeMs < STALE_LOCK_AGE_MS) continue;
    await rm(file, { force: true });
    repairs.push(`removed stale ${path.relative(commonDir, file) || file}`);
  }
  if (await isRebaseInProgress(gitDir)) {
    if (!options.mayAbortRebase) {
      throw new Error(
        `a rebase is in progress in ${git.dir} and no killed publish left it; finish it ("git rebase --continue") or abort it ("git rebase --abort"), then publish again`,
      );
    }
    const kept = await readKeptFiles(git.dir, options.keepPaths);
    const aborted = await git.tryRaw(['rebase', '--abort']);
    if (!aborted.ok) {
      // A rebase killed while writing its own state cannot always be aborted; forget it instead.
      await rm(path.join(gitDir, 'rebase-merge'), { recursive: true, force: true });
      await rm(path.join(gitDir, 'rebase-apply'), { recursive: true, force: true });
    }
    await restoreKeptFiles(kept);
    repairs.push(
      `aborted a rebase left half-done${aborted.ok ? '' : ` (${aborted.message.split('\n')[0]})`}`,
    );
  }
  return repairs;
}

export async function isRebaseInProgress(gitDir: string): Promise<boolean> {
  for (const name of ['rebase-merge', 'rebase-apply']) {
    if (await stat(path.join(gitDir, name)).catch(() => undefined)) return true;
  }
  return false;
}

async function findTemporaryIndexLocks(gitDir: string): Promise<string[]> {
  const names = await readdir(gitDir).catch(() => [] as string[]);
  return names.filter((name) => /^next-index-\d+\.lock$/.test(name)).map((name) => path.join(gitDir, name));
}

async function findLockFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.lock'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

// Aborting a rebase resets the working tree to the pre-rebase commit, which would drop lines the
// collector appended since; the collector's own files are the truth, so they are put back.
export async function readKeptFiles(dir: string, keepPaths: readonly string[]): Promise<Map<string, string>> {
  const kept = new Map<string, string>();
  for (const keepPath of keepPaths) {
    const full = path.join(dir, keepPath);
    const info = await stat(full).catch(() => undefined);
    if (!info) continue;
    const files = info.isDirectory()
      ? (await readdir(full, { withFileTypes: true, recursive: true }))
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
      : [full];
    for (const file of files) kept.set(file, await readFile(file, 'utf8'));
  }
  return kept;
}

export async function restoreKeptFiles(kept: Map<string, string>): Promise<void> {
  for (const [file, keptText] of kept) {
    const current = await readFile(file, 'utf8').catch(() => '');
    await writeFile(file, mergeKeptText(file, keptText, current));
  }
}

/**
 * A rebase killed between two commits leaves an older copy of a snapshot file, to which the next
 * collect appended; aborting brings back the newest committed copy. Snapshot lines are never
 * rewritten, so the union (committed lines, then the kept lines not among them) loses neither.
 * Other files (state, rollups) are rewritten whole by the collector: its copy wins.
 */
export function mergeKeptText(file: string, keptText: string, committedText: string): string {
  if (!file.endsWith('.jsonl') || !file.includes(`${path.sep}snapshots${path.sep}`)) return keptText;
  const committed = committedText.split('\n').filter(Boolean);
  const seen = new Set(committed);
  const extra = keptText.split('\n').filter((line) => line && !seen.has(line));
  const lines = [...committed, ...extra];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
