import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '../probes/filesystem/probe-filesystem.ts';
import { parseStatFs, STAT_FS_FORMAT, type StatFsUsage } from '../probes/filesystem/statfs-output.ts';
import { type MountEntry, parseProcMounts } from '../probes/host/host-filesystems.ts';
import { firstLineOf, toCheckId } from './discover-helpers.ts';
import type { DiscoverContext, Discoverer, Discovery, Finding, LeftOut } from './finding.ts';

/** How long a mount may take to answer `stat -f` during init; one that does not still becomes a check. */
export const STAT_TIMEOUT_MS = 2000;

/** Why each kind of mount that holds no data of its own is skipped. */
const KERNEL = 'kernel interface, not storage';
const MEMORY = 'memory-backed, emptied at every boot';
const IMAGE = 'read-only image (snaps, live media), always full';
const PSEUDO_REASONS: Record<string, string> = {
  ...Object.fromEntries(
    'binfmt_misc bpf cgroup cgroup2 configfs debugfs devpts efivarfs fusectl hugetlbfs mqueue nfsd nsfs proc pstore rpc_pipefs securityfs selinuxfs sysfs tracefs'
      .split(' ')
      .map((type) => [type, KERNEL]),
  ),
  autofs: 'automount trigger; the filesystem it mounts is listed once it is in use',
  ...Object.fromEntries('tmpfs devtmpfs ramfs'.split(' ').map((type) => [type, MEMORY])),
  ...Object.fromEntries('squashfs erofs iso9660 udf cramfs'.split(' ').map((type) => [type, IMAGE])),
  'fuse.lxcfs': 'container view of /proc (LXCFS)',
  'fuse.gvfsd-fuse': "a desktop session's remote-folder view (GVfs)",
  'fuse.portal': "a desktop session's document portal",
  'fuse.snapfuse': IMAGE,
};

/** Where the system and container runtimes keep mounts that are not filesystems people fill. */
const SYSTEM_PREFIXES = [
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/snap',
  '/var/lib/docker',
  '/var/lib/containers',
  '/var/lib/kubelet',
];

/** Files (not folders) a container runtime bind-mounts into every container. */
const CONTAINER_FILES = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf']);

export type MountVerdict =
  | { kind: 'check'; entry: MountEntry }
  | { kind: 'skip'; entry: MountEntry; reason: string; summaryKey: string };

/**
 * Decides for each mount whether it becomes a filesystem check. Pseudo filesystems and system
 * mounts are skipped; of the mounts of one device (bind mounts, btrfs subvolumes) the shortest
 * path stands for the rest; / and /boot* are the host check's. Every other mount, local or network,
 * FUSE included, is a check: whether it answers is what the check is for.
 */
export function classifyMounts(entries: readonly MountEntry[]): MountVerdict[] {
  const verdicts: MountVerdict[] = [];
  const candidates: MountEntry[] = [];
  for (const entry of entries) {
    const type = entry.type.toLowerCase();
    const pseudo = PSEUDO_REASONS[type];
    if (pseudo !== undefined) verdicts.push({ kind: 'skip', entry, reason: pseudo, summaryKey: type });
    else if ((type === 'overlay' || type === 'aufs') && entry.mount !== '/')
      verdicts.push({ kind: 'skip', entry, reason: 'a container layer', summaryKey: type });
    else if (SYSTEM_PREFIXES.some((prefix) => isUnder(entry.mount, prefix)))
      verdicts.push({
        kind: 'skip',
        entry,
        reason: 'system or container-runtime mount',
        summaryKey: 'system',
      });
    else if (CONTAINER_FILES.has(entry.mount))
      verdicts.push({
        kind: 'skip',
        entry,
        reason: 'a file the container runtime mounts',
        summaryKey: 'file',
      });
    else candidates.push(entry);
  }
  // A later mount at the same point is mounted over the earlier one, so it is the one people reach.
  const byMount = new Map(candidates.map((entry) => [entry.mount, entry]));
  const firstBySource = new Map<string, MountEntry>();
  for (const entry of [...byMount.values()].sort((a, b) => a.mount.length - b.mount.length)) {
    const first = firstBySource.get(entry.source);
    if (first !== undefined && isLocalDevice(entry)) {
      const reason = `same device as ${first.mount} (a bind mount or subvolume)`;
      verdicts.push({ kind: 'skip', entry, reason, summaryKey: `same:${first.mount}` });
    } else if (isHostCovered(entry.mount)) {
      firstBySource.set(entry.source, entry);
      verdicts.push({ kind: 'skip', entry, reason: 'the host check covers it', summaryKey: 'host' });
    } else {
      firstBySource.set(entry.source, entry);
      verdicts.push({ kind: 'check', entry });
    }
  }
  return verdicts;
}

/** A source that names a block device ("/dev/sda1", "rpool/home"), not a server export or a FUSE origin. */
function isLocalDevice(entry: MountEntry): boolean {
  return !entry.source.includes(':') && !entry.type.startsWith('fuse') && !entry.type.startsWith('nfs');
}

