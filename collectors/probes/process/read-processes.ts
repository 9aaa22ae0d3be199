import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type ProcessInfo, parseCmdline, parseProcStatus } from './proc-parse.ts';

/**
 * Every process under `procDir` (default /proc). A process that exits while it is being read is
 * left out rather than reported half-read; /proc lists only thread-group leaders, not threads.
 */
export async function readProcesses(procDir = '/proc'): Promise<ProcessInfo[]> {
  const names = await readdir(procDir);
  const pids = names.filter((name) => /^\d+$/.test(name)).map(Number);
  const processes = await Promise.all(pids.map((pid) => readProcess(procDir, pid)));
  return processes.filter((process) => process !== undefined);
}

async function readProcess(procDir: string, pid: number): Promise<ProcessInfo | undefined> {
  const dir = path.join(procDir, String(pid));
  try {
    const [cmdline, comm, status] = await Promise.all([
      readFile(path.join(dir, 'cmdline'), 'utf8'),
      readFile(path.join(dir, 'comm'), 'utf8'),
      readFile(path.join(dir, 'status'), 'utf8'),
    ]);
    const { rssBytes, vmsBytes, threads } = parseProcStatus(status);
    return { pid, comm: comm.replace(/\n$/, ''), argv: parseCmdline(cmdline), rssBytes, vmsBytes, threads };
  } catch {
    // ENOENT or ESRCH: it exited between readdir and now.
    return undefined;
  }
}
