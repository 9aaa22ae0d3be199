import { readFile, stat, statfs } from 'node:fs/promises';
import si from 'systeminformation';

/** One line of the mount table. */
export interface MountEntry {
  /** Device or origin: "/dev/sda1", "overlay", "rpool/home". */
  source: string;
  mount: string;
  type: string;
}

export interface FilesystemUsage extends MountEntry {
  sizeBytes: number;
  usedBytes: number;
  availableBytes: number;
  /** Like df: used / (used + available to users), so reserved blocks count as full. */
  usedPercent: number;
  /** Absent where the filesystem has no fixed inode table (btrfs, zfs). */
  inodesUsedPercent?: number;
}

/** Kernel and memory filesystems, and read-only images that are always 100% full. */
const PSEUDO_TYPES = new Set(
  'autofs binfmt_misc bpf cgroup cgroup2 configfs cramfs debugfs devfs devpts devtmpfs efivarfs erofs fusectl fuse.gvfsd-fuse fuse.lxcfs fuse.portal fuse.snapfuse hugetlbfs iso9660 mqueue nfsd nsfs proc pstore ramfs rpc_pipefs securityfs selinuxfs squashfs sysfs tmpfs tracefs udf'.split(
    ' ',
  ),
);

/**
 * Shared filesystems are left to the `filesystem` check, which asks them with a deadline: a hung
 * NFS server must not make this machine's own check time out.
 */
const NETWORK_TYPES = new Set(
  '9p afs beegfs ceph cifs fuse.ceph-fuse fuse.glusterfs fuse.rclone fuse.s3fs fuse.sshfs glusterfs gpfs lustre nfs nfs4 orangefs smb3 smbfs'.split(
    ' ',
  ),
);

/** Where the system and container runtimes keep mounts that are not filesystems people fill. */
const SYSTEM_MOUNT_PREFIXES = [
  '/proc',
  '/sys',
  '/dev',
  '/run/credentials',
  '/snap',
  '/var/lib/docker',
  '/var/lib/containers',
  '/var/lib/kubelet',
];

/** Parses /proc/mounts, whose fields escape spaces and tabs as octal ("\040"). */
export function parseProcMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [source, mount, type] = line.trim().split(/\s+/);
    if (source === undefined || mount === undefined || type === undefined) continue;
    entries.push({ source: unescapeOctal(source), mount: unescapeOctal(mount), type });
  }
  return entries;
}

function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Keeps the filesystems that hold data on this machine. An overlay is kept only at "/": inside a
 * container it is the real root; on a Docker host the others mirror /var/lib/docker's disk.
 */
export function selectRealMounts(
  entries: readonly MountEntry[],
  excludeMounts: readonly string[],
): MountEntry[] {
  return entries.filter((entry) => {
    const type = entry.type.toLowerCase();
    if (PSEUDO_TYPES.has(type) || NETWORK_TYPES.has(type) || isUserspaceFilesystem(type)) return false;
    if ((type === 'overlay' || type === 'aufs') && entry.mount !== '/') return false;
    if (SYSTEM_MOUNT_PREFIXES.some((prefix) => isUnder(entry.mount, prefix))) return false;
    return !excludeMounts.some((pattern) => matchesMountPattern(entry.mount, pattern));
  });
}

/** One entry per device: bind mounts and btrfs subvolumes repeat the same space; the shortest path names it. */
export function dedupeBySource(entries: readonly MountEntry[]): MountEntry[] {
  const bySource = new Map<string, MountEntry>();
  for (const entry of entries) {
    const kept = bySource.get(entry.source);
    if (kept === undefined || entry.mount.length < kept.mount.length) bySource.set(entry.source, entry);
  }
  return [...bySource.values()].sort((a, b) => a.mount.localeCompare(b.mount));
}

/**
 * FUSE filesystems (other than fuseblk, a local disk) answer from a userspace process that may never
 * answer: a statfs of one would hang in the kernel. They are the `filesystem` check's, which asks
 * with a deadline from a child process.
 */
function isUserspaceFilesystem(type: string): boolean {
  return type === 'fuse' || type.startsWith('fuse.');
}

/** "/boot" matches only itself; "/boot*" matches every mount starting with "/boot". */
export function matchesMountPattern(mount: string, pattern: string): boolean {
  return pattern.endsWith('*') ? mount.startsWith(pattern.slice(0, -1)) : mount === pattern;
}

function isUnder(mount: string, prefix: string): boolean {
  return mount === prefix || mount.startsWith(`${prefix}/`);
}

/** Size, use and inodes of every real filesystem (see selectRealMounts), asked with statfs, not df. */
export async function readFilesystemUsage(excludeMounts: readonly string[]): Promise<FilesystemUsage[]> {
  const selected = selectRealMounts(await listMounts(), excludeMounts);
  // Container runtimes bind-mount files (/etc/hosts) from the host's disk; they are not places to fill.
  const directories = await Promise.all(
    selected.map(async (entry) => ((await isDirectory(entry.mount)) ? entry : undefined)),
  );
  const mounts = dedupeBySource(directories.filter((entry) => entry !== undefined));
  const usages = await Promise.all(mounts.map((entry) => measureMount(entry)));
  return usages.filter((usage) => usage !== undefined);
}

// Linux has the whole table in /proc/mounts; elsewhere (macOS) systeminformation's df listing stands in.
async function listMounts(): Promise<MountEntry[]> {
  try {
    return parseProcMounts(await readFile('/proc/mounts', 'utf8'));
  } catch {
    // No /proc (macOS, BSD): fall through to df.
  }
  const listed = await si.fsSize();
  return listed.map((fs) => ({ source: fs.fs, mount: fs.mount, type: fs.type }));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    // Unreadable mount point (permissions, stale handle): leave it out rather than fail the probe.
    return false;
  }
}

async function measureMount(entry: MountEntry): Promise<FilesystemUsage | undefined> {
  let stats: Awaited<ReturnType<typeof statfs>>;
  try {
    stats = await statfs(entry.mount);
  } catch {
    // Unmounted between listing and asking, or not ours to read: nothing to report for it.
    return undefined;
  }
  const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
  const availableBytes = stats.bavail * stats.bsize;
  if (usedBytes + availableBytes <= 0) return undefined;
  const usage: FilesystemUsage = {
    ...entry,
    sizeBytes: stats.blocks * stats.bsize,
    usedBytes,
    availableBytes,
    usedPercent: roundTenth((usedBytes / (usedBytes + availableBytes)) * 100),
  };
  if (stats.files > 0)
    usage.inodesUsedPercent = roundTenth(((stats.files - stats.ffree) / stats.files) * 100);
  return usage;
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
