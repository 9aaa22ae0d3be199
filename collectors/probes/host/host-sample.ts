import { readFile } from 'node:fs/promises';
import os from 'node:os';
import si from 'systeminformation';
import type { HostCheck } from '../../../core/model/index.ts';
import { chooseDisks, readDiskstats } from './host-diskstats.ts';
import { type FilesystemUsage, readFilesystemUsage } from './host-filesystems.ts';
import type { CpuTicks, IoCounters } from './host-rates.ts';

/** Everything the host probe reads from the machine in one run, before any judging. */
export interface HostSample {
  hostname: string;
  /** "Debian GNU/Linux 12". */
  osName: string;
  kernel: string;
  uptimeSeconds: number;
  cpuModel: string;
  logicalCores: number;
  physicalCores: number;
  cpuTicks: CpuTicks;
  load: { one: number; five: number; fifteen: number };
  memory: { totalBytes: number; availableBytes: number; swapTotalBytes: number; swapUsedBytes: number };
  filesystems: FilesystemUsage[];
  counters: IoCounters;
  /** Interfaces named in the check that this machine does not have. */
  unknownInterfaces: string[];
  /** Disks named in the check that /proc/diskstats does not list. */
  unknownDisks: string[];
}

/** Bridges and veth pairs of container runtimes: their traffic also crosses a physical interface. */
const VIRTUAL_INTERFACE_PATTERN = /^(veth|docker\d|br-|virbr|cni|flannel|cali|vxlan|tunl|kube-)/;

// Reads the machine through systeminformation and node:os; callers bound it with their signal.
export async function sampleHost(check: HostCheck, nowMs: number): Promise<HostSample> {
  const cpus = os.cpus();
  const { names, unknown } = chooseInterfaces(check.interfaces);
  const [osName, cpu, memory, filesystems, disk, net, diskstats] = await Promise.all([
    readOsName(),
    si.cpu(),
    si.mem(),
    readFilesystemUsage(check.excludeMounts),
    si.fsStats(),
    names.length === 0 ? Promise.resolve([]) : si.networkStats(names.join(',')),
    check.disks === undefined ? Promise.resolve(undefined) : readDiskstats(),
  ]);
  const uptimeSeconds = os.uptime();
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  const counters: IoCounters = { bootedAtMs: readBootedAtMs(nowMs), net: {} };
  // systeminformation reports zeros when it cannot read the counters (no lsblk): that is "unknown", not idle.
  if (disk !== null && disk.rx + disk.wx > 0) counters.disk = { readBytes: disk.rx, writtenBytes: disk.wx };
  for (const stats of net) counters.net[stats.iface] = { rxBytes: stats.rx_bytes, txBytes: stats.tx_bytes };
  const chosenDisks = diskstats === undefined ? undefined : chooseDisks(diskstats, check.disks ?? []);
  if (chosenDisks !== undefined) counters.disks = chosenDisks.disks;
  return {
    hostname: os.hostname(),
    osName: osName || os.type(),
    kernel: os.release(),
    uptimeSeconds,
    cpuModel: cpus[0]?.model.trim() || `${cpu.manufacturer} ${cpu.brand}`.trim(),
    logicalCores: cpus.length,
    physicalCores: cpu.physicalCores,
    cpuTicks: readCpuTicks(),
    load: { one, five, fifteen },
    memory: {
      totalBytes: memory.total,
      availableBytes: memory.available,
      swapTotalBytes: memory.swaptotal,
      swapUsedBytes: memory.swapused,
    },
    filesystems,
    counters,
    unknownInterfaces: unknown,
    unknownDisks: chosenDisks?.unknown ?? [],
  };
}

/**
 * "Debian GNU/Linux 12" from /etc/os-release (NAME and VERSION_ID), read asynchronously: the
 * systeminformation call that knows it also runs `hostname -f` synchronously, which a broken DNS
 * resolver turns into a stall of the whole probe process.
 */
export async function readOsName(text?: string): Promise<string> {
  const release = text ?? (await readFile('/etc/os-release', 'utf8').catch(() => ''));
  const fields = new Map<string, string>();
  for (const line of release.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) fields.set(match[1] as string, (match[2] as string).replace(/^(["'])(.*)\1$/, '$2'));
  }
  return [fields.get('NAME'), fields.get('VERSION_ID')]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
}

/** When the machine booted, by the collector's clock. */
export function readBootedAtMs(nowMs: number): number {
  return Math.round(nowMs - os.uptime() * 1000);
}

/** CPU time of all cores since boot, from the kernel's counters. */
export function readCpuTicks(): CpuTicks {
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of os.cpus()) {
    const total = times.user + times.nice + times.sys + times.irq + times.idle;
    totalMs += total;
    busyMs += total - times.idle;
  }
  return { busyMs, totalMs };
}

function chooseInterfaces(wanted: readonly string[] | undefined): { names: string[]; unknown: string[] } {
  const present = Object.entries(os.networkInterfaces());
  if (wanted !== undefined) {
    const presentNames = new Set(present.map(([name]) => name));
    return {
      names: wanted.filter((name) => presentNames.has(name)),
      unknown: wanted.filter((name) => !presentNames.has(name)),
    };
  }
  const names = present
    .filter(
      ([name, addresses]) =>
        !addresses?.every((address) => address.internal) && !VIRTUAL_INTERFACE_PATTERN.test(name),
    )
    .map(([name]) => name);
  return { names, unknown: [] };
}
