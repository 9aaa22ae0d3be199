import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { formatDurationMs, type HostCheck } from '../../../core/model/index.ts';
import { type HostDetail, type HostMetrics, hostFilesystemMetric } from '../../../core/results/host.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import {
  CpuTicksSchema,
  computeCpuBusyPercent,
  computeRates,
  IoCountersSchema,
  isSameBoot,
  MAX_RATE_INTERVAL_MS,
  MIN_RATE_INTERVAL_MS,
  type RateResult,
} from './host-rates.ts';
import { type HostSample, readBootedAtMs, readCpuTicks, sampleHost } from './host-sample.ts';

/** What the host probe keeps between runs: raw counters, never rates. */
const HostStateSchema = z.object({
  sampledAtMs: z.number(),
  counters: IoCountersSchema,
  cpuTicks: CpuTicksSchema,
});
type HostState = z.infer<typeof HostStateSchema>;

/** How long CPU time is watched when there is no usable reading from the last run. */
const CPU_SAMPLE_MS = 250;

interface CpuReading {
  percent: number | undefined;
  windowMs: number;
  ticks: HostState['cpuTicks'];
}

// Reads the machine, then turns counters kept from the last run into rates (none on the first run).
async function probeHost(check: HostCheck, context: ProbeContext): Promise<Observation> {
  if (context.signal.aborted) return timedOut(context);
  const nowMs = context.now().getTime();
  const parsed = HostStateSchema.safeParse(context.previousState);
  const previous = parsed.success ? parsed.data : undefined;
  const elapsedMs = previous === undefined ? Number.NaN : nowMs - previous.sampledAtMs;
  const canUsePrevious =
    elapsedMs >= MIN_RATE_INTERVAL_MS &&
    elapsedMs <= MAX_RATE_INTERVAL_MS &&
    isSameBoot(previous?.counters.bootedAtMs, readBootedAtMs(nowMs));
  let sample: HostSample;
  let cpu: CpuReading;
  try {
    [sample, cpu] = await raceSignal(
      Promise.all([
        sampleHost(check, nowMs),
        readCpuPercent(canUsePrevious ? previous : undefined, elapsedMs, context.signal),
      ]),
      context.signal,
    );
  } catch (error) {
    if (context.signal.aborted) return timedOut(context);
    return { status: 'down', message: `could not read host metrics: ${(error as Error).message}` };
  }
  const rates = computeRates(previous?.counters, sample.counters, elapsedMs);
  const state: HostState = { sampledAtMs: nowMs, counters: sample.counters, cpuTicks: cpu.ticks };
  const metrics = collectMetrics(sample, cpu, rates);
  return {
    status: 'up',
    message: describeHost(sample, metrics),
    metrics,
    detail: describeDetail(sample, cpu, rates),
    state,
  };
}

function timedOut(context: ProbeContext): Observation {
  return { status: 'down', message: describeTimeout(context) };
}

// Busy share since the last run when that reading is usable, else over a short sample now.
async function readCpuPercent(
  previous: HostState | undefined,
  elapsedMs: number,
  signal: AbortSignal,
): Promise<CpuReading> {
  const ticks = readCpuTicks();
  const sinceLastRun = previous === undefined ? undefined : computeCpuBusyPercent(previous.cpuTicks, ticks);
  if (sinceLastRun !== undefined) return { percent: sinceLastRun, windowMs: elapsedMs, ticks };
  await delay(CPU_SAMPLE_MS, undefined, { signal });
  return { percent: computeCpuBusyPercent(ticks, readCpuTicks()), windowMs: CPU_SAMPLE_MS, ticks };
}

