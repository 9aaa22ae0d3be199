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
 * collect appended; aborting brings back the newest committed copy. Snapshot lines are only ever
 * appended, or folded by thinning (a sub-minute check's runs become one result with `folded`), so
 * the union (committed lines, then the kept lines not among them) loses neither. When either copy
 * holds folded results, a run is counted once: a raw result a folded result covers (same check,
 * within its span) is dropped, as is a committed result the kept copy also holds (same line time and
 * check; unless only the committed one is folded), and the lines are put in time order. Other files (state, rollups) are rewritten
 * whole by the collector: its copy wins.
 */
export function mergeKeptText(file: string, keptText: string, committedText: string): string {
  if (!file.endsWith('.jsonl') || !file.includes(`${path.sep}snapshots${path.sep}`)) return keptText;
  const committed = committedText.split('\n').filter(Boolean);
  const kept = keptText.split('\n').filter(Boolean);
  if (committed.some(hasFolded) || kept.some(hasFolded)) return mergeFoldedLines(kept, committed);
  const seen = new Set(committed);
  const extra = kept.filter((line) => !seen.has(line));
  return joinLines([...committed, ...extra]);
}

function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Cheap first look: only a line that says `"folded":` can hold a folded result. */
function hasFolded(line: string): boolean {
  return line.includes('"folded":');
}

interface StoredResult {
  id: string;
  folded?: { runs?: unknown; spanMs?: unknown };
}

interface MergedLine {
  text: string;
  t: number;
  results?: StoredResult[];
  line?: Record<string, unknown>;
}

/** A line's time and results, or only its text when it is not a snapshot line (a torn one). */
function parseLine(text: string): MergedLine {
  try {
    const line = JSON.parse(text) as Record<string, unknown>;
    const t = typeof line.t === 'string' ? Date.parse(line.t) : Number.NaN;
    if (Number.isFinite(t) && Array.isArray(line.results))
      return { text, t, results: line.results as StoredResult[], line };
  } catch {
    // Kept as it is, below.
  }
  return { text, t: Number.NaN };
}

/** Folded results stay within one minute (collectors/store/thin-day.ts). */
const FOLD_SPAN_LIMIT_MS = 60_000;

function mergeFoldedLines(keptRows: readonly string[], committedRows: readonly string[]): string {
  const kept = keptRows.map(parseLine);
  const keptTexts = new Set(keptRows);
  const committed = committedRows.filter((row) => !keptTexts.has(row)).map(parseLine);
  // What each copy's folded results cover, by check; and what the kept copy holds, by line time and check.
  const spans = new Map<string, { from: number; to: number }[]>();
  // Whether the kept result at a line time and check is a folded one.
  const keptKeys = new Map<string, boolean>();
  for (const [lines, isKept] of [
    [kept, true],
    [committed, false],
  ] as const) {
    for (const line of lines) {
      for (const result of line.results ?? []) {
        if (isKept) keptKeys.set(`${line.t}\n${result.id}`, result.folded !== undefined);
        const spanMs = Number(result.folded?.spanMs);
        if (result.folded === undefined || !Number.isFinite(spanMs)) continue;
        const list = spans.get(result.id) ?? [];
        list.push({ from: line.t, to: line.t + spanMs });
        spans.set(result.id, list);
      }
    }
  }
  for (const list of spans.values()) list.sort((a, b) => a.from - b.from);
  const isCovered = (t: number, result: StoredResult) => {
    const list = result.folded === undefined ? spans.get(result.id) : undefined;
    if (list === undefined) return false;
    // The last span starting at or before t, and those before it that may still reach t.
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((list[middle] as { from: number }).from <= t) low = middle + 1;
      else high = middle;
    }
    for (let index = low - 1; index >= 0; index -= 1) {
      const span = list[index] as { from: number; to: number };
      if (t <= span.to) return true;
      // A folded result never spans two minutes: one that starts earlier cannot reach t.
      if (span.from < t - FOLD_SPAN_LIMIT_MS) return false;
    }
    return false;
  };
  const keep = (line: MergedLine, isKept: boolean): MergedLine | undefined => {
    if (line.results === undefined) return line;
    const results = line.results.filter((result) => {
      if (isCovered(line.t, result)) return false;
      if (isKept) return true;
      // Both copies hold it: the kept one, unless only the committed one is folded (it stands for more).
      const keptFolded = keptKeys.get(`${line.t}\n${result.id}`);
      return keptFolded === undefined || (keptFolded === false && result.folded !== undefined);
    });
    if (results.length === line.results.length) return line;
    if (results.length === 0) return undefined;
    return { ...line, text: JSON.stringify({ ...line.line, results }) };
  };
  const merged = [
    ...committed.flatMap((line) => keep(line, false) ?? []),
    ...kept.flatMap((line) => keep(line, true) ?? []),
  ];
  // In time order (a stable sort): a line without a readable time stays after the line before it.
  let previousT = Number.NEGATIVE_INFINITY;
  const timed = merged.map((line, index) => {
    if (Number.isFinite(line.t)) previousT = line.t;
    return { text: line.text, t: previousT, index };
  });
  timed.sort((a, b) => a.t - b.t || a.index - b.index);
  return joinLines(timed.map((line) => line.text));
}
