import { describe, expect, it } from 'vitest';
import {
  applyThresholds,
  compileMetricPattern,
  mergeThresholds,
} from '../../../../collectors/evaluate/apply-thresholds.ts';

describe('applyThresholds', () => {
  it.each([
    { name: 'no thresholds', metrics: { latencyMs: 900 }, thresholds: {}, status: 'up', reasons: [] },
    {
      name: 'under the limit',
      metrics: { latencyMs: 120 },
      thresholds: { latencyMs: { degradedAbove: 500 } },
      status: 'up',
      reasons: [],
    },
    {
      name: 'degraded above',
      metrics: { latencyMs: 812 },
      thresholds: { latencyMs: { degradedAbove: 500, downAbove: 2000 } },
      status: 'degraded',
      reasons: ['Response time 812 ms > 500 ms'],
    },
    {
      name: 'down above wins over degraded',
      metrics: { latencyMs: 2500 },
      thresholds: { latencyMs: { degradedAbove: 500, downAbove: 2000 } },
      status: 'down',
      reasons: ['Response time 2,500 ms > 2,000 ms'],
    },
    {
      name: 'below limits (certificate days)',
      metrics: { certDaysLeft: 9.5 },
      thresholds: { certDaysLeft: { degradedBelow: 14, downBelow: 3 } },
      status: 'degraded',
      reasons: ['Certificate expires in 9.5 days < 14 days'],
    },
    {
      name: 'wildcard over every filesystem, worst wins',
      metrics: { 'fs:/:usedPercent': 91, 'fs:/home:usedPercent': 99, 'fs:/tmp:usedPercent': 10 },
      thresholds: { 'fs:*:usedPercent': { degradedAbove: 90, downAbove: 98 } },
      status: 'down',
      reasons: ['Disk usage — / 91 % > 90 %', 'Disk usage — /home 99 % > 98 %'],
    },
    {
      name: 'threshold on an absent metric says nothing',
      metrics: {},
      thresholds: { queueDepth: { downAbove: 1 } },
      status: 'up',
      reasons: [],
    },
  ])('$name', ({ metrics, thresholds, status, reasons }) => {
    expect(
      applyThresholds(metrics, thresholds, {
        type: metrics['fs:/:usedPercent'] === undefined ? 'http' : 'host',
      }),
    ).toEqual({ status, reasons });
  });
});

describe('compileMetricPattern', () => {
  it.each([
    ['latencyMs', 'latencyMs', true],
    ['latencyMs', 'latencyMsX', false],
    ['fs:*:usedPercent', 'fs:/scratch:usedPercent', true],
    ['fs:*:usedPercent', 'fs:/scratch:usedBytes', false],
    ['net.*', 'net.eth0.rx', true],
    ['a.b', 'aXb', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(compileMetricPattern(pattern)(name)).toBe(expected);
  });
});

describe('mergeThresholds', () => {
  it("lets a check's own threshold replace the type default of the same metric", () => {
    expect(
      mergeThresholds({ certDaysLeft: { degradedBelow: 14 } }, { certDaysLeft: { downBelow: 2 } }),
    ).toEqual({
      certDaysLeft: { downBelow: 2 },
    });
  });
});
