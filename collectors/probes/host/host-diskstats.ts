import { readFile } from 'node:fs/promises';

/** Bytes read and written by one block device since boot. */
export interface DiskCounter {
  readBytes: number;
  writtenBytes: number;
}

/** The kernel counts diskstats sectors in 512-byte units whatever the device's own sector size. */
const DISKSTATS_SECTOR_BYTES = 512;
/** A diskstats file of a machine with thousands of devices is a few hundred KiB; more is not diskstats. */
const MAX_DISKSTATS_BYTES = 4 * 1024 * 1024;
/** Kernel device names: `sda`, `nvme0n1p2`, `dm-0`, `md127`, `cciss!c0d0`. */
const DEVICE_NAME_PATTERN = /^[A-Za-z0-9!._-]{1,64}$/;

/**
 * Cumulative bytes per device from /proc/diskstats text (fields: major minor name reads merged
 * sectorsRead msReading writes merged sectorsWritten …). Each line names one device, a whole disk
 * (`sda`) and its partitions (`sda1`) on lines of their own, so a disk's figure is its own line and
 * never the sum of its partitions. Lines that do not read as diskstats are skipped.
 */
export function parseDiskstats(text: string): Map<string, DiskCounter> {
  const disks = new Map<string, DiskCounter>();
  for (const line of text.slice(0, MAX_DISKSTATS_BYTES).split('\n')) {
    const fields = line.trim().split(/\s+/, 14);
    if (fields.length < 10) continue;
    const name = fields[2] as string;
    const sectorsRead = fields[5] as string;
    const sectorsWritten = fields[9] as string;
    if (!DEVICE_NAME_PATTERN.test(name)) continue;
    const read = Number(sectorsRead);
    const written = Number(sectorsWritten);
    if (!Number.isSafeInteger(read) || !Number.isSafeInteger(written) || read < 0 || written < 0) continue;
    disks.set(name, {
      readBytes: read * DISKSTATS_SECTOR_BYTES,
      writtenBytes: written * DISKSTATS_SECTOR_BYTES,
    });
  }
  return disks;
}

/** The named disks' counters and the names this machine has no line for (a disk that went away, a typo). */
export function chooseDisks(
  all: ReadonlyMap<string, DiskCounter>,
  wanted: readonly string[],
): { disks: Record<string, DiskCounter>; unknown: string[] } {
  const disks: Record<string, DiskCounter> = {};
  const unknown: string[] = [];
  for (const name of wanted) {
    const counter = all.get(name);
    if (counter === undefined) unknown.push(name);
    else disks[name] = counter;
  }
  return { disks, unknown };
}

// Asynchronous read of the kernel's counters; a machine without /proc/diskstats reads as no disks.
export async function readDiskstats(path = '/proc/diskstats'): Promise<Map<string, DiskCounter>> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return parseDiskstats(text);
}
