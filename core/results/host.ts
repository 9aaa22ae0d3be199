import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const HostDetailShape = z.object({
  hostname: z.string(),
  /** "Debian GNU/Linux 12". */
  os: z.string(),
  kernel: z.string(),
  /** Uptime in words: "3 d 4 h". */
  uptime: z.string(),
  cpuModel: z.string(),
  /** What cpuPercent covers: "250 ms sample" or "since last run (5 min)". */
  cpuWindow: z.string(),
  /** The real filesystems measured (kernel, memory and shared filesystems left out). */
  filesystems: z.array(z.object({ mount: z.string(), type: z.string(), source: z.string() })),
  /** Set when no rate could be told this run (first run, reboot): rates are absent, never a false 0. */
  rates: z.literal('no rate yet').exactOptional(),
  /** Why some rates are missing: "first sample", "eth1: counter went down". */
  ratesMissing: z.array(z.string()).exactOptional(),
  /** Interfaces the check names that this machine does not have. */
  unknownInterfaces: z.array(z.string()).exactOptional(),
  /** Disks the check names that /proc/diskstats does not list (gone, or never there). */
  unknownDisks: z.array(z.string()).exactOptional(),
});
/** A run that could not read the machine stores no detail. */
export const HostDetailSchema = HostDetailShape.loose();
export type HostDetail = z.infer<typeof HostDetailShape>;

/** Rates from counters kept between runs; each absent until two usable readings exist. */
export const HostRateMetricsSchema = z.object({
  diskReadBytesPerSecond: z.number().exactOptional(),
  diskWriteBytesPerSecond: z.number().exactOptional(),
  /** Over every measured interface; absent unless all of them have a rate. */
  netRxBytesPerSecond: z.number().exactOptional(),
  netTxBytesPerSecond: z.number().exactOptional(),
});

const HostTotalMetricsSchema = HostRateMetricsSchema.extend({
  /** Busy share of all cores; absent when the CPU counters did not move. */
  cpuPercent: z.number().exactOptional(),
  /** Logical cores. */
  cpuCores: z.number().exactOptional(),
  cpuPhysicalCores: z.number().exactOptional(),
  load1: z.number().exactOptional(),
  load5: z.number().exactOptional(),
  load15: z.number().exactOptional(),
  memTotalBytes: z.number().exactOptional(),
  memUsedBytes: z.number().exactOptional(),
  memAvailableBytes: z.number().exactOptional(),
  memUsedPercent: z.number().exactOptional(),
  swapTotalBytes: z.number().exactOptional(),
  swapUsedBytes: z.number().exactOptional(),
  /** The collector's own resident memory. */
  processRssBytes: z.number().exactOptional(),
  uptimeSeconds: z.number().exactOptional(),
});

/** The figures kept per filesystem as `fs:<mount>:<field>`; inodes only where there is an inode table. */
export const HostFilesystemFieldSchema = z.enum([
  'sizeBytes',
  'usedBytes',
  'availableBytes',
  'usedPercent',
  'inodesUsedPercent',
]);
export type HostFilesystemField = z.infer<typeof HostFilesystemFieldSchema>;

const HostFilesystemKeySchema = z.templateLiteral(['fs:', z.string(), ':', HostFilesystemFieldSchema]);
const HostInterfaceKeySchema = z.templateLiteral([
  'net:',
  z.string(),
  ':',
  z.enum(['rxBytesPerSecond', 'txBytesPerSecond']),
]);

const HostDiskKeySchema = z.templateLiteral([
  'disk:',
  z.string(),
  ':',
  z.enum(['readBytesPerSecond', 'writeBytesPerSecond']),
]);

/** Machine totals by name, then `fs:<mount>:<field>`, `net:<interface>:rxBytesPerSecond`/`txBytesPerSecond` and `disk:<name>:readBytesPerSecond`/`writeBytesPerSecond`. */
export const HostMetricsSchema = z.intersection(
  HostTotalMetricsSchema,
  z.intersection(
    z.looseRecord(HostFilesystemKeySchema, z.number()),
    z.intersection(
      z.looseRecord(HostInterfaceKeySchema, z.number()),
      z.looseRecord(HostDiskKeySchema, z.number()),
    ),
  ),
);
export type HostMetrics = z.infer<typeof HostMetricsSchema>;
/** What the rate step adds to a run's metrics. */
export type HostRateMetrics = z.infer<typeof HostRateMetricsSchema> &
  Record<z.infer<typeof HostInterfaceKeySchema>, number> &
  Record<z.infer<typeof HostDiskKeySchema>, number>;

export const HOST_METRICS = listFieldNames(HostTotalMetricsSchema);

/** The metric name of one filesystem figure: `fs:/scratch:usedPercent`. */
export function hostFilesystemMetric(
  mount: string,
  field: HostFilesystemField,
): z.infer<typeof HostFilesystemKeySchema> {
  return `fs:${mount}:${field}`;
}

/** Which mount and figure a metric name is about, or undefined when it is not a filesystem metric. */
export function readHostFilesystemMetric(
  name: string,
): { mount: string; field: HostFilesystemField } | undefined {
  const match = /^fs:(.+):([A-Za-z]+)$/.exec(name);
  const field = HostFilesystemFieldSchema.safeParse(match?.[2]);
  return match?.[1] === undefined || !field.success ? undefined : { mount: match[1], field: field.data };
}
