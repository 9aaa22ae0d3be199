import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  chooseDisks,
  parseDiskstats,
  readDiskstats,
} from '../../../../../collectors/probes/host/host-diskstats.ts';
import { computeRates, type IoCounters } from '../../../../../collectors/probes/host/host-rates.ts';
import { HostMetricsSchema } from '../../../../../core/results/host.ts';
import { describeMetric } from '../../../../../core/results/metric-vocabulary.ts';

const FIXTURES = new URL('../../../../fixtures/host/', import.meta.url);
const readFixture = (name: string) => readFile(new URL(name, FIXTURES), 'utf8');
const BOOT_MS = 1_700_000_000_000;

async function countersOf(name: string, wanted: string[]): Promise<IoCounters> {
  const { disks } = chooseDisks(parseDiskstats(await readFixture(name)), wanted);
  // The machine total (systeminformation's) stays as it was; only the named disks are new.
  return { bootedAtMs: BOOT_MS, net: {}, disk: { readBytes: 0, writtenBytes: 0 }, disks };
}

describe('parseDiskstats', () => {
  it('reads sectors as 512-byte units, whole disks and partitions on lines of their own', async () => {
    const disks = parseDiskstats(await readFixture('proc-diskstats-gpu-server.txt'));
    expect(disks.get('nvme0n1')).toEqual({ readBytes: 521350290 * 512, writtenBytes: 1297342112 * 512 });
    // sda1 is a partition of sda: its own figures, and sda's are not the sum of its partitions.
    expect(disks.get('sda1')).toEqual({ readBytes: 4882040 * 512, writtenBytes: 90243712 * 512 });
    expect(disks.get('sda')).toEqual({ readBytes: 4890112 * 512, writtenBytes: 90243712 * 512 });
    expect([...disks.keys()]).toEqual([
      'loop0',
      'loop1',
      'nvme0n1',
      'nvme0n1p1',
      'nvme0n1p2',
      'sda',
      'sda1',
      'sdb',
      'dm-0',
    ]);
  });

  it.each([
    ['empty text', ''],
    ['too few fields', '   8 0 sda 1 2 3'],
    ['a non-number count', '   8 0 sda 1 0 x 0 1 0 8 0 0 0 0'],
    ['a negative count', '   8 0 sda 1 0 -8 0 1 0 8 0 0 0 0'],
    ['a name that is no device name', '   8 0 s/d 1 0 8 0 1 0 8 0 0 0 0'],
    ['a count past 2^53', '   8 0 sda 1 0 99999999999999999999 0 1 0 8 0 0 0 0'],
  ])('skips a line it cannot read: %s', (_name, text) => {
    expect(parseDiskstats(text).size).toBe(0);
  });

  it('reads the old 14-field format of kernels before 4.18', () => {
    const disks = parseDiskstats('   8       0 sda 100 0 2048 10 50 0 4096 20 0 30 30\n');
    expect(disks.get('sda')).toEqual({ readBytes: 2048 * 512, writtenBytes: 4096 * 512 });
  });

  it('reads this machine’s own /proc/diskstats asynchronously, and none where there is none', async () => {
    const here = await readDiskstats();
    expect(here).toBeInstanceOf(Map);
    expect((await readDiskstats('/nonexistent/diskstats')).size).toBe(0);
  });
});

describe('chooseDisks', () => {
  it('keeps the named disks and names the ones not listed', async () => {
    const all = parseDiskstats(await readFixture('proc-diskstats-gpu-server.txt'));
    const chosen = chooseDisks(all, ['sda', 'nvme0n1', 'sdz']);
    expect(Object.keys(chosen.disks)).toEqual(['sda', 'nvme0n1']);
    expect(chosen.unknown).toEqual(['sdz']);
  });
});

describe('per-disk rates', () => {
  it('turns two diskstats readings a minute apart into bytes per second per disk', async () => {
    const before = await countersOf('proc-diskstats-gpu-server.txt', ['sda', 'nvme0n1', 'sdb']);
    const after = await countersOf('proc-diskstats-gpu-server-later.txt', ['sda', 'nvme0n1', 'sdb']);
    const { metrics, missing } = computeRates(before, after, 60_000);
    expect(metrics).toEqual({
      diskReadBytesPerSecond: 0,
      diskWriteBytesPerSecond: 0,
      'disk:nvme0n1:readBytesPerSecond': 1747627,
      'disk:nvme0n1:writeBytesPerSecond': 5242880,
      'disk:sda:readBytesPerSecond': 0,
      'disk:sda:writeBytesPerSecond': 499712,
    });
    // sdb vanished between the readings: no rate for it (never a false 0), and the detail names it.
    expect(metrics).not.toHaveProperty('disk:sdb:readBytesPerSecond');
    expect(
      chooseDisks(parseDiskstats(await readFixture('proc-diskstats-gpu-server-later.txt')), ['sdb']).unknown,
    ).toEqual(['sdb']);
    expect(missing).toEqual([]);
    expect(HostMetricsSchema.safeParse(metrics).success).toBe(true);
  });

  it('starts again for a disk that came back, and after its counter went down', async () => {
    const before = await countersOf('proc-diskstats-gpu-server-later.txt', ['sda', 'sdb']);
    const after: IoCounters = {
      ...(await countersOf('proc-diskstats-gpu-server.txt', ['sda', 'sdb'])),
    };
    const { metrics, missing } = computeRates(before, after, 60_000);
    expect(metrics).toEqual({ diskReadBytesPerSecond: 0, diskWriteBytesPerSecond: 0 });
    expect(missing).toEqual(['disk sda: counter went down', 'disk sdb: first sample']);
  });

  it('keeps the disk total beside the per-disk rates', () => {
    const before: IoCounters = {
      bootedAtMs: BOOT_MS,
      net: {},
      disk: { readBytes: 0, writtenBytes: 0 },
      disks: { sda: { readBytes: 0, writtenBytes: 0 } },
    };
    const after: IoCounters = {
      bootedAtMs: BOOT_MS,
      net: {},
      disk: { readBytes: 2000, writtenBytes: 4000 },
      disks: { sda: { readBytes: 1000, writtenBytes: 1000 } },
    };
    expect(computeRates(before, after, 1000).metrics).toEqual({
      diskReadBytesPerSecond: 2000,
      diskWriteBytesPerSecond: 4000,
      'disk:sda:readBytesPerSecond': 1000,
      'disk:sda:writeBytesPerSecond': 1000,
    });
  });

  it('names a disk figure with its disk, as the component page shows it', () => {
    expect(describeMetric('host', 'disk:nvme0n1:writeBytesPerSecond').label).toMatch(/nvme0n1/);
  });
});
