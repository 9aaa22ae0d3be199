import { z } from 'zod';
import type { Metrics } from '../../../core/model/index.ts';
import type { HostRateMetrics } from '../../../core/results/host.ts';

const ByteCountSchema = z.number().nonnegative();

/** Cumulative I/O counters as read from the machine; kept as probe state so the next run can turn them into rates. */
export const IoCountersSchema = z.object({
  /** When the machine booted (ms since the epoch): a change means every counter restarted. */
  bootedAtMs: z.number().optional(),
  /** Bytes read and written by the disks since boot; absent when the machine does not say. */
  disk: z.object({ readBytes: ByteCountSchema, writtenBytes: ByteCountSchema }).optional(),
  /** Bytes received and sent per network interface since it came up. */
  net: z.record(z.string(), z.object({ rxBytes: ByteCountSchema, txBytes: ByteCountSchema })),
  /** Bytes read and written per disk the check names (`disks:`), from /proc/diskstats; absent when it names none. */
  disks: z
    .record(z.string(), z.object({ readBytes: ByteCountSchema, writtenBytes: ByteCountSchema }))
    .optional(),
});
export type IoCounters = z.infer<typeof IoCountersSchema>;

export interface RateResult {
  /** `diskReadBytesPerSecond`, `net:eth0:rxBytesPerSecond`, … (HostRateMetrics); empty when no rate can be told. */
  metrics: Metrics;
  /** Why some or all rates are missing: "first sample", "eth1: counter went down". */
  missing: string[];
}

/** Below this the counters may not have moved yet (systeminformation caches I/O reads for 500 ms). */
export const MIN_RATE_INTERVAL_MS = 1000;
/** Above this a "rate" would be an average over hours, not what the machine is doing. */
export const MAX_RATE_INTERVAL_MS = 3_600_000;
/** Boot times computed from uptime wobble by a few seconds; a reboot moves them by more. */
const BOOT_TIME_TOLERANCE_MS = 60_000;

/**
 * Turns two readings of cumulative counters into bytes per second. Where a rate cannot be told —
 * first run, counter went down (reboot, interface re-created), interval too short or too long —
 * the metric is left out rather than reported as a false 0, and `missing` says why.
 */
export function computeRates(
  previous: IoCounters | undefined,
  current: IoCounters,
  elapsedMs: number,
): RateResult {
  const whole = explainNoRates(previous, current, elapsedMs);
  if (whole !== undefined || previous === undefined)
    return { metrics: {}, missing: [whole ?? 'first sample'] };
  const seconds = elapsedMs / 1000;
  const metrics: HostRateMetrics = {};
  const missing: string[] = [];
  if (current.disk === undefined) {
    missing.push('disk: no I/O counters on this machine');
  } else if (previous.disk === undefined) {
    missing.push('disk: first sample');
  } else {
    const read = current.disk.readBytes - previous.disk.readBytes;
    const written = current.disk.writtenBytes - previous.disk.writtenBytes;
    if (read < 0 || written < 0) missing.push('disk: counter went down');
    else
      Object.assign(metrics, {
        diskReadBytesPerSecond: perSecond(read, seconds),
        diskWriteBytesPerSecond: perSecond(written, seconds),
      } satisfies HostRateMetrics);
  }
  addDiskRates(previous.disks, current.disks, seconds, metrics, missing);
  let rxTotal = 0;
  let txTotal = 0;
  let isNetComplete = true;
  for (const [name, now] of Object.entries(current.net)) {
    const before = previous.net[name];
    const rx = before === undefined ? Number.NaN : now.rxBytes - before.rxBytes;
    const tx = before === undefined ? Number.NaN : now.txBytes - before.txBytes;
    if (before === undefined || rx < 0 || tx < 0) {
      missing.push(`${name}: ${before === undefined ? 'first sample' : 'counter went down'}`);
      isNetComplete = false;
      continue;
    }
    metrics[`net:${name}:rxBytesPerSecond` as const] = perSecond(rx, seconds);
    metrics[`net:${name}:txBytesPerSecond` as const] = perSecond(tx, seconds);
    rxTotal += rx;
    txTotal += tx;
  }
  // A total over only some interfaces would read as a drop in traffic, so it is all or nothing.
  if (isNetComplete && Object.keys(current.net).length > 0) {
    metrics.netRxBytesPerSecond = perSecond(rxTotal, seconds);
    metrics.netTxBytesPerSecond = perSecond(txTotal, seconds);
  }
  return { metrics, missing };
}

// One disk's rate needs its own two readings: a disk that came back or was replaced starts again.
function addDiskRates(
  previous: IoCounters['disks'],
  current: IoCounters['disks'],
  seconds: number,
  metrics: HostRateMetrics,
  missing: string[],
): void {
  for (const [name, now] of Object.entries(current ?? {})) {
    const before = previous?.[name];
    const read = before === undefined ? Number.NaN : now.readBytes - before.readBytes;
    const written = before === undefined ? Number.NaN : now.writtenBytes - before.writtenBytes;
    if (before === undefined || read < 0 || written < 0) {
      missing.push(`disk ${name}: ${before === undefined ? 'first sample' : 'counter went down'}`);
      continue;
    }
    metrics[`disk:${name}:readBytesPerSecond` as const] = perSecond(read, seconds);
    metrics[`disk:${name}:writeBytesPerSecond` as const] = perSecond(written, seconds);
  }
}

function explainNoRates(
  previous: IoCounters | undefined,
  current: IoCounters,
  elapsedMs: number,
): string | undefined {
  if (previous === undefined) return 'first sample';
  if (!Number.isFinite(elapsedMs) || elapsedMs < 0) return 'the clock went back since the last sample';
  if (elapsedMs < MIN_RATE_INTERVAL_MS) return `last sample only ${Math.round(elapsedMs)} ms ago`;
  if (elapsedMs > MAX_RATE_INTERVAL_MS) return `last sample ${Math.round(elapsedMs / 60_000)} min ago`;
  if (!isSameBoot(previous.bootedAtMs, current.bootedAtMs)) return 'machine restarted since last sample';
  return undefined;
}

/** False when two boot times (ms since the epoch) are further apart than uptime's wobble: a reboot. */
export function isSameBoot(
  previousBootedAtMs: number | undefined,
  currentBootedAtMs: number | undefined,
): boolean {
  if (previousBootedAtMs === undefined || currentBootedAtMs === undefined) return true;
  return Math.abs(currentBootedAtMs - previousBootedAtMs) <= BOOT_TIME_TOLERANCE_MS;
}

function perSecond(delta: number, seconds: number): number {
  return Math.round(delta / seconds);
}

/** CPU time summed over all cores, in ms, as os.cpus() counts it. */
export const CpuTicksSchema = z.object({
  busyMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
});
export type CpuTicks = z.infer<typeof CpuTicksSchema>;

/** Share of CPU time spent busy between two readings; undefined when the counters did not move forward. */
export function computeCpuBusyPercent(previous: CpuTicks, current: CpuTicks): number | undefined {
  const totalMs = current.totalMs - previous.totalMs;
  const busyMs = current.busyMs - previous.busyMs;
  if (totalMs <= 0 || busyMs < 0 || busyMs > totalMs) return undefined;
  return Math.round((busyMs / totalMs) * 1000) / 10;
}
