import path from 'node:path';
import { acquirePidLock, type PidLock } from '../store/pid-lock.ts';

export type PublishLock = PidLock;

/**
 * One publish at a time per clone: cron can start a run while the previous one still pushes.
 * Returns undefined when a live publish holds the lock.
 */
export async function acquirePublishLock(gitCommonDir: string): Promise<PublishLock | undefined> {
  const lock = await acquirePidLock(path.join(gitCommonDir, 'vigil-publish.lock'));
  return 'heldBy' in lock ? undefined : lock;
}
