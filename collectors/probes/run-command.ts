import { execa } from 'execa';

export interface CommandRequest {
  /** Program and arguments; never run through a shell. */
  argv: readonly string[];
  cwd?: string;
  /** Extra environment; LC_ALL=C is always set. */
  env?: Record<string, string>;
  /** Environment variable names or prefixes ending in "*" to remove (e.g. "SINFO_*"). */
  removeEnv?: readonly string[];
  signal: AbortSignal;
  /** Most bytes kept of stdout and of stderr each. */
  maxOutputBytes?: number;
}

export interface CommandOutcome {
  /** null when the program did not exit on its own (killed, not found). */
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

const DEFAULT_MAX_OUTPUT_BYTES = 1_048_576;

/** The real runner: execa with an argument array, its own process group, and a capped output. */
export const runCommand: CommandRunner = async (request) => {
  const startedAt = performance.now();
  const maxBytes = request.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const [file, ...args] = request.argv;
  if (file === undefined) throw new TypeError('runCommand: argv must name a program');
  const env = buildEnv(request.env ?? {}, request.removeEnv ?? []);
  const subprocess = execa(file, args, {
    cwd: request.cwd,
    env,
    extendEnv: false,
    cancelSignal: request.signal,
    // Its own process group, so a timeout kills the grandchildren too (see killGroup).
    detached: true,
    forceKillAfterDelay: 1000,
    maxBuffer: maxBytes,
    reject: false,
    stdin: 'ignore',
    encoding: 'utf8',
    stripFinalNewline: false,
  });
  const killGroup = () => {
    if (subprocess.pid !== undefined) {
      try {
        process.kill(-subprocess.pid, 'SIGKILL');
      } catch {
        // The group is already gone: nothing left to kill.
      }
    }
  };
  request.signal.addEventListener('abort', killGroup, { once: true });
  try {
    const result = await subprocess;
    const durationMs = performance.now() - startedAt;
    const stdout = toText(result.stdout);
    const stderr = toText(result.stderr);
    const isTruncated = result.isMaxBuffer === true;
    const outcome: CommandOutcome = {
      exitCode: typeof result.exitCode === 'number' ? result.exitCode : null,
      stdout,
      stderr,
      durationMs,
      isTruncated,
      timedOut: result.isCanceled === true || request.signal.aborted,
    };
    const failure = describeFailure(file, result, outcome.timedOut);
    if (failure !== undefined) outcome.failure = failure;
    return outcome;
  } finally {
    request.signal.removeEventListener('abort', killGroup);
    if (request.signal.aborted) killGroup();
  }
};

function describeFailure(
  file: string,
  result: { code?: string | undefined; failed?: boolean; signal?: string | undefined; isMaxBuffer?: boolean },
  timedOut: boolean,
): string | undefined {
  if (timedOut) return 'timed out';
  if (result.code === 'ENOENT') return `command not found: ${file}`;
  if (result.code === 'EACCES') return `permission denied: ${file}`;
  if (result.signal !== undefined && !result.isMaxBuffer) return `killed by ${result.signal}`;
  return undefined;
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('\n');
  return value === undefined || value === null ? '' : String(value);
}

function buildEnv(extra: Record<string, string>, remove: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !matchesAny(name, remove)) env[name] = value;
  }
  return { ...env, ...extra, LC_ALL: 'C', LANG: 'C' };
}

function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
}
