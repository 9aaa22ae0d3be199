import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const VIGIL_BIN = fileURLToPath(new URL('../../collectors/cli/vigil.ts', import.meta.url));

export interface VigilRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `vigil` CLI in a child process on this Node (24), as cron or a user would. */
export function runVigil(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<VigilRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [VIGIL_BIN, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const exitCode = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
