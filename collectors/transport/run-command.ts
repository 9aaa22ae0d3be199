import { existsSync } from 'node:fs';
import { captureHead } from './capture-head.ts';

export interface CommandRequest {
  /** Program and arguments; never run through a shell. */
  argv: readonly string[];
  cwd?: string;
  /** Extra environment; LC_ALL=C is always set and wins over it. */
  env?: Record<string, string>;
  /**
   * Variables of the collector's environment passed on (names, or prefixes ending in "*"), beyond
   * the minimal set every program gets (PATH, HOME, LANG, TZ). Nothing else of the collector's
   * environment — its tokens and cloud keys — ever reaches a program.
   */
  passEnv?: readonly string[];
  /** Names, or prefixes ending in "*", never passed even when passEnv names them (e.g. "SINFO_*"). */
  removeEnv?: readonly string[];
  /** Aborting it kills the program's whole process group at once (SIGKILL). */
  signal: AbortSignal;
  /** Most bytes kept of stdout and of stderr each; the rest is read and thrown away. */
  maxOutputBytes?: number;
}

export interface CommandOutcome {
  /** null when the program did not exit on its own (killed, not found, timed out). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** True when stdout or stderr was longer than maxOutputBytes and was cut. */
  isTruncated: boolean;
  /** Set when the program could not be run or was stopped: "command not found: sinfo", "timed out". */
  failure?: string;
  timedOut: boolean;
}

/** Runs a program and always resolves: a missing binary or a timeout is an outcome, not an exception. */
export type CommandRunner = (request: CommandRequest) => Promise<CommandOutcome>;

export const DEFAULT_MAX_OUTPUT_BYTES = 1_048_576;

let loadingExeca: Promise<typeof import('execa')> | undefined;

/**
 * Loads execa (about a hundred modules) before any timing starts: probes that run programs preload
 * it, and a run without them never loads it.
 */
export function preloadCommandRunner(): Promise<typeof import('execa')> {
  loadingExeca ??= import('execa');
  return loadingExeca;
}

/**
 * The real runner: execa with an argument array, in its own process group.
 * - Output beyond maxOutputBytes is drained and discarded, not kept and not a reason to kill:
 *   the program runs to its end, so its exit code still means something. A program that never
 *   stops printing is stopped by the signal, like one that never stops at all.
 * - When the program exits, whatever it left running in its process group is killed, and an
 *   abort kills the whole group: no process outlives its probe (unless it escaped with setsid).
 */
export const runCommand: CommandRunner = async (request) => {
  const startedAt = performance.now();
  const [file, ...args] = request.argv;
  if (file === undefined)
    throw new TypeError('runCommand: argv is empty; give the program and its arguments');
  if (request.signal.aborted) return makeOutcome({ startedAt, timedOut: true, failure: 'timed out' });

  const maxBytes = request.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const { execa } = await preloadCommandRunner();
  const subprocess = execa(file, args, {
    ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
    env: buildEnv(request.env ?? {}, request.passEnv ?? [], request.removeEnv ?? []),
    extendEnv: false,
    cancelSignal: request.signal,
    detached: true,
    killSignal: 'SIGKILL',
    forceKillAfterDelay: false,
    // Read by captureHead below; execa only waits for the streams to end.
    buffer: false,
    reject: false,
    stdin: 'ignore',
  });
  const stdout = captureHead(subprocess.stdout, maxBytes);
  const stderr = captureHead(subprocess.stderr, maxBytes);
  const killGroup = () => killProcessGroup(subprocess.pid);
  // A program stuck in the kernel (a stat on a dead NFS mount) ignores even SIGKILL; once aborted,
  // the collector stops waiting for it, and unref keeps it from holding the process open after the run.
  const abandon = () => {
    killGroup();
    subprocess.nodeChildProcess.unref();
    subprocess.stdout?.destroy();
    subprocess.stderr?.destroy();
  };
  subprocess.nodeChildProcess.once('exit', killGroup);
  request.signal.addEventListener('abort', abandon, { once: true });
  try {
    const result = await subprocess;
    const timedOut = result.isCanceled;
    const failure = timedOut ? 'timed out' : describeFailure(file, request.cwd, result);
    return makeOutcome({
      startedAt,
      exitCode: timedOut ? null : (result.exitCode ?? null),
      stdout: stdout.text(),
      stderr: stderr.text(),
      isTruncated: stdout.isTruncated() || stderr.isTruncated(),
      timedOut,
      failure,
    });
  } finally {
    request.signal.removeEventListener('abort', abandon);
    killGroup();
  }
};

interface OutcomeParts {
  startedAt: number;
  exitCode?: number | null;
  stdout?: string;
  stderr?: string;
  isTruncated?: boolean;
  timedOut: boolean;
  failure: string | undefined;
}

function makeOutcome(parts: OutcomeParts): CommandOutcome {
  const outcome: CommandOutcome = {
    exitCode: parts.exitCode ?? null,
    stdout: parts.stdout ?? '',
    stderr: parts.stderr ?? '',
    durationMs: performance.now() - parts.startedAt,
    isTruncated: parts.isTruncated ?? false,
    timedOut: parts.timedOut,
  };
  if (parts.failure !== undefined) outcome.failure = parts.failure;
  return outcome;
}

// A negative pid addresses the group; Linux never reuses a pid while its group has members.
function killProcessGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already empty, nothing left to kill.
  }
}

interface RunResult {
  code?: string | undefined;
  exitCode?: number | undefined;
  signal?: string | undefined;
  shortMessage?: string | undefined;
}

function describeFailure(file: string, cwd: string | undefined, result: RunResult): string | undefined {
  if (result.code === 'ENOENT') {
    return cwd !== undefined && !existsSync(cwd)
      ? `working directory not found: ${cwd}`
      : `command not found: ${file}`;
  }
  if (result.code === 'EACCES') return `permission denied: ${file}`;
  if (result.signal !== undefined) return `killed by ${result.signal}`;
  if (result.exitCode === undefined) return `could not run ${file}: ${result.code ?? result.shortMessage}`;
  return undefined;
}

/** What every program gets of the collector's environment, whatever it runs. */
export const MINIMAL_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ'] as const;

function buildEnv(
  extra: Record<string, string>,
  pass: readonly string[],
  remove: readonly string[],
): Record<string, string> {
  const env: Record<string, string> = {};
  const wanted = [...MINIMAL_ENV, ...pass];
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && matchesAny(name, wanted) && !matchesAny(name, remove)) env[name] = value;
  }
  return { ...env, ...extra, LC_ALL: 'C' };
}

function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
}
