import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../../../collectors/transport/run-command.ts';

const TEST_TIMEOUT_MS = 30_000;

let dir: string;
const startedPids: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-run-command-'));
});

afterEach(() => {
  vi.unstubAllEnvs();
  // A failed assertion must not leave a `sleep 1000` behind.
  for (const pid of startedPids.splice(0)) {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A zombie waiting to be reaped counts as gone: it runs nothing and holds nothing. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function readPid(file: string): Promise<number> {
  const pid = await vi.waitFor(async () => Number((await readFile(file, 'utf8')).trim()), {
    timeout: 10_000,
    interval: 20,
  });
  startedPids.push(pid);
  return pid;
}

function signal(): AbortSignal {
  return AbortSignal.timeout(TEST_TIMEOUT_MS);
}

describe('runCommand', () => {
  it('captures stdout, stderr and the exit code without a shell', async () => {
    const outcome = await runCommand({
      argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      signal: signal(),
    });
    expect(outcome).toMatchObject({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
      isTruncated: false,
      timedOut: false,
    });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.durationMs).toBeGreaterThan(0);
  });

  it('passes arguments as they are: no globbing, no variable expansion', async () => {
    const outcome = await runCommand({ argv: ['printf', '%s|', '$HOME', '*', 'a b'], signal: signal() });
    expect(outcome.stdout).toBe('$HOME|*|a b|');
  });

  it('reports a missing program as "command not found"', async () => {
    const outcome = await runCommand({ argv: ['vigil-no-such-program', '--version'], signal: signal() });
    expect(outcome).toMatchObject({
      exitCode: null,
      failure: 'command not found: vigil-no-such-program',
      timedOut: false,
    });
  });

  it('reports a file without the execute bit as "permission denied"', async () => {
    const file = path.join(dir, 'not-executable.sh');
    await writeFile(file, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    const outcome = await runCommand({ argv: [file], signal: signal() });
    expect(outcome).toMatchObject({ exitCode: null, failure: `permission denied: ${file}` });
  });

  it('names a missing working directory rather than blaming the program', async () => {
    const cwd = path.join(dir, 'missing');
    const outcome = await runCommand({ argv: ['pwd'], cwd, signal: signal() });
    expect(outcome.failure).toBe(`working directory not found: ${cwd}`);
  });

  it('runs in the given working directory', async () => {
    const outcome = await runCommand({ argv: ['pwd'], cwd: dir, signal: signal() });
    expect(outcome.stdout.trim()).toBe(dir);
  });

  it('reports a program killed by a signal', async () => {
    const outcome = await runCommand({ argv: ['sh', '-c', 'kill -TERM $$'], signal: signal() });
    expect(outcome).toMatchObject({ exitCode: null, failure: 'killed by SIGTERM', timedOut: false });
  });

  it('sets LC_ALL=C, passes only the minimal environment and passEnv, removes the tool format variables, adds the extra environment', async () => {
    vi.stubEnv('LC_ALL', 'de_DE.UTF-8');
    vi.stubEnv('SINFO_FORMAT', '%n');
    vi.stubEnv('SINFO_PARTITION', 'gpu');
    vi.stubEnv('SLURM_TIME_FORMAT', 'relative');
    vi.stubEnv('SLURM_CONF', '/etc/slurm/test.conf');
    vi.stubEnv('VIGIL_KEPT', 'yes');
    vi.stubEnv('VIGIL_NOT_NAMED', 'secret');
    const outcome = await runCommand({
      argv: ['env'],
      env: { EXTRA: 'given', LC_ALL: 'en_US.UTF-8' },
      passEnv: ['VIGIL_KEPT', 'SLURM_*', 'SINFO_*'],
      removeEnv: ['SINFO_*', 'SLURM_TIME_FORMAT'],
      signal: signal(),
    });
    const env = new Map(
      outcome.stdout.split('\n').map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]),
    );
    expect(env.get('LC_ALL')).toBe('C');
    expect(env.get('EXTRA')).toBe('given');
    expect(env.get('VIGIL_KEPT')).toBe('yes');
    expect(env.get('SLURM_CONF')).toBe('/etc/slurm/test.conf');
    expect(env.has('VIGIL_NOT_NAMED')).toBe(false);
    expect(env.has('PATH')).toBe(true);
    expect(env.has('SINFO_FORMAT')).toBe(false);
    expect(env.has('SINFO_PARTITION')).toBe(false);
    expect(env.has('SLURM_TIME_FORMAT')).toBe(false);
  });

  it('keeps the first bytes of 100 MB of output, drains the rest and lets the program finish', async () => {
    const outcome = await runCommand({
      argv: ['sh', '-c', 'head -c 100000000 /dev/zero | tr "\\0" x; echo tail >&2'],
      maxOutputBytes: 4096,
      signal: signal(),
    });
    expect(outcome.stdout).toBe('x'.repeat(4096));
    expect(outcome).toMatchObject({ isTruncated: true, exitCode: 0, stderr: 'tail\n', timedOut: false });
  });

  it('caps stderr on its own', async () => {
    const outcome = await runCommand({
      argv: ['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" e >&2; echo ok'],
      maxOutputBytes: 256,
      signal: signal(),
    });
    expect(outcome).toMatchObject({ stdout: 'ok\n', stderr: 'e'.repeat(256), isTruncated: true });
  });

  it('drops a UTF-8 character cut at the limit instead of showing a replacement character', async () => {
    const outcome = await runCommand({ argv: ['printf', 'ééé'], maxOutputBytes: 3, signal: signal() });
    expect(outcome.stdout).toBe('é');
    expect(outcome.isTruncated).toBe(true);
  });

  it('kills the whole process group on abort, grandchildren included', async () => {
    const pidFile = path.join(dir, 'grandchild-abort.pid');
    const controller = new AbortController();
    const running = runCommand({
      argv: ['sh', '-c', `sleep 1000 & echo $! > ${pidFile}; wait`],
      signal: controller.signal,
    });
    const grandchildPid = await readPid(pidFile);
    expect(isAlive(grandchildPid)).toBe(true);
    controller.abort();
    const outcome = await running;
    expect(outcome).toMatchObject({ exitCode: null, timedOut: true, failure: 'timed out' });
    await vi.waitFor(() => expect(isAlive(grandchildPid)).toBe(false), { timeout: 10_000, interval: 20 });
  });

  it('kills what a finished program left running in its group', async () => {
    const pidFile = path.join(dir, 'grandchild-left.pid');
    const outcome = await runCommand({
      argv: ['sh', '-c', `sleep 1000 > /dev/null 2>&1 & echo $! > ${pidFile}; echo started`],
      signal: signal(),
    });
    expect(outcome).toMatchObject({ exitCode: 0, stdout: 'started\n', timedOut: false });
    const grandchildPid = await readPid(pidFile);
    await vi.waitFor(() => expect(isAlive(grandchildPid)).toBe(false), { timeout: 10_000, interval: 20 });
  });

  it('does not wait for a background grandchild that still holds stdout open', async () => {
    const outcome = await runCommand({ argv: ['sh', '-c', 'sleep 1000 & echo done'], signal: signal() });
    expect(outcome).toMatchObject({ exitCode: 0, stdout: 'done\n', timedOut: false });
  });

  it('stops a program that never stops printing when the signal fires', async () => {
    const outcome = await runCommand({
      argv: ['yes'],
      maxOutputBytes: 1024,
      signal: AbortSignal.timeout(300),
    });
    expect(outcome).toMatchObject({ timedOut: true, isTruncated: true, exitCode: null });
    expect(outcome.stdout).toBe('y\n'.repeat(512));
  });

  it('does not start anything when the signal has already fired', async () => {
    const pidFile = path.join(dir, 'never.pid');
    const outcome = await runCommand({
      argv: ['sh', '-c', `echo $$ > ${pidFile}`],
      signal: AbortSignal.abort(),
    });
    expect(outcome).toMatchObject({ timedOut: true, failure: 'timed out', exitCode: null });
    await expect(readFile(pidFile, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses an empty argv with an error that says what to give', async () => {
    await expect(runCommand({ argv: [], signal: signal() })).rejects.toThrow(/argv is empty/);
  });

  it('runs a script through its shebang', async () => {
    const file = path.join(dir, 'hello.sh');
    await writeFile(file, '#!/bin/sh\necho "hello $1"\n');
    await chmod(file, 0o755);
    const outcome = await runCommand({ argv: [file, 'world'], signal: signal() });
    expect(outcome).toMatchObject({ exitCode: 0, stdout: 'hello world\n' });
  });
});
