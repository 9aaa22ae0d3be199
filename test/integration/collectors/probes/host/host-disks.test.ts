import { readdir, readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { parseDiskstats } from '../../../../../collectors/probes/host/host-diskstats.ts';
import { hostProbe } from '../../../../../collectors/probes/host/probe-host.ts';
import { HostCheckSchema } from '../../../../../core/model/index.ts';
import { HostMetricsSchema } from '../../../../../core/results/host.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

// The real probe on this machine's /proc/diskstats, with its first whole disk and a disk it lacks.
it('keeps each named disk’s rates from the second run on, and names a disk this machine lacks', async () => {
  const disks = parseDiskstats(await readFile('/proc/diskstats', 'utf8'));
  // /sys/block lists whole disks only (partitions live under them); loop and RAM devices are not disks.
  const wholeDisks = (await readdir('/sys/block')).filter((name) => !/^(loop|ram|zram)/.test(name));
  const disk = wholeDisks.find((name) => disks.has(name));
  expect(disk, `no whole disk in /proc/diskstats: ${[...disks.keys()].join(', ')}`).toBeDefined();
  const check = HostCheckSchema.parse({ id: 'gpu-box', type: 'host', disks: [disk, 'sdz9'] });
  const startMs = Date.parse('2026-03-01T12:00:00Z');
  const first = await hostProbe.probe(
    check,
    makeProbeContext({ timeoutMs: 20_000, now: () => new Date(startMs) }),
  );
  expect(first.status).toBe('up');
  expect(first.detail?.unknownDisks).toEqual(['sdz9']);
  expect(Object.keys(first.metrics ?? {}).filter((name) => name.startsWith('disk:'))).toEqual([]);
  const second = await hostProbe.probe(
    check,
    makeProbeContext({
      timeoutMs: 20_000,
      now: () => new Date(startMs + 60_000),
      previousState: JSON.parse(JSON.stringify(first.state)),
    }),
  );
  expect(second.metrics?.[`disk:${disk}:readBytesPerSecond`]).toBeGreaterThanOrEqual(0);
  expect(second.metrics?.[`disk:${disk}:writeBytesPerSecond`]).toBeGreaterThanOrEqual(0);
  expect(second.metrics).not.toHaveProperty('disk:sdz9:readBytesPerSecond');
  expect(HostMetricsSchema.safeParse(second.metrics).success).toBe(true);
});
