import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

/** `lfs df -l` in short: flagged and inactive targets, or why it could not be asked. */
export const LustreDetailSchema = z.union([
  z.object({
    /** Targets lfs flagged (degraded, read-only, out of space, out of inodes, no precreate). */
    flagged: z.array(z.object({ target: z.string(), problems: z.array(z.string()) })),
    /** Targets lfs could not ask: "scratch-OST0002". */
    inactive: z.array(z.string()),
  }),
  z.object({ error: z.string() }),
]);
export type LustreDetail = z.infer<typeof LustreDetailSchema>;

const FilesystemDetailShape = z.object({
  /** The mount that holds the path, from /proc/mounts (absent where there is none). */
  mount: z.string().exactOptional(),
  device: z.string().exactOptional(),
  fsType: z.string().exactOptional(),
  /** Lustre checks only. */
  lustre: LustreDetailSchema.exactOptional(),
});
export const FilesystemDetailSchema = FilesystemDetailShape.loose();
export type FilesystemDetail = z.infer<typeof FilesystemDetailShape>;

export const FilesystemMetricsSchema = z.object({
  /** How long a plain `stat` took: a hung mount shows here first. */
  statMs: z.number().exactOptional(),
  /** The rest is absent when `stat -f` failed. */
  sizeBytes: z.number().exactOptional(),
  usedBytes: z.number().exactOptional(),
  availableBytes: z.number().exactOptional(),
  /** Like df: used / (used + available to users). */
  usedPercent: z.number().exactOptional(),
  /** Absent where the filesystem has no fixed inode table. */
  inodesUsedPercent: z.number().exactOptional(),
  /** Lustre checks only. */
  ostCount: z.number().exactOptional(),
  mdtCount: z.number().exactOptional(),
  targetsFlagged: z.number().exactOptional(),
  targetsInactive: z.number().exactOptional(),
  ostUsedPercentMax: z.number().exactOptional(),
});
export type FilesystemMetrics = z.infer<typeof FilesystemMetricsSchema>;

export const FILESYSTEM_METRICS = listFieldNames(FilesystemMetricsSchema);
