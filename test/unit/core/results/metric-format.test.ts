import { describe, expect, it } from 'vitest';
import { formatMetricValue, type MetricUnit } from '../../../../core/results/metric-format.ts';

describe('formatMetricValue: a value with its unit, as people read it', () => {
  it.each([
    [0, 'bytes', '0 B'],
    [1536, 'bytes', '1.5 KiB'],
    [17_179_869_184, 'bytes', '16 GiB'],
    [2_097_152, 'bytesPerSecond', '2 MiB/s'],
    [4.25, 'ms', '4.3 ms'],
    [123.4, 'ms', '123 ms'],
    [0, 'seconds', '0 s'],
    [90, 'seconds', '90 s'],
    [276_480, 'seconds', '3.2 d'],
    [1, 'days', '1 day'],
    [42.4, 'days', '42 days'],
    [-3, 'days', '-3 days'],
    [41.25, 'percent', '41.3 %'],
    [1523.7, 'perSecond', '1,524/s'],
    [61.4, 'celsius', '61 °C'],
    [312.5, 'watts', '313 W'],
    [1234, 'count', '1,234'],
    [0.527, 'count', '0.53'],
  ] as [number, MetricUnit, string][])('%d %s → %s', (value, unit, text) => {
    expect(formatMetricValue(value, unit)).toBe(text);
  });
});
