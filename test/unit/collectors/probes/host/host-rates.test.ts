import { describe, expect, it } from 'vitest';
import {
  type CpuTicks,
  computeCpuBusyPercent,
  computeRates,
  type IoCounters,
  isSameBoot,
} from '../../../../../collectors/probes/host/host-rates.ts';

const BOOT_MS = 1_700_000_000_000;

const BEFORE: IoCounters = {
  bootedAtMs: BOOT_MS,
  disk: { readBytes: 1_000_000, writtenBytes: 5_000_000 },
  net: { eth0: { rxBytes: 10_000, txBytes: 20_000 }, eth1: { rxBytes: 500, txBytes: 50 } },
};

function readingAfter(overrides: Partial<IoCounters> = {}): IoCounters {
  return {
    bootedAtMs: BOOT_MS + 2_000,
    disk: { readBytes: 1_600_000, writtenBytes: 5_000_000 },
    net: { eth0: { rxBytes: 70_000, txBytes: 26_000 }, eth1: { rxBytes: 6_500, txBytes: 650 } },
    ...overrides,
  };
}

describe('computeRates', () => {
  it.each<{
    name: string;
    previous: IoCounters | undefined;
    current: IoCounters;
    elapsedMs: number;
    missing: string[];
  }>([
    {
      name: 'first run',
      previous: undefined,
      current: readingAfter(),
      elapsedMs: Number.NaN,
      missing: ['first sample'],
    },
    {
      name: 'interval too short for the counters to move',
      previous: BEFORE,
      current: readingAfter(),
      elapsedMs: 400,
      missing: ['last sample only 400 ms ago'],
    },
    {
      name: 'gap too long for a rate to mean anything',
      previous: BEFORE,
      current: readingAfter(),
      elapsedMs: 3 * 3_600_000,
      missing: ['last sample 180 min ago'],
    },
    {
      name: 'clock went back',
      previous: BEFORE,
      current: readingAfter(),
      elapsedMs: -5_000,
      missing: ['the clock went back since the last sample'],
    },
    {
      name: 'machine rebooted although counters grew past the old values',
      previous: BEFORE,
      current: readingAfter({ bootedAtMs: BOOT_MS + 600_000 }),
      elapsedMs: 60_000,
      missing: ['machine restarted since last sample'],
    },
  ])('gives no rate at all: $name', ({ previous, current, elapsedMs, missing }) => {
    expect(computeRates(previous, current, elapsedMs)).toEqual({ metrics: {}, missing });
  });

  it('divides counter deltas by the elapsed seconds', () => {
    expect(computeRates(BEFORE, readingAfter(), 60_000)).toEqual({
      metrics: {
        diskReadBytesPerSecond: 10_000,
        diskWriteBytesPerSecond: 0,
        'net:eth0:rxBytesPerSecond': 1_000,
        'net:eth0:txBytesPerSecond': 100,
        'net:eth1:rxBytesPerSecond': 100,
        'net:eth1:txBytesPerSecond': 10,
        netRxBytesPerSecond: 1_100,
        netTxBytesPerSecond: 110,
      },
      missing: [],
    });
  });

  it.each<{ name: string; current: IoCounters; kept: string[]; missing: string[] }>([
    {
      name: 'a disk counter went down',
      current: readingAfter({ disk: { readBytes: 10, writtenBytes: 5_000_000 } }),
      kept: ['net:eth0:rxBytesPerSecond', 'netRxBytesPerSecond'],
      missing: ['disk: counter went down'],
    },
    {
      name: 'an interface was re-created (its counter went down)',
      current: readingAfter({
        net: { eth0: { rxBytes: 70_000, txBytes: 26_000 }, eth1: { rxBytes: 5, txBytes: 5 } },
      }),
      kept: ['diskReadBytesPerSecond', 'net:eth0:rxBytesPerSecond'],
      missing: ['eth1: counter went down'],
    },
    {
      name: 'an interface appeared since the last run',
      current: readingAfter({ net: { ...readingAfter().net, wg0: { rxBytes: 1, txBytes: 1 } } }),
      kept: ['diskReadBytesPerSecond', 'net:eth1:txBytesPerSecond'],
      missing: ['wg0: first sample'],
    },
    {
      name: 'the machine has no disk counters',
      current: (() => {
        const { disk: _disk, ...rest } = readingAfter();
        return rest;
      })(),
      kept: ['netRxBytesPerSecond'],
      missing: ['disk: no I/O counters on this machine'],
    },
  ])('leaves out only the rates it cannot tell: $name', ({ current, kept, missing }) => {
    const result = computeRates(BEFORE, current, 60_000);
    expect(result.missing).toEqual(missing);
    for (const name of kept) expect(result.metrics[name]).toBeGreaterThanOrEqual(0);
    for (const value of Object.values(result.metrics)) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('drops the network totals when one interface has no rate, since a partial sum reads as a drop', () => {
    const reset = computeRates(
      BEFORE,
      readingAfter({ net: { eth0: { rxBytes: 70_000, txBytes: 26_000 }, eth1: { rxBytes: 1, txBytes: 0 } } }),
      60_000,
    );
    expect(reset.metrics['net:eth0:rxBytesPerSecond']).toBe(1_000);
    expect(reset.metrics).not.toHaveProperty('netRxBytesPerSecond');
    expect(reset.metrics).not.toHaveProperty('netTxBytesPerSecond');
  });

  it('reports a true 0 when the counters stood still over a valid interval', () => {
    const result = computeRates(BEFORE, { ...BEFORE }, 60_000);
    expect(result.metrics.diskReadBytesPerSecond).toBe(0);
    expect(result.metrics.netRxBytesPerSecond).toBe(0);
    expect(result.missing).toEqual([]);
  });
});

describe('isSameBoot', () => {
  it.each([
    { previous: BOOT_MS, current: BOOT_MS + 3_000, same: true },
    { previous: BOOT_MS, current: BOOT_MS - 3_000, same: true },
    { previous: BOOT_MS, current: BOOT_MS + 3_600_000, same: false },
    { previous: undefined, current: BOOT_MS, same: true },
  ])('$previous then $current → $same', ({ previous, current, same }) => {
    expect(isSameBoot(previous, current)).toBe(same);
  });
});

describe('computeCpuBusyPercent', () => {
  it.each<{ name: string; previous: CpuTicks; current: CpuTicks; percent: number | undefined }>([
    {
      name: 'a quarter busy',
      previous: { busyMs: 100, totalMs: 1_000 },
      current: { busyMs: 350, totalMs: 2_000 },
      percent: 25,
    },
    {
      name: 'idle',
      previous: { busyMs: 100, totalMs: 1_000 },
      current: { busyMs: 100, totalMs: 3_000 },
      percent: 0,
    },
    {
      name: 'no time passed',
      previous: { busyMs: 100, totalMs: 1_000 },
      current: { busyMs: 100, totalMs: 1_000 },
      percent: undefined,
    },
    {
      name: 'counters restarted',
      previous: { busyMs: 900, totalMs: 9_000 },
      current: { busyMs: 10, totalMs: 100 },
      percent: undefined,
    },
  ])('$name', ({ previous, current, percent }) => {
    expect(computeCpuBusyPercent(previous, current)).toBe(percent);
  });
});
