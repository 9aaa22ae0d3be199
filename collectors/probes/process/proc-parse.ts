// Pure readers of the /proc/<pid> files a process check needs: cmdline, comm and status.

/** One process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  /** The kernel's name for it (`comm`, at most 15 characters). */
  comm: string;
  /** Its arguments; empty for kernel threads and zombies. */
  argv: string[];
  /** Resident memory (VmRSS); 0 for kernel threads and zombies, which have none. */
  rssBytes: number;
  /** Virtual memory (VmSize); 0 for kernel threads and zombies, which have none. */
  vmsBytes: number;
  /** Its threads (Threads), the main one included; a zombie still shows 1. */
  threads: number;
}

/** What a process check matches on. */
export interface ProcessMatcher {
  processName?: string | undefined;
  commandLine?: RegExp | undefined;
}

/**
 * `/proc/<pid>/cmdline`: arguments separated and ended by NUL bytes. A program that rewrote its
 * title (redis-server, setproctitle) leaves one string followed by a run of NULs: those are dropped.
 */
export function parseCmdline(text: string): string[] {
  const argv = text.split('\0');
  while (argv.at(-1) === '') argv.pop();
  return argv;
}

/** What a check reads from `/proc/<pid>/status`. */
export interface ProcStatus {
  name?: string;
  rssBytes: number;
  vmsBytes: number;
  threads: number;
}

/**
 * The fields of `/proc/<pid>/status` a check uses; VmRSS and VmSize are given in kB (KiB). Each line
 * is matched by its prefix: the file is the kernel's (a few kB), never searched with a regex.
 */
export function parseProcStatus(text: string): ProcStatus {
  let name: string | undefined;
  const status: ProcStatus = { rssBytes: 0, vmsBytes: 0, threads: 0 };
  for (const line of text.split('\n')) {
    if (line.startsWith('Name:')) name = line.slice('Name:'.length).trim();
    else if (line.startsWith('VmRSS:')) status.rssBytes = readKibibytes(line, 'VmRSS:');
    else if (line.startsWith('VmSize:')) status.vmsBytes = readKibibytes(line, 'VmSize:');
    else if (line.startsWith('Threads:')) status.threads = readCount(line.slice('Threads:'.length));
  }
  return name === undefined ? status : { name, ...status };
}

/** `VmRSS:	   11836 kB` as bytes; 0 when the line is not in that shape. */
function readKibibytes(line: string, label: string): number {
  const value = line.slice(label.length).trim();
  if (!value.endsWith(' kB')) return 0;
  return readCount(value.slice(0, -' kB'.length)) * 1024;
}

function readCount(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : 0;
}

/** The command line as `ps -o args` and `pgrep -f` see it; a kernel thread's is `[comm]`. */
export function formatCommandLine(process: ProcessInfo): string {
  return process.argv.length === 0 ? `[${process.comm}]` : process.argv.join(' ');
}

/**
 * True when the process matches every criterion given. A name matches `comm` or the file name of
 * argv[0], so names longer than comm's 15 characters still match, as with `pgrep`'s long names.
 */
export function matchesProcess(process: ProcessInfo, matcher: ProcessMatcher): boolean {
  if (matcher.processName !== undefined) {
    const program = process.argv[0]?.split('/').at(-1);
    if (process.comm !== matcher.processName && program !== matcher.processName) return false;
  }
  if (matcher.commandLine !== undefined && !matcher.commandLine.test(formatCommandLine(process)))
    return false;
  return true;
}
