// The site's way to the one metric formatting the collector uses too (core/results/metric-format.ts):
// English exactly as core writes it; other languages with the locale's numbers, decimal sign and
// words (days, durations). Browser scripts (the charts) import it too.
import {
  formatMetricValue as formatMetricValueInEnglish,
  type MetricUnit,
} from '../../core/results/metric-format.ts';
import { getSiteLanguage, t } from '../i18n/browser.ts';
import { formatDuration, formatNumber } from './format.ts';

export type { MetricUnit };

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** "1.5 GiB", "120 ms", "42.5 %", "61 days" as core writes them, in the site's language. */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  if (getSiteLanguage() === 'en') return formatMetricValueInEnglish(value, unit);
  const digits = (maximumFractionDigits: number) => formatNumber(value, { maximumFractionDigits });
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSecond':
      return `${formatBytes(value)}/s`;
    case 'seconds':
      return value === 0 ? t('browserCommon.unitS', { n: '0' }) : formatDuration(value * 1000);
    case 'days':
      return t('browserCommon.unitDays', { count: Math.abs(value), n: digits(Math.abs(value) < 10 ? 1 : 0) });
    case 'ms':
      return `${digits(Math.abs(value) < 1 ? 2 : value < 10 ? 1 : 0)} ms`;
    case 'percent':
      return `${digits(1)} %`;
    case 'perSecond':
      return `${digits(value < 10 ? 1 : 0)}/s`;
    case 'celsius':
      return `${digits(0)} °C`;
    case 'watts':
      return `${digits(value < 10 ? 1 : 0)} W`;
    case 'count':
      return digits(Number.isInteger(value) ? 0 : 2);
  }
}

function formatBytes(value: number): string {
  let scaled = value;
  let index = 0;
  while (Math.abs(scaled) >= 1024 && index < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    index++;
  }
  return `${formatNumber(scaled, { maximumFractionDigits: index === 0 ? 0 : 1 })} ${BYTE_UNITS[index]}`;
}
