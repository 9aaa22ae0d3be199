// The site's way to the one metric formatting the collector uses too (core/results/metric-format.ts):
// English exactly as core writes it; other languages with the locale's numbers, decimal sign and
// words (days, durations). Browser scripts (the charts) import it too.
import {
  formatMetricValue as formatMetricValueWith,
  type MetricUnit,
  type MetricWords,
} from '../../core/results/metric-format.ts';
import { getSiteLanguage, t } from '../i18n/browser.ts';
import { formatDuration, formatNumber } from './format.ts';

export type { MetricUnit };

const LOCAL_WORDS: MetricWords = {
  number: (value, maximumFractionDigits) => formatNumber(value, { maximumFractionDigits }),
  days: (value, text) => t('browserCommon.unitDays', { count: Math.abs(value), n: text }),
  duration: (ms) => (ms === 0 ? t('browserCommon.unitS', { n: '0' }) : formatDuration(ms)),
};

/** "1.5 GiB", "120 ms", "42.5 %", "61 days" as core writes them, in the site's language. */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  return getSiteLanguage() === 'en'
    ? formatMetricValueWith(value, unit)
    : formatMetricValueWith(value, unit, LOCAL_WORDS);
}
