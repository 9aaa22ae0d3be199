import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/** Metrics of the machine the collector runs on: CPU, load, memory, filesystems, disk and network I/O. */
export const HostCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('host').meta({ description: 'Metrics of the collector host.' }),
  /** Mount points to leave out (exact paths or prefixes ending in "*"). */
  excludeMounts: z
    .array(z.string())
    .default([])
    .meta({
      description: 'Mount points to leave out (exact, or a prefix ending in *).',
      examples: [['/boot*', '/snap*']],
    }),
  /** Network interfaces to count; by default all but loopback and container bridges (docker0, br-*, veth*). */
  interfaces: z.array(z.string()).optional().meta({
    description:
      'Network interfaces to count (default: all but loopback and container bridges such as docker0, br-*, veth*).',
  }),
  /** Block devices (as /proc/diskstats names them) whose read and write rates are kept one by one; the machine total is kept too. */
  disks: z
    .array(z.string().regex(/^[A-Za-z0-9!._-]{1,64}$/, 'a device name such as sda or nvme0n1'))
    .optional()
    .meta({
      description:
        'Block devices (names as in /proc/diskstats: a whole disk like sda, or a partition like sda1) whose read and write rates are kept one by one as disk:<name>:readBytesPerSecond / writeBytesPerSecond; the machine-wide total is kept as before.',
      examples: [['sda', 'nvme0n1']],
    }),
});
export type HostCheck = z.infer<typeof HostCheckSchema>;
