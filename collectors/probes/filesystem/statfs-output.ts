import type { MountEntry } from '../host/host-filesystems.ts';

/** The `stat --file-system` format the filesystem probe asks for; parseStatFs reads it back. */
export const STAT_FS_FORMAT = '%b %f %a %S %c %d %T';

export interface StatFsUsage {
  sizeBytes: number;
  usedBytes: number;
  availableBytes: number;
  /** Like df: used / (used + available to users). */
  usedPercent: number;
  inodesTotal: number;
  inodesUsedPercent?: number;
  /** As stat names it: "nfs", "lustre", "ext2/ext3". */
  typeName: string;
}

/** Parses `stat -f -c '%b %f %a %S %c %d %T' PATH`: blocks, free, available, block size, inodes, free inodes, type. */
export function parseStatFs(text: string): StatFsUsage | undefined {
  const [blocks, free, available, blockSize, files, freeFiles, ...type] = text.trim().split(/\s+/);
  const numbers = [blocks, free, available, blockSize, files, freeFiles].map(Number);
  if (numbers.some((value) => !Number.isFinite(value))) return undefined;
  const [b = 0, f = 0, a = 0, size = 0, c = 0, d = 0] = numbers;
  const usedBytes = (b - f) * size;
  const availableBytes = a * size;
  const usage: StatFsUsage = {
    sizeBytes: b * size,
    usedBytes,
    availableBytes,
    usedPercent:
      usedBytes + availableBytes > 0 ? roundTenth((usedBytes / (usedBytes + availableBytes)) * 100) : 0,
    inodesTotal: c,
    typeName: type.join(' '),
  };
  if (c > 0) usage.inodesUsedPercent = roundTenth(((c - d) / c) * 100);
  return usage;
}

/** The mount that holds `path`: the longest mount point that is `path` or one of its parents. */
export function findMountOf(path: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  let best: MountEntry | undefined;
  for (const entry of mounts) {
    const isParent =
      entry.mount === normalized || entry.mount === '/' || normalized.startsWith(`${entry.mount}/`);
    // A later entry at the same point is mounted over the earlier one, so it wins.
    if (isParent && (best === undefined || entry.mount.length >= best.mount.length)) best = entry;
  }
  return best;
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
