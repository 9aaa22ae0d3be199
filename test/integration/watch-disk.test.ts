// `vigil watch` survives its disk filling up: the real CLI with its data directory on a real tiny
// tmpfs (mounted by the test, root only). Runs that cannot be written say so; the watch goes on, and
// writes again once there is room.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../core/store/read-snapshots.ts';
import { VIGIL_BIN } from '../helpers/run-vigil.ts';

let dir: string;
let mount: string;
let mounted = false;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-watch-disk-'));
  mount = path.join(dir, 'tiny');
  await mkdir(mount);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,nr_inodes=256', 'tmpfs', mount], {
      stdio: 'ignore',
    });
    mounted = true;
  } catch {
    // Mounting needs root (CI and the dev machines run as root); elsewhere the test says why it skipped.
  }
  await writeFile(
    path.join(dir, 'status.config.yaml'),
    'checks:\n  - { id: truth, type: command, command: ["true"], interval: 1s, timeout: 500ms, retries: 0 }\n',
  );
});

afterAll(async () => {
  if (mounted) execFileSync('umount', ['-l', mount]);
  await rm(dir, { recursive: true, force: true });
});

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not within ${timeoutMs} ms: ${what}`);
}

describe('vigil watch on a disk that fills up', () => {
  it('logs the runs it cannot write, keeps running, and writes again once there is room', async (context) => {
    if (!mounted) context.skip();
    const dataDir = path.join(mount, 'data');
    const child: ChildProcess = spawn(
      process.execPath,
      [VIGIL_BIN, 'watch', '--config', 'status.config.yaml', '--data', dataDir, '--collect-only'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const runLines = () => (stdout.match(/^vigil watch: local: \S+: 1 check: /gm) ?? []).length;
    try {
      await waitFor(() => runLines() >= 2, 'two runs written');
      // Fill the disk to the last byte.
      const { bavail, bsize } = statfsSync(mount);
      const filler = path.join(mount, 'filler');
      await writeFile(filler, Buffer.alloc(Number(bavail) * Number(bsize))).catch(() => {});
      await waitFor(
        () => /was not written: could not write to/.test(stderr),
        'a run refused by the full disk',
      );
      const writtenWhileFull = runLines();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(child.exitCode).toBeNull();
      await rm(filler);
      await waitFor(() => runLines() >= writtenWhileFull + 2, 'runs written again after room was made');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // What is stored reads back whole: a line the full disk cut was rolled back, not left torn.
      const warnings: string[] = [];
      const lines = await readSnapshots(dataDir, { onWarning: (warning) => warnings.push(warning.message) });
      expect(warnings).toEqual([]);
      expect(lines.length).toBe(runLines());
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
