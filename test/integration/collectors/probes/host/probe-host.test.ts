import { describe, expect, it } from 'vitest';
import { hostProbe } from '../../../../../collectors/probes/host/probe-host.ts';
import type { Observation } from '../../../../../collectors/probes/probe-types.ts';
import { HostCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const RATE_METRIC = /PerSecond$/;

function rateMetrics(observation: Observation): string[] {
  return Object.keys(observation.metrics ?? {}).filter((name) => RATE_METRIC.test(name));
}

describe('host probe on this machine', () => {
  const check = HostCheckSchema.parse({ id: 'this-host', type: 'host' });
  const startMs = Date.parse('2026-03-01T12:00:00Z');

  it('says "no rate yet" on the first run, then gives rates from the kept counters', async () => {
    const first = await hostProbe.probe(
      check,
      makeProbeContext({ timeoutMs: 20_000, now: () => new Date(startMs), previousState: undefined }),
    );
    expect(first.status).toBe('up');
    expect(first.detail?.rates).toBe('no rate yet');
    expect(rateMetrics(first)).toEqual([]);
    expect(first.state).toBeDefined();

    const metrics = first.metrics ?? {};
    expect(metrics.memTotalBytes).toBeGreaterThan(0);
    expect(metrics.memUsedPercent).toBeGreaterThanOrEqual(0);
    expect(metrics.memUsedPercent).toBeLessThanOrEqual(100);
    expect(metrics.cpuCores).toBeGreaterThanOrEqual(1);
    expect(metrics.load1).toBeGreaterThanOrEqual(0);
    expect(metrics.processRssBytes).toBeGreaterThan(0);
    expect(metrics['fs:/:usedPercent']).toBeGreaterThan(0);
    expect(metrics['fs:/:sizeBytes']).toBeGreaterThan(metrics['fs:/:usedBytes'] ?? Number.POSITIVE_INFINITY);
    expect(first.message).toMatch(/load [\d.]+, memory \d+%, \/ \d+% used/);
    expect(first.detail).toMatchObject({ hostname: expect.any(String), kernel: expect.any(String) });
    expect(first.detail?.filesystems).toContainEqual(expect.objectContaining({ mount: '/' }));

    // The collector stores `state` as JSON between runs; the probe must accept it back in that form.
    const previousState = JSON.parse(JSON.stringify(first.state));
    const second = await hostProbe.probe(
      check,
      makeProbeContext({ timeoutMs: 20_000, now: () => new Date(startMs + 60_000), previousState }),
    );
    expect(second.status).toBe('up');
    expect(second.detail?.rates).toBeUndefined();
    expect(second.detail?.cpuWindow).toBe('since last run (60 s)');
    const rates = rateMetrics(second);
    expect(rates.length).toBeGreaterThan(0);
    for (const name of rates) expect(second.metrics?.[name]).toBeGreaterThanOrEqual(0);
  });

  it('treats a gap over an hour as no rate, never as a rate over hours', async () => {
    const first = await hostProbe.probe(
      check,
      makeProbeContext({ timeoutMs: 20_000, now: () => new Date(startMs) }),
    );
    const later = await hostProbe.probe(
      check,
      makeProbeContext({
        timeoutMs: 20_000,
        now: () => new Date(startMs + 5 * 3_600_000),
        previousState: first.state,
      }),
    );
    expect(later.detail?.rates).toBe('no rate yet');
    expect(rateMetrics(later)).toEqual([]);
  });

  it('ignores previous state it cannot read instead of failing', async () => {
    const observation = await hostProbe.probe(
      check,
      makeProbeContext({ timeoutMs: 20_000, previousState: { counters: 'garbage' } }),
    );
    expect(observation.status).toBe('up');
    expect(observation.detail?.rates).toBe('no rate yet');
  });

  it('leaves out excluded mounts', async () => {
    const excluding = HostCheckSchema.parse({ id: 'this-host', type: 'host', excludeMounts: ['/'] });
    const observation = await hostProbe.probe(excluding, makeProbeContext({ timeoutMs: 20_000 }));
    expect(observation.metrics).not.toHaveProperty('fs:/:usedPercent');
  });

  it('is down with "timed out" when its signal fires while it samples', async () => {
    const controller = new AbortController();
    const sampling = hostProbe.probe(
      check,
      makeProbeContext({ timeoutMs: 5_000, signal: controller.signal }),
    );
    controller.abort();
    expect(await sampling).toEqual({ status: 'down', message: 'timed out after 5 s' });
  });

  it('is down with "timed out" when its signal has already fired', async () => {
    const observation = await hostProbe.probe(
      check,
      makeProbeContext({ timeoutMs: 5_000, signal: AbortSignal.abort() }),
    );
    expect(observation).toEqual({ status: 'down', message: 'timed out after 5 s' });
  });

  it('ships the default thresholds for full disks and memory', () => {
    expect(hostProbe.defaultThresholds).toEqual({
      'fs:*:usedPercent': { degradedAbove: 90, downAbove: 98 },
      memUsedPercent: { degradedAbove: 95 },
    });
  });
});
