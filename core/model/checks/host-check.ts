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
});
export type HostCheck = z.infer<typeof HostCheckSchema>;
