// A report's months, days and durations come from Intl in the site's language, not from the catalogue.
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatReportDate,
  formatReportDuration,
  formatReportMonth,
} from '../../../../src/data/monthly-report-text.ts';
import { type Language, t, useSiteLanguage } from '../../../../src/i18n/index.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

afterAll(() => {
  useSiteLanguage('en');
});

const expected: Record<Language, { month: string; date: string; durations: string[]; title: string }> = {
  en: {
    month: 'November 2026',
    date: '9 August 2026',
    durations: ['0 mins', '42 secs', '2 hrs, 14 mins', '3 days, 4 hrs'],
    title: 'Uptime report: November 2026',
  },
  ja: {
    month: '2026年11月',
    date: '2026年8月9日',
    durations: ['0 分', '42 秒', '2 時間 14 分', '3 日 4 時間'],
    title: '稼働率レポート:2026年11月',
  },
  de: {
    month: 'November 2026',
    date: '9. August 2026',
    durations: ['0 Min.', '42 Sek.', '2 Std., 14 Min.', '3 Tg., 4 Std.'],
    title: 'Verfügbarkeitsbericht: November 2026',
  },
};

describe.each(Object.keys(expected) as Language[])('a report in %s', (language) => {
  it('names the month and days, and says durations in two units at most', () => {
    useSiteLanguage(language);
    const want = expected[language];
    expect(formatReportMonth('2026-11')).toBe(want.month);
    expect(formatReportDate('2026-08-09')).toBe(want.date);
    const durations = [0, 42_000, 2 * HOUR_MS + 14 * MINUTE_MS + 20_000, 76 * HOUR_MS + 20 * MINUTE_MS].map(
      formatReportDuration,
    );
    // A number and its unit are held together by a no-break space.
    expect(durations.map((text) => text.replaceAll('\u00a0', ' '))).toEqual(want.durations);
    for (const text of durations) expect(text).not.toMatch(/\d /);
    expect(t('reports.monthTitle', { month: formatReportMonth('2026-11') })).toBe(want.title);
  });
});

describe('formatReportDuration', () => {
  it('writes a dash, not a RangeError, for a length that is not a number', () => {
    useSiteLanguage('en');
    expect(formatReportDuration(Number.NaN)).toBe('\u2014');
    expect(formatReportDuration(Number.POSITIVE_INFINITY)).toBe('\u2014');
  });

  it('rounds seconds down under a minute and shows the two largest units that are not zero', () => {
    useSiteLanguage('en');
    const shown = [59_600, 24 * HOUR_MS + 30 * MINUTE_MS, 24 * HOUR_MS, 2 * HOUR_MS + 5 * MINUTE_MS].map(
      (ms) => formatReportDuration(ms).replaceAll('\u00a0', ' '),
    );
    expect(shown).toEqual(['59 secs', '1 day, 30 mins', '1 day', '2 hrs, 5 mins']);
  });
});
