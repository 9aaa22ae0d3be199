import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

export interface PublishLock {
  /** True when a publish that died (killed, power loss) left its lock behind: clean up after it. */
  tookOverStaleLock: boolean;
  release(): Promise<void>;
}

/**
 * One publish at a time per clone: cron can start a run while the previous one still pushes. The lock
 * file holds "pid@host"; a lock whose process is gone on this host is stale and is taken over.
 * Returns undefined when a live publish holds the lock.
 */
export async function acquirePublishLock(gitCommonDir: string): Promise<PublishLock | undefined> {
  const file = path.join(gitCommonDir, 'vigil-publish.lock');
  let tookOverStaleLock = false;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}@${hostname()}\n`);
      await handle.close();
      return { tookOverStaleLock, release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = (await readFile(file, 'utf8').catch(() => '')).trim();
      if (isHeldByLiveProcess(holder)) return undefined;
      tookOverStaleLock = true;
      await rm(file, { force: true });
    }
  }
  return undefined;
}

function isHeldByLiveProcess(holder: string): boolean {
  const match = /^(\d+)@(.*)$/.exec(holder);
  // An empty or half-written lock is what a run killed while taking it leaves: stale.
  if (!match) return false;
  if (match[2] !== hostname()) return true;
  try {
    process.kill(Number(match[1]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
