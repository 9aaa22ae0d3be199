import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isProcessAlive } from '../../core/store/process-alive.ts';

export interface PidLock {
  /** True when a process that died (killed, power loss) left its lock behind: clean up after it. */
  tookOverStaleLock: boolean;
  release(): Promise<void>;
}

/** Who holds a lock, as its file says. */
export interface LockHolder {
  pid: number;
  host: string;
}

/**
 * One process at a time: the lock file holds "pid@host"; a lock whose process is gone on this host
 * is stale and is taken over. Returns the live holder instead when another process has it.
 */
export async function acquirePidLock(file: string): Promise<PidLock | { heldBy: LockHolder }> {
  let tookOverStaleLock = false;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}@${hostname()}\n`);
      await handle.close();
      return { tookOverStaleLock, release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = parseHolder((await readFile(file, 'utf8').catch(() => '')).trim());
      if (holder && isAlive(holder)) return { heldBy: holder };
      tookOverStaleLock = true;
      await rm(file, { force: true });
    }
  }
  const holder = parseHolder((await readFile(file, 'utf8').catch(() => '')).trim());
  return { heldBy: holder ?? { pid: 0, host: hostname() } };
}

// An empty or half-written lock is what a process killed while taking it leaves: stale.
function parseHolder(text: string): LockHolder | undefined {
  const match = /^(\d+)@(.*)$/.exec(text);
  return match ? { pid: Number(match[1]), host: match[2] as string } : undefined;
}

// A lock taken on another host (a shared data directory) cannot be checked: it is live.
function isAlive(holder: LockHolder): boolean {
  return holder.host !== hostname() || isProcessAlive(holder.pid);
}
