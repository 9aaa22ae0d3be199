// A full disk never leaves a torn line for good: a real tiny tmpfs (mounted by the test, root only),
// real appendSnapshot and collectOnce.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectOnce } from '../../../../collectors/run/collect-once.ts';
import { appendSnapshot } from '../../../../collectors/store/append-snapshot.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

let dir: string;
let mount: string;
let mounted = false;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-disk-full-'));
  mount = path.join(dir, 'tiny');
  await mkdir(mount);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,nr_inodes=64', 'tmpfs', mount], {
      stdio: 'ignore',
    });
    mounted = true;
  } catch {
    // Mounting needs root (CI and the dev machines run as root); elsewhere the suite says why it skipped.
  }
});

afterAll(async () => {
  // Lazy: the kernel may still be closing the last handles of the run that filled it.
  if (mounted) execFileSync('umount', ['-l', mount]);
  await rm(dir, { recursive: true, force: true });
});

/** Fills the tmpfs until fewer than `leftBytes` remain. */
async function fillDisk(leftBytes: number): Promise<void> {
  const { bavail, bsize } = (await import('node:fs')).statfsSync(mount);
  const free = bavail * bsize;
  await writeFile(path.join(mount, 'filler'), Buffer.alloc(Math.max(0, free - leftBytes)));
}

describe.runIf(process.getuid?.() === 0)('a full disk (tmpfs of 64 KiB)', () => {
  afterEach(() => rm(path.join(mount, 'filler'), { force: true }));

  it('a line that does not fit is rolled back: the day file keeps its length and every earlier line', async () => {
    expect(mounted).toBe(true);
    const [first, big] = generateSnapshotLines({
      source: 'lab',
      checkIds: Array.from({ length: 40 }, (_, i) => `check-${i}`),
      from: new Date('2026-12-01T10:00:00.000Z'),
      to: new Date('2026-12-01T10:10:00.000Z'),
      intervalMs: 5 * 60_000,
    });
    const dataDir = path.join(mount, 'data');
    const file = await appendSnapshot(dataDir, first as NonNullable<typeof first>);
    const before = (await stat(file)).size;
    await fillDisk(1024);
    await expect(appendSnapshot(dataDir, big as NonNullable<typeof big>)).rejects.toThrow(/ENOSPC|disk full/);
    expect((await stat(file)).size).toBe(before);
    const warnings: unknown[] = [];
    expect(await readSnapshots(dataDir, { onWarning: (warning) => warnings.push(warning) })).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('collect on a full disk: nothing written is said so (exit status 2), and the file stays whole', async () => {
    const dataDir = path.join(mount, 'collect');
    const { config } = parseConfigText(
      `checks:\n${Array.from({ length: 30 }, (_, i) => `  - { id: c${i}, type: command, command: ["echo", "${'x'.repeat(200)}"] }`).join('\n')}\n`,
      'status.config.yaml',
      {},
    );
    const now = () => new Date('2026-12-01T10:00:00.000Z');
    expect((await collectOnce({ config, dataDir, source: 'local', now, log: () => {} })).status).toBe(
      'written',
    );
    const file = path.join(dataDir, 'snapshots/local/2026-12-01.jsonl');
    const before = await readFile(file, 'utf8');
    await fillDisk(512);
    const outcome = await collectOnce({ config, dataDir, source: 'local', now, log: () => {} });
    expect(outcome.status).toBe('not-written');
    expect(outcome.status === 'not-written' && outcome.reason).toMatch(
      /could not write to .*(ENOSPC|disk full)/,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});
