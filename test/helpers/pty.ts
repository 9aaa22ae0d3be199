import { type ChildProcess, spawn } from 'node:child_process';

export interface PtyProcess {
  child: ChildProcess;
  /** Everything printed so far, colours and cursor moves taken out. */
  output: () => string;
  /** Everything printed so far as the terminal received it, escape sequences and all. */
  raw: () => string;
  /** Resolves when the output matches (rejects after timeoutMs, quoting what was printed). */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** Types keys, as a person at the terminal would. */
  type: (keys: string) => void;
  exited: Promise<number | null>;
}

// Colours, cursor moves and erases, as terminal prompts write them.
const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);
const ESCAPES = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}\\][^${BEL}]*${BEL}`, 'g');

/**
 * Runs argv on a real pseudo-terminal (util-linux `script`), so stdin and stdout are TTYs for it,
 * exactly as when a person runs it in a terminal; its output comes back through `script`.
 */
export function spawnOnPty(
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): PtyProcess {
  // A new pty is 0 × 0 until told otherwise; prompts wrap to its width.
  const command = `stty cols 120 rows 40; exec ${argv.map(quoteForShell).join(' ')}`;
  const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
    cwd: options.cwd,
    env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '120', LINES: '40', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const output = () => raw.replace(ESCAPES, '');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output,
    raw: () => raw,
    exited,
    type: (keys) => child.stdin?.write(keys),
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(look);
          reject(new Error(`no ${pattern} in ${timeoutMs} ms; the terminal shows:\n${output()}`));
        }, timeoutMs);
        const look = () => {
          if (!pattern.test(output())) return;
          clearTimeout(timer);
          listeners.delete(look);
          resolve();
        };
        listeners.add(look);
        look();
      }),
  };
}

function quoteForShell(text: string): string {
  return /^[\w./=:@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
