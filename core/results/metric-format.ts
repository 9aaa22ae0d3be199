import { formatDurationMs } from '../model/duration-format.ts';
import type { MetricUnit } from './metric-unit.ts';

// Free of zod and of the metric vocabulary: the chart script imports it in the browser (through
// src/lib/metric-format.ts), and the collector words threshold reasons with it.

export type { MetricUnit };

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * How a language writes the parts of a metric value; English by default. The site passes its
 * locale's (src/lib/metric-format.ts), so both write values through the one switch below.
 */
export interface MetricWords {
  /** A number with at most `maximumFractionDigits` decimals: "1,234.5". */
  number(value: number, maximumFractionDigits: number): string;
  /** A count of days, `text` being the number as `number` wrote it: "61 days". */
  days(value: number, text: string): string;
  /** A duration, zero included: "0 s", "2.2 h". */
  duration(ms: number): string;
}

const ENGLISH_WORDS: MetricWords = {
  number: formatNumber,
  days: (value, text) => `${text} ${Math.abs(value) === 1 ? 'day' : 'days'}`,
  duration: (ms) => (ms === 0 ? '0 s' : formatDurationMs(ms)),
};

/** "1.5 GiB", "2 MiB/s", "120 ms", "3.2 d", "42.5 %", "61 °C", "1,234": a value as people read it. */
export function formatMetricValue(
  value: number,
  unit: MetricUnit,
  words: MetricWords = ENGLISH_WORDS,
): string {
  const number = (maximumFractionDigits: number) => words.number(value, maximumFractionDigits);
  switch (unit) {
    case 'bytes':
      return formatBytes(value, words);
    case 'bytesPerSecond':
      return `${formatBytes(value, words)}/s`;
    case 'seconds':
      return words.duration(value * 1000);
    case 'days':
      return words.days(value, number(Math.abs(value) < 10 ? 1 : 0));
    case 'ms':
      // A loopback or LAN round trip (ping: 0.03 ms) keeps its figure instead of reading "0 ms".
      return `${number(Math.abs(value) < 1 ? 2 : value < 10 ? 1 : 0)} ms`;
    case 'percent':
      return `${number(1)} %`;
    case 'perSecond':
      return `${number(value < 10 ? 1 : 0)}/s`;
    case 'celsius':
      return `${number(0)} °C`;
    case 'watts':
      return `${number(value < 10 ? 1 : 0)} W`;
    case 'count':
      return number(Number.isInteger(value) ? 0 : 2);
  }
}

function formatBytes(value: number, words: MetricWords): string {
  let scaled = value;
  let index = 0;
  while (Math.abs(scaled) >= 1024 && index < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    index++;
  }
  return `${words.number(scaled, index === 0 ? 0 : 1)} ${BYTE_UNITS[index]}`;
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
