import { formatDurationMs } from '../../core/model/duration-format.ts';

/** How a metric's values read: bytes, a rate of bytes, a duration, a percentage, or a plain number. */
export type MetricUnit = 'bytes' | 'bytesPerSecond' | 'ms' | 'seconds' | 'percent' | 'count';

export interface MetricDescription {
  /** "fs /home: used", "Latency", "Cert days left". */
  label: string;
  unit: MetricUnit;
}

// Longest first: "BytesPerSecond" must win over "Bytes".
const UNIT_SUFFIXES: [suffix: string, unit: MetricUnit][] = [
  ['BytesPerSecond', 'bytesPerSecond'],
  ['Bytes', 'bytes'],
  ['Seconds', 'seconds'],
  ['Percent', 'percent'],
  ['Ms', 'ms'],
];

/** Reads the unit from the name's suffix (the project names units: latencyMs, usedBytes, cpuPercent). */
export function describeMetric(name: string): MetricDescription {
  const parts = name.split(':');
  const last = parts.pop() ?? name;
  const [suffix, unit] = UNIT_SUFFIXES.find(
    ([candidate]) => last.endsWith(candidate) && last !== candidate,
  ) ?? ['', 'count'];
  const words = splitCamelCase(last.slice(0, last.length - suffix.length));
  const prefix = parts.join(' ');
  return { label: prefix === '' ? capitalize(words) : `${prefix}: ${words}`, unit };
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** "1.5 GiB", "2 MiB/s", "120 ms", "3.2 d", "42.5 %", "1,234": a value as people read it. */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSecond':
      return `${formatBytes(value)}/s`;
    case 'seconds':
      return value === 0 ? '0 s' : formatDurationMs(value * 1000);
    case 'ms':
      return `${formatNumber(value, value < 10 ? 1 : 0)} ms`;
    case 'percent':
      return `${formatNumber(value, 1)} %`;
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

function splitCamelCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
