// Upptime keeps no log of runs: each site's history/<slug>.yml is rewritten, and committed, when its
// status changes (and once a day by the response-time workflow). The file's versions in git are
// therefore the site's timeline. One `git log -p` reads every version of every history file.
import type { CommandRunner } from '../transport/run-command.ts';

/** One committed version of history/<slug>.yml: the status from `t` on. */
export interface UpptimeRecord {
  /** Epoch ms: the file's lastUpdated, else the commit's date. */
  t: number;
  status: 'up' | 'down' | 'degraded';
  /** HTTP code (0 when nothing answered). */
  code: number;
  /** Response time in ms (0 when Upptime measured none). */
  responseTimeMs: number;
}

export interface ReadTimelineOptions {
  repoDir: string;
  /** Versions committed before this instant are not read (they cannot reach the imported days). */
  sinceMs: number;
  run: CommandRunner;
  signal: AbortSignal;
  maxOutputBytes: number;
}

export interface UpptimeTimeline {
  /** Each slug's records, oldest first. */
  bySlug: Map<string, UpptimeRecord[]>;
  /** git's output was longer than maxOutputBytes: the oldest versions were not read. */
  isTruncated: boolean;
  /** The repository is a shallow clone: versions before its cut are not there to read. */
  isShallow: boolean;
}

const COMMIT_MARK = '\u0001commit ';

/** Every version of history/*.yml since `sinceMs`, by slug; throws with git's message when git fails. */
export async function readUpptimeTimeline(options: ReadTimelineOptions): Promise<UpptimeTimeline> {
  const outcome = await options.run({
    argv: [
      'git',
      '-c',
      'core.quotePath=false',
      '-C',
      options.repoDir,
      'log',
      '--no-merges',
      '--no-renames',
      '--no-color',
      '--no-ext-diff',
      '-p',
      '-U1000',
      `--format=%x01commit %H %cI`,
      `--since=${new Date(options.sinceMs).toISOString()}`,
      '--',
      ':(glob)history/*.yml',
    ],
    signal: options.signal,
    maxOutputBytes: options.maxOutputBytes,
  });
  if (outcome.failure !== undefined || outcome.exitCode !== 0) {
    const said = outcome.stderr.trim().split('\n')[0] ?? '';
    throw new Error(
      `git log in ${options.repoDir} failed: ${outcome.failure ?? (said || `exit status ${outcome.exitCode}`)}${
        outcome.failure !== undefined && said ? ` (${said})` : ''
      }`,
    );
  }
  const commits = outcome.stdout.split(COMMIT_MARK).slice(1);
  // A cut output ends inside its oldest commit, which is dropped whole.
  if (outcome.isTruncated) commits.pop();
  const bySlug = new Map<string, UpptimeRecord[]>();
  for (const commit of commits) {
    for (const [slug, record] of parseCommit(commit)) {
      const records = bySlug.get(slug);
      if (records) records.push(record);
      else bySlug.set(slug, [record]);
    }
  }
  for (const records of bySlug.values()) records.sort((a, b) => a.t - b.t);
  const shallow = await options.run({
    argv: ['git', '-C', options.repoDir, 'rev-parse', '--is-shallow-repository'],
    signal: options.signal,
    maxOutputBytes: 64,
  });
  return { bySlug, isTruncated: outcome.isTruncated, isShallow: shallow.stdout.trim() === 'true' };
}

/** The history files one commit wrote: each file's new text, rebuilt from its diff's whole-file hunk. */
export function parseCommit(text: string): [string, UpptimeRecord][] {
  const newline = text.indexOf('\n');
  const [, committedAt = ''] = text.slice(0, newline).split(' ');
  const commitMs = Date.parse(committedAt);
  const records: [string, UpptimeRecord][] = [];
  for (const diff of text
    .slice(newline + 1)
    .split(/^diff --git /m)
    .slice(1)) {
    const target = /^\+\+\+ b\/history\/(.+)\.yml$/m.exec(diff);
    // A deleted file (+++ /dev/null) or a binary one says nothing about the status.
    if (!target?.[1] || target[1].includes('/')) continue;
    const hunkStart = diff.search(/^@@ /m);
    if (hunkStart < 0) continue;
    const lines = diff
      .slice(hunkStart)
      .split('\n')
      .filter((line) => line.startsWith(' ') || line.startsWith('+'))
      .map((line) => line.slice(1));
    const record = parseHistoryFile(lines, commitMs);
    if (record !== undefined) records.push([target[1], record]);
  }
  return records;
}

/**
 * One version of history/<slug>.yml: `key: value` lines (older Upptime wrote them as "- key: value").
 * Undefined when it holds no known status.
 */
export function parseHistoryFile(lines: readonly string[], commitMs: number): UpptimeRecord | undefined {
  const fields = new Map<string, string>();
  for (const line of lines) {
    const match = /^(?:- )?([A-Za-z]+):\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined) fields.set(match[1], (match[2] ?? '').trim());
  }
  const status = fields.get('status');
  if (status !== 'up' && status !== 'down' && status !== 'degraded') return undefined;
  const updatedMs = Date.parse(fields.get('lastUpdated') ?? '');
  const t = Number.isFinite(updatedMs) ? updatedMs : commitMs;
  if (!Number.isFinite(t)) return undefined;
  const code = Number(fields.get('code'));
  const responseTimeMs = Number(fields.get('responseTime'));
  return {
    t,
    status,
    code: Number.isFinite(code) ? code : 0,
    responseTimeMs: Number.isFinite(responseTimeMs) && responseTimeMs > 0 ? responseTimeMs : 0,
  };
}
