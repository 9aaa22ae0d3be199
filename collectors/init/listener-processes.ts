import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/** The process that holds a listening socket, as /proc shows it. */
export interface ListenerProcess {
  pid: number;
  /** /proc/<pid>/comm: the program's name, at most 15 characters ("redis-server", "python3"). */
  comm: string;
  /** /proc/<pid>/cmdline, split at its NULs. */
  argv: string[];
  /** The systemd service it runs in, from /proc/<pid>/cgroup ("nginx.service"), when it does. */
  systemdUnit?: string;
}

// Work is bounded: a machine with a very large process table, or a process with a million
// connections, costs at most this many reads. Listening sockets are opened early, so they sit
// among a process's first descriptors.
const MAX_PROCESSES = 8192;
const MAX_FDS_PER_PROCESS = 4096;
const PROCESSES_AT_ONCE = 16;
const SOCKET_LINK = /^socket:\[(\d+)\]$/;

/**
 * Which process holds each of `inodes`: the links of /proc/<pid>/fd/* that read "socket:[inode]".
 * A socket shared by several processes (nginx's master and workers) goes to the lowest pid, the
 * one that opened it. Processes it may not read are skipped; it stops early once every inode is
 * placed, and at `signal` with what it has.
 */
export async function findSocketProcesses(
  procRoot: string,
  inodes: ReadonlySet<number>,
  signal: AbortSignal,
): Promise<Map<number, ListenerProcess>> {
  const pids = await listPids(procRoot);
  const ownerPids = new Map<number, number>();
  for (let start = 0; start < pids.length && ownerPids.size < inodes.size; start += PROCESSES_AT_ONCE) {
    if (signal.aborted) break;
    const batch = pids.slice(start, start + PROCESSES_AT_ONCE);
    const found = await Promise.all(batch.map((pid) => readSocketInodes(procRoot, pid, inodes)));
    batch.forEach((pid, index) => {
      for (const inode of found[index] ?? []) if (!ownerPids.has(inode)) ownerPids.set(inode, pid);
    });
  }
  const processes = new Map<number, ListenerProcess | undefined>();
  await Promise.all(
    [...new Set(ownerPids.values())].map(async (pid) => {
      processes.set(pid, await readProcess(procRoot, pid));
    }),
  );
  const byInode = new Map<number, ListenerProcess>();
  for (const [inode, pid] of ownerPids) {
    const owner = processes.get(pid);
    if (owner !== undefined) byInode.set(inode, owner);
  }
  return byInode;
}

async function listPids(procRoot: string): Promise<number[]> {
  const names = await readdir(procRoot).catch(() => [] as string[]);
  return names
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b)
    .slice(0, MAX_PROCESSES);
}

/** The wanted socket inodes among a process's descriptors; none when it is gone or not readable. */
async function readSocketInodes(
  procRoot: string,
  pid: number,
  wanted: ReadonlySet<number>,
): Promise<number[]> {
  const fdDir = path.join(procRoot, String(pid), 'fd');
  const fds = await readdir(fdDir).catch(() => [] as string[]);
  const links = await Promise.all(
    fds.slice(0, MAX_FDS_PER_PROCESS).map((fd) => readlink(path.join(fdDir, fd)).catch(() => '')),
  );
  const inodes: number[] = [];
  for (const link of links) {
    const inode = Number(SOCKET_LINK.exec(link)?.[1]);
    if (wanted.has(inode)) inodes.push(inode);
  }
  return inodes;
}

async function readProcess(procRoot: string, pid: number): Promise<ListenerProcess | undefined> {
  const read = (name: string) =>
    readFile(path.join(procRoot, String(pid), name), 'utf8').catch(() => undefined);
  const [comm, cgroup] = await Promise.all([read('comm'), read('cgroup')]);
  if (comm === undefined) return undefined;
  // Reading cmdline takes the process's memory lock, which a process stuck on a hung NFS mount can
  // hold for ever (that is what hangs `ps`), on a thread of Node's pool: only for the programs whose
  // name does not say what they run.
  const cmdline = needsArguments(comm.trim()) ? await read('cmdline') : undefined;
  const argv = (cmdline ?? '').split('\0').filter((arg) => arg !== '');
  const systemdUnit = cgroup === undefined ? undefined : findSystemdService(cgroup);
  return { pid, comm: comm.trim(), argv, ...(systemdUnit === undefined ? {} : { systemdUnit }) };
}

/** Interpreters and launchers (and names the kernel cut at 15 characters): their arguments say what runs. */
const NAMES_THAT_NEED_ARGUMENTS =
  /^(?:node|nodejs|bun|deno|python[\d.]*|pypy[\d.]*|ruby[\d.]*|java|perl[\d.]*|php[\w.-]*|dotnet|beam\.smp|erl|sh|bash|gunicorn|uvicorn|hypercorn|daphne|waitress-serve|jupyterhub|MainThread)$/;

function needsArguments(comm: string): boolean {
  return comm.length >= 15 || NAMES_THAT_NEED_ARGUMENTS.test(comm);
}

/** The innermost "*.service" of a process's cgroup path (v2 "0::/…", or v1's name=systemd line). */
export function findSystemdService(cgroup: string): string | undefined {
  for (const line of cgroup.split('\n')) {
    const [, controllers, cgroupPath] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
    if (cgroupPath === undefined || (controllers !== '' && controllers !== 'name=systemd')) continue;
    const service = cgroupPath
      .split('/')
      .filter((part) => part.endsWith('.service'))
      .at(-1);
    if (service !== undefined) return service;
  }
  return undefined;
}
