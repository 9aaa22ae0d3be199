import { afterEach, describe, expect, it } from 'vitest';
import { formatMetricValue as formatInEnglish } from '../../../../core/results/metric-format.ts';
import { getCatalogue } from '../../../../src/i18n/catalogue.ts';
import { setSiteMessages } from '../../../../src/i18n/translate.ts';
import { formatMetricValue, type MetricUnit } from '../../../../src/lib/metric-format.ts';

const UNITS: MetricUnit[] = [
  'bytes',
  'bytesPerSecond',
  'seconds',
  'days',
  'ms',
  'percent',
  'perSecond',
  'celsius',
  'watts',
  'count',
];
const VALUES = [0, 0.034, 1, 7.25, 42.5, 61, 1_234.5, 18_227, 5_368_709_120];

describe('metric values on the site', () => {
  afterEach(() => setSiteMessages('en', getCatalogue('en')));

  it('are written in English exactly as the collector writes them', () => {
    setSiteMessages('en', getCatalogue('en'));
    for (const unit of UNITS)
      for (const value of VALUES) expect(formatMetricValue(value, unit)).toBe(formatInEnglish(value, unit));
  });

  it('use the locale numbers and words in Japanese and German', () => {
    setSiteMessages('ja', getCatalogue('ja'));
    expect(formatMetricValue(61, 'days')).toBe('61 日');
    expect(formatMetricValue(18_227, 'bytes')).toBe('17.8 KiB');
    expect(formatMetricValue(0, 'seconds')).toBe('0 秒');
    setSiteMessages('de', getCatalogue('de'));
    expect(formatMetricValue(1, 'days')).toBe('1 Tag');
    expect(formatMetricValue(61, 'days')).toBe('61 Tage');
    expect(formatMetricValue(18_227, 'bytes')).toBe('17,8 KiB');
    expect(formatMetricValue(1_234.5, 'count')).toBe('1.234,5');
    expect(formatMetricValue(42.5, 'percent')).toBe('42,5 %');
    expect(formatMetricValue(0, 'seconds')).toBe('0 s');
  });
});
