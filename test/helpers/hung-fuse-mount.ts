// A FUSE mount that never answers, for tests of hung filesystems: this process opens /dev/fuse, has
// util-linux `mount -i` mount it (no mount.fuse helper; the kernel reads the fd from the options), and then never reads
// a request, so every stat, statfs or open under the mount point waits forever. Root only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

export interface HungMount {
  mountPoint: string;
  /** Unmounts (lazily, since requests are still waiting) and lets go of the connection. */
  release(): Promise<void>;
}

export function canMountFuse(): boolean {
  return process.getuid?.() === 0 && existsSync('/dev/fuse');
}

/** Mounts a FUSE filesystem at `mountPoint` whose userspace side never replies. */
export async function mountHungFuse(mountPoint: string): Promise<HungMount> {
  await mkdir(mountPoint, { recursive: true });
  // A child holds the /dev/fuse connection, so the test process itself never blocks on it.
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const fd = require('node:fs').openSync('/dev/fuse', 'r+');
       const r = require('node:child_process').spawnSync('mount', ['-i', '-t', 'fuse.vigilhang', '-o', 'fd=3,rootmode=40000,user_id=0,group_id=0', 'vigilhang', ${JSON.stringify(mountPoint)}], { stdio: ['ignore', 'inherit', 'inherit', fd] });
       process.stdout.write(String(r.status) + '\\n');
       setInterval(() => {}, 1 << 30);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const status = await new Promise<string>((resolve) =>
    holder.stdout.once('data', (chunk) => resolve(String(chunk).trim())),
  );
  if (status !== '0') {
    holder.kill('SIGKILL');
    throw new Error(`mountHungFuse: mount exited ${status}`);
  }
  return {
    mountPoint,
    async release() {
      spawnSync('umount', ['-l', mountPoint]);
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    },
  };
}

/** Opens nothing: a reminder that the mount is in /proc/mounts, for assertions. */
export function isMounted(mountPoint: string): boolean {
  return spawnSync('grep', ['-q', ` ${mountPoint} `, '/proc/mounts']).status === 0;
}