function isHostCovered(mount: string): boolean {
  return mount === '/' || mount === '/boot' || mount.startsWith('/boot/');
}

function isUnder(mount: string, prefix: string): boolean {
  return mount === prefix || mount.startsWith(`${prefix}/`);
}

/** The skipped mounts, one line per kind: "9 cgroup mounts: /sys/fs/cgroup, …", not one line each. */
export function summarizeSkipped(verdicts: readonly MountVerdict[]): LeftOut[] {
  const byKey = new Map<string, { reason: string; types: Set<string>; mounts: Set<string> }>();
  for (const verdict of verdicts) {
    if (verdict.kind !== 'skip') continue;
    const kept = byKey.get(verdict.summaryKey) ?? {
      reason: verdict.reason,
      types: new Set(),
      mounts: new Set(),
    };
    kept.types.add(verdict.entry.type);
    // A mount point mounted over twice (/dev/pts in a container) is one place to a person.
    kept.mounts.add(verdict.entry.mount);
    byKey.set(verdict.summaryKey, kept);
  }
  return [...byKey.values()].map(({ reason, types, mounts }) => {
    const listed = [...mounts];
    const type = types.size === 1 ? `${[...types][0]} ` : '';
    if (listed.length === 1) return { label: `${type}on ${listed[0]}`, reason };
    const shown = listed.slice(0, 3).join(', ') + (listed.length > 3 ? ', …' : '');
    return { label: `${listed.length} ${type}mounts: ${shown}`, reason };
  });
}

/** What `stat -f` said of a mount during init. */
export type StatAnswer =
  | { kind: 'usage'; usage: StatFsUsage }
  | { kind: 'failed'; message: string }
  | { kind: 'no-answer' };

/** The filesystem check for one mount, with what `stat -f` said of it in time. */
export function makeFilesystemFinding(entry: MountEntry, answer: StatAnswer): Finding {
  const check: Record<string, unknown> = {
    id: toCheckId(`fs-${entry.mount}`, 'filesystem'),
    name: `${entry.mount} (${entry.type})`,
    type: 'filesystem',
    path: entry.mount,
    mountPoint: true,
  };
  if (entry.type === 'lustre') check.lustre = true;
  const origin = `${entry.type} from ${entry.source}`;
  const size =
    answer.kind === 'usage'
      ? `, ${formatBytes(answer.usage.sizeBytes)}, ${answer.usage.usedPercent}% used`
      : answer.kind === 'failed'
        ? `; stat failed during init: ${answer.message}`
        : '; no answer during init';
  const comment = [`${origin}${answer.kind === 'usage' ? size : ''}.`];
  if (answer.kind === 'no-answer')
    comment.push(
      `It did not answer stat within ${STAT_TIMEOUT_MS / 1000} s during init (hung or slow?); the check reports it down until it does.`,
    );
  if (answer.kind === 'failed')
    comment.push(
      `stat -f failed during init (${answer.message}); the check reports it down until it answers.`,
    );
  return {
    key: `filesystem:${entry.mount}`,
    group: 'filesystems',
    label: `${entry.mount} (${origin}${size})`,
    check,
    comment,
  };
}

// Asked in a child process (stat -f), never here: a hung NFS or FUSE mount would block Node's thread pool.
async function askMount(context: DiscoverContext, entry: MountEntry): Promise<Finding> {
  const outcome = await context.run(['stat', '-f', '-c', STAT_FS_FORMAT, entry.mount], STAT_TIMEOUT_MS);
  if (outcome.timedOut) return makeFilesystemFinding(entry, { kind: 'no-answer' });
  const usage = outcome.exitCode === 0 ? parseStatFs(outcome.stdout) : undefined;
  if (usage !== undefined) return makeFilesystemFinding(entry, { kind: 'usage', usage });
  const message =
    firstLineOf(outcome.stderr, outcome.stdout) || outcome.failure || `exit ${outcome.exitCode}`;
  return makeFilesystemFinding(entry, { kind: 'failed', message });
}

async function discoverFilesystems(context: DiscoverContext): Promise<Discovery> {
  const mountsFile = path.join(context.procRoot, 'self', 'mounts');
  let text: string;
  try {
    text = await readFile(mountsFile, { encoding: 'utf8', signal: context.signal });
  } catch (error) {
    const reason = `could not read ${mountsFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    return { findings: [], leftOut: [{ label: 'filesystems', reason }] };
  }
  const verdicts = classifyMounts(parseProcMounts(text));
  const checks = verdicts.flatMap((verdict) => (verdict.kind === 'check' ? [verdict.entry] : []));
  const findings = await Promise.all(checks.map((entry) => askMount(context, entry)));
  findings.sort((a, b) => a.key.localeCompare(b.key));
  return { findings, leftOut: summarizeSkipped(verdicts) };
}

/** Mounted filesystems from /proc/self/mounts: real ones are filesystem checks, the rest summarised. */
export const filesystemsDiscoverer: Discoverer = { name: 'filesystems', discover: discoverFilesystems };
