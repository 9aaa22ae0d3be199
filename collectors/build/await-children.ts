import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** This process's children whose command is `command`, from /proc (none where there is no /proc). */
async function listChildren(command: string): Promise<string[]> {
  const tasks = await readdir(`/proc/${process.pid}/task`).catch(() => []);
  const listed = await Promise.all(
    tasks.map((task) => readFile(`/proc/${process.pid}/task/${task}/children`, 'utf8').catch(() => '')),
  );
  const pids = listed.flatMap((text) => text.split(' ').filter((pid) => pid !== '' && pid !== '\n'));
  const named = await Promise.all(
    pids.map(async (pid) =>
      (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() === command ? pid : '',
    ),
  );
  return named.filter((pid) => pid !== '');
}

/**
 * Waits (at most `limitMs`) until no child process named `command` is left, killed or not yet reaped:
 * a child killed just before this process exits would otherwise stay a zombie of our process group
 * until an init that may never reap it. Node reaps a child once its event loop sees the exit.
 */
export async function awaitChildrenEnded(command: string, limitMs = 2_000): Promise<void> {
  const endMs = Date.now() + limitMs;
  while ((await listChildren(command)).length > 0 && Date.now() < endMs) await sleep(10);
}
