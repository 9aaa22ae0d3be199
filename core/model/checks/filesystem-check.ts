import { z } from 'zod';
import { DurationSchema } from '../duration.ts';
import { BaseCheckFields } from './base-check.ts';

/**
 * A mounted filesystem: is it mounted, does it answer, how full is it. Every question that touches
 * the filesystem runs in a child process with a deadline, so a hung NFS or Lustre mount is reported
 * down instead of hanging the run.
 */
export const FilesystemCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z
    .literal('filesystem')
    .meta({ description: 'A mount: mounted, answering, capacity, inodes, Lustre targets.' }),
  /** The path to watch, usually a mount point. */
  path: z
    .string()
    .regex(/^\//, { error: 'expected an absolute path such as "/scratch"' })
    .meta({ description: 'Absolute path to watch, usually a mount point.', examples: ['/scratch'] }),
  /** Down unless `path` is itself a mount point; false accepts any directory and reports the filesystem holding it. */
  mountPoint: z
    .boolean()
    .default(true)
    .meta({ description: 'Down unless path is itself a mount point (false: any directory).' }),
  /** How long `stat` of the path may take before the mount counts as hung. Keep it below `timeout`. */
  statTimeout: DurationSchema.prefault('5s').meta({
    description: 'How long a stat of the path may take before the mount is reported hung.',
    examples: ['5s', '10s'],
  }),
  /** Also run `lfs df -l` and report Lustre targets flagged degraded, read-only, full or inactive. */
  lustre: z
    .boolean()
    .default(false)
    .meta({ description: 'Also run `lfs df -l`: OST/MDT flags, inactive targets, fullest OST.' }),
});
export type FilesystemCheck = z.infer<typeof FilesystemCheckSchema>;
