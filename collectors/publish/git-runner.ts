import { hostname } from 'node:os';
import { type SimpleGit, simpleGit } from 'simple-git';

/** A git command that did not succeed: the exit message (stderr) as git printed it. */
export interface GitFailure {
  ok: false;
  message: string;
}
export type GitOutcome = { ok: true; output: string } | GitFailure;

export interface Git {
  /** The directory git runs in (a checkout or a data worktree). */
  dir: string;
  /** Runs git; throws with git's own message when it exits non-zero. */
  raw(args: string[]): Promise<string>;
  /** Runs git; a non-zero exit is an outcome to inspect, not an exception. */
  tryRaw(args: string[]): Promise<GitOutcome>;
}

// A collector runs unattended: git must never wait for a password or an editor, and its messages
// must be English so rejected pushes can be recognised.
const UNATTENDED_ENV = {
  LC_ALL: 'C',
  LANGUAGE: 'C',
  GIT_TERMINAL_PROMPT: '0',
  GIT_EDITOR: 'true',
  GIT_SEQUENCE_EDITOR: 'true',
  GIT_MERGE_AUTOEDIT: 'no',
  GIT_PAGER: 'cat',
  GCM_INTERACTIVE: 'never',
  GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes -o ConnectTimeout=20',
};

// simple-git refuses these environment variables unless allowed. Every argument and variable here
// comes from Vigil's code or the operator's own environment (an EDITOR, a GIT_SSH_COMMAND with a
// deploy key, GIT_CONFIG_GLOBAL, a credential helper in GIT_CONFIG_* that hands a CI job's token to
// git), never from untrusted input, so refusing them would only break runs.
const OPERATOR_ENV_ALLOWED = {
  allowUnsafeCredentialHelper: true,
  allowUnsafeEditor: true,
  allowUnsafePager: true,
  allowUnsafeAskPass: true,
  allowUnsafeSshCommand: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeGitProxy: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeExec: true,
  allowUnsafeDiffExternal: true,
};

/** A git runner for one directory through simple-git, with no prompts and a stall timeout. */
export function createGit(dir: string, options: { stallTimeoutMs?: number } = {}): Git {
  const env = getUnattendedEnv();
  const git: SimpleGit = simpleGit({
    baseDir: dir,
    maxConcurrentProcesses: 1,
    timeout: { block: options.stallTimeoutMs ?? 120_000 },
    unsafe: OPERATOR_ENV_ALLOWED,
    // simple-git strips GIT_* variables it is not told about; the operator's (GIT_SSL_CAINFO,
    // GIT_SSH_COMMAND) must reach git as they would from a shell.
    allowEnvironment: Object.keys(env).filter((key) => /^(GIT_|SSH_ASKPASS$)/i.test(key)),
    // By default simple-git only fails when git wrote to stderr; "rev-parse --verify -q" and
    // "merge-base" say no by their exit status alone.
    errors: (error, result) => {
      if (error || result.exitCode === 0) return error;
      const text =
        `${Buffer.concat(result.stdErr).toString()}\n${Buffer.concat(result.stdOut).toString()}`.trim();
      return Buffer.from(text || `git exited with status ${result.exitCode}`);
    },
  }).env(env);
  const raw = (args: string[]) => git.raw(args);
  return {
    dir,
    raw,
    tryRaw: async (args) => {
      try {
        return { ok: true, output: await raw(args) };
      } catch (error) {
        return { ok: false, message: describeGitError(error) };
      }
    },
  };
}

// No editor or pager can be waited for in a collector run.
function getUnattendedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(EDITOR|VISUAL|PAGER)$/i.test(key)) env[key] = value;
  }
  return { ...env, ...UNATTENDED_ENV };
}

export function describeGitError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().replace(/\n{2,}/g, '\n');
}

/**
 * Author and committer for the collector's commits: the repository's own user.name/email when set,
 * else "Vigil collector (<source>)" at this host, so a fresh machine can publish without setup.
 */
export async function getIdentityArgs(git: Git, source: string): Promise<string[]> {
  const name = await git.tryRaw(['config', 'user.name']);
  const email = await git.tryRaw(['config', 'user.email']);
  const args: string[] = [];
  if (!name.ok || name.output.trim() === '') args.push('-c', `user.name=Vigil collector (${source})`);
  if (!email.ok || email.output.trim() === '') args.push('-c', `user.email=vigil@${hostname()}`);
  return args;
}