function collectMetrics(sample: HostSample, cpu: CpuReading, rates: RateResult): HostMetrics {
  const { memory } = sample;
  const memUsedBytes = memory.totalBytes - memory.availableBytes;
  const metrics: HostMetrics = {
    cpuCores: sample.logicalCores,
    cpuPhysicalCores: sample.physicalCores,
    load1: roundTo(sample.load.one, 2),
    load5: roundTo(sample.load.five, 2),
    load15: roundTo(sample.load.fifteen, 2),
    memTotalBytes: memory.totalBytes,
    memUsedBytes,
    memAvailableBytes: memory.availableBytes,
    memUsedPercent: memory.totalBytes > 0 ? roundTo((memUsedBytes / memory.totalBytes) * 100, 1) : 0,
    swapTotalBytes: memory.swapTotalBytes,
    swapUsedBytes: memory.swapUsedBytes,
    processRssBytes: process.memoryUsage.rss(),
    uptimeSeconds: Math.round(sample.uptimeSeconds),
  };
  if (cpu.percent !== undefined) metrics.cpuPercent = cpu.percent;
  for (const fs of sample.filesystems) {
    metrics[hostFilesystemMetric(fs.mount, 'sizeBytes')] = fs.sizeBytes;
    metrics[hostFilesystemMetric(fs.mount, 'usedBytes')] = fs.usedBytes;
    metrics[hostFilesystemMetric(fs.mount, 'availableBytes')] = fs.availableBytes;
    metrics[hostFilesystemMetric(fs.mount, 'usedPercent')] = fs.usedPercent;
    if (fs.inodesUsedPercent !== undefined)
      metrics[hostFilesystemMetric(fs.mount, 'inodesUsedPercent')] = fs.inodesUsedPercent;
  }
  return { ...metrics, ...rates.metrics };
}

/** "CPU 12%, load 0.52, memory 41%, / 63% used", plus the fullest other filesystem when it is fuller than /. */
function describeHost(sample: HostSample, metrics: HostMetrics): string {
  const parts: string[] = [];
  if (metrics.cpuPercent !== undefined) parts.push(`CPU ${Math.round(metrics.cpuPercent)}%`);
  parts.push(`load ${metrics.load1}`, `memory ${Math.round(metrics.memUsedPercent ?? 0)}%`);
  const root = sample.filesystems.find((fs) => fs.mount === '/');
  const fullest = [...sample.filesystems].sort((a, b) => b.usedPercent - a.usedPercent)[0];
  if (root !== undefined) parts.push(`/ ${Math.round(root.usedPercent)}% used`);
  if (
    fullest !== undefined &&
    fullest !== root &&
    (root === undefined || fullest.usedPercent > root.usedPercent)
  ) {
    parts.push(`${fullest.mount} ${Math.round(fullest.usedPercent)}% used`);
  }
  return parts.join(', ');
}

function describeDetail(sample: HostSample, cpu: CpuReading, rates: RateResult): HostDetail {
  const detail: HostDetail = {
    hostname: sample.hostname,
    os: sample.osName,
    kernel: sample.kernel,
    uptime: formatDurationMs(sample.uptimeSeconds * 1000),
    cpuModel: sample.cpuModel,
    cpuWindow:
      cpu.windowMs === CPU_SAMPLE_MS
        ? `${CPU_SAMPLE_MS} ms sample`
        : `since last run (${formatDurationMs(cpu.windowMs)})`,
    filesystems: sample.filesystems.map(({ mount, type, source }) => ({ mount, type, source })),
  };
  if (Object.keys(rates.metrics).length === 0) detail.rates = 'no rate yet';
  if (rates.missing.length > 0) detail.ratesMissing = rates.missing;
  if (sample.unknownInterfaces.length > 0) detail.unknownInterfaces = sample.unknownInterfaces;
  if (sample.unknownDisks.length > 0) detail.unknownDisks = sample.unknownDisks;
  return detail;
}

// systeminformation cannot be cancelled; the probe stops waiting for it when the signal fires.
function raceSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    // Settling `work` always has a handler here, so a late failure is never an unhandled rejection.
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const hostProbe: ProbeDefinition<'host'> = {
  probe: probeHost,
  defaultThresholds: DEFAULT_THRESHOLDS.host,
};
