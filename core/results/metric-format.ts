import { formatDurationMs } from '../model/duration-format.ts';
import type { MetricUnit } from './metric-unit.ts';

// Free of zod and of the metric vocabulary: the chart script imports it in the browser (through
// src/lib/metric-format.ts), and the collector words threshold reasons with it.

export type { MetricUnit };

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** "1.5 GiB", "2 MiB/s", "120 ms", "3.2 d", "42.5 %", "61 °C", "1,234": a value as people read it. */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSecond':
      return `${formatBytes(value)}/s`;
    case 'seconds':
      return value === 0 ? '0 s' : formatDurationMs(value * 1000);
    case 'days':
      return `${formatNumber(value, Math.abs(value) < 10 ? 1 : 0)} ${Math.abs(value) === 1 ? 'day' : 'days'}`;
    case 'ms':
      // A loopback or LAN round trip (ping: 0.03 ms) keeps its figure instead of reading "0 ms".
      return `${formatNumber(value, Math.abs(value) < 1 ? 2 : value < 10 ? 1 : 0)} ms`;
    case 'percent':
      return `${formatNumber(value, 1)} %`;
    case 'perSecond':
      return `${formatNumber(value, value < 10 ? 1 : 0)}/s`;
    case 'celsius':
      return `${formatNumber(value, 0)} °C`;
    case 'watts':
      return `${formatNumber(value, value < 10 ? 1 : 0)} W`;
    case 'count':
      return formatNumber(value, Number.isInteger(value) ? 0 : 2);
  }
}

function formatBytes(value: number): string {
  let scaled = value;
  let index = 0;
  while (Math.abs(scaled) >= 1024 && index < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    index++;
  }
  return `${formatNumber(scaled, index === 0 ? 0 : 1)} ${BYTE_UNITS[index]}`;
}

// toLocaleString builds a formatter on every call; chart labels and result tables make thousands of calls.
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();

function formatNumber(value: number, maximumFractionDigits: number): string {
  let format = NUMBER_FORMATS.get(maximumFractionDigits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits });
    NUMBER_FORMATS.set(maximumFractionDigits, format);
  }
  return format.format(value);
}
