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

/** The fields of `/proc/<pid>/status` a check uses; VmRSS is given in kB (KiB). */
export function parseProcStatus(text: string): { name?: string; rssBytes: number } {
  let name: string | undefined;
  let rssBytes = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('Name:')) name = line.slice('Name:'.length).trim();
    const rss = /^VmRSS:\s+(\d+)\s+kB/.exec(line);
    if (rss?.[1] !== undefined) rssBytes = Number(rss[1]) * 1024;
  }
  return name === undefined ? { rssBytes } : { name, rssBytes };
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
