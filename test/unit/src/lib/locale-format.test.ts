import { afterEach, describe, expect, it } from 'vitest';
import { describeJudgedStatus, formatAgeMs, type JudgedStatus } from '../../../../core/history/freshness.ts';
import { formatDurationMs } from '../../../../core/model/duration-format.ts';
import { type Language, useSiteLanguage } from '../../../../src/i18n/index.ts';
import { describeCheckStatus } from '../../../../src/lib/check-status-label.ts';
import { describeDayCell, formatBarDay } from '../../../../src/lib/daily-cell-text.ts';
import { splitDurations } from '../../../../src/lib/duration-words.ts';
import { formatEstimateTime, formatTimeUntil } from '../../../../src/lib/estimate-format.ts';
import {
  formatAge,
  formatDate,
  formatDateTime,
  formatDuration,
  formatIsoDate,
  formatLocalUptime,
  formatNumber,
  formatTimeAgo,
  formatZoneName,
} from '../../../../src/lib/format.ts';
import { describeJudged, statusLabel } from '../../../../src/lib/status-label.ts';

// The site's words and formats in each language; English stays exactly what it always said.

const HOUR_MS = 3_600_000;
const NOON = Date.UTC(2026, 10, 22, 12, 0);
const WINTER = Date.UTC(2026, 11, 1, 13, 5);

function inLanguage(language: Language): void {
  useSiteLanguage(language);
}

describe('locale formats', () => {
  afterEach(() => inLanguage('en'));

  it('English durations are core formatDurationMs, byte for byte', () => {
    const samples = [0, 0.4, 999.4, 999.6, 1000, 1050, 1150, 1250, 9_949, 9_950, 10_000, 119_499, 119_500];
    for (let ms = 120_000; ms < 40 * 86_400_000; ms = Math.round(ms * 1.37 + 17)) samples.push(ms);
    for (const ms of samples) expect(formatDuration(ms)).toBe(formatDurationMs(ms));
  });

  it('English ages and judged statuses are core formatAgeMs and describeJudgedStatus', () => {
    for (let ms = 0; ms < 9 * 86_400_000; ms = Math.round(ms * 1.29 + 59_000))
      expect(formatAge(ms)).toBe(formatAgeMs(ms));
    const judged: JudgedStatus = {
      status: 'partial_outage',
      isDisabled: false,
      staleForMs: undefined,
      withoutDataCount: 2,
    };
    expect(describeJudged(judged)).toBe(describeJudgedStatus(judged, 'Partial outage'));
    expect(describeJudged({ ...judged, staleForMs: 3 * HOUR_MS + 720_000 })).toBe('No data for 3 h 12 min');
  });

  it.each([
    ['ja', '2 日 4 時間', '3 時間 12 分前からデータなし', '部分的な障害 · 2 件はデータなし'],
    ['de', '2 Tg. 4 Std.', 'Seit 3 Std. 12 Min. keine Daten', 'Teilausfall · 2 ohne Daten'],
  ] as const)('%s ages and judged statuses', (language, age, stale, without) => {
    inLanguage(language);
    expect(formatAge(52 * HOUR_MS)).toBe(age);
    const judged: JudgedStatus = {
      status: 'partial_outage',
      isDisabled: false,
      staleForMs: undefined,
      withoutDataCount: 2,
    };
    expect(describeJudged({ ...judged, staleForMs: 3 * HOUR_MS + 720_000 })).toBe(stale);
    expect(describeJudged(judged)).toBe(without);
  });

  it.each([
    ['ja', ['120 ミリ秒', '1.2 秒', '45 秒', '3 分', '2.2 時間', '3 日']],
    ['de', ['120 ms', '1,2 s', '45 s', '3 Min.', '2,2 Std.', '3 Tg.']],
  ] as const)('%s durations: %s', (language, texts) => {
    inLanguage(language);
    expect([120, 1200, 45_000, 180_000, 2.2 * HOUR_MS, 72 * HOUR_MS].map(formatDuration)).toEqual(texts);
  });

  it.each([
    ['en', '2026-12-01', '2026-12-01 13:05 UTC', '2026-12-01 14:05 CET', '1 Dec 2026', '1,234.5', '87.50%'],
    [
      'ja',
      '2026/12/01',
      '2026/12/01 13:05 UTC',
      '2026/12/01 22:05 JST',
      '2026年12月1日',
      '1,234.5',
      '87.50%',
    ],
    [
      'de',
      '01.12.2026',
      '01.12.2026, 13:05 UTC',
      '01.12.2026, 14:05 MEZ',
      '1. Dez. 2026',
      '1.234,5',
      '87,50\u00a0%',
    ],
  ] as const)('%s dates %s, %s, numbers %s', (language, date, utc, zoned, barDay, number, uptime) => {
    inLanguage(language);
    expect(formatDate(WINTER, 'UTC')).toBe(date);
    expect(formatIsoDate(WINTER, 'UTC')).toBe('2026-12-01');
    expect(formatDateTime(WINTER, 'UTC')).toBe(utc);
    expect(formatDateTime(WINTER, language === 'ja' ? 'Asia/Tokyo' : 'Europe/Berlin')).toBe(zoned);
    expect(formatBarDay('2026-12-01')).toBe(barDay);
    expect(formatNumber(1234.5)).toBe(number);
    expect(formatLocalUptime(0.875)).toBe(uptime);
  });

  it('English zone names and relative times stay as they were', () => {
    expect(formatZoneName(WINTER, 'Asia/Tokyo')).toBe('GMT+9');
    expect(formatTimeAgo(NOON - 30_000, NOON)).toBe('just now');
    expect(formatTimeAgo(NOON - 3 * 60_000, NOON)).toBe('3 minutes ago');
    expect(formatTimeAgo(NOON - 1 * HOUR_MS, NOON)).toBe('1 hour ago');
  });

  it.each([
    ['ja', 'たった今', '3 分前', '2 日前'],
    ['de', 'gerade eben', 'vor 3 Minuten', 'vor 2 Tagen'],
  ] as const)('%s relative times', (language, now, minutes, days) => {
    inLanguage(language);
    expect(formatTimeAgo(NOON - 30_000, NOON)).toBe(now);
    expect(formatTimeAgo(NOON - 3 * 60_000, NOON)).toBe(minutes);
    expect(formatTimeAgo(NOON - 49 * HOUR_MS, NOON)).toBe(days);
  });

  it.each([
    ['en', 'Major outage', 'Down', '1 Dec 2026: 87.50% up, 3 h down, 10 min degraded · Fire'],
    ['ja', '重大な障害', '停止', '2026年12月1日: 稼働率 87.50%、停止 3 時間、低下 10 分 · Fire'],
    [
      'de',
      'Schwerer Ausfall',
      'Ausgefallen',
      '1. Dez. 2026: 87,50\u00a0% verfügbar, 3 Std. Ausfall, 10 Min. eingeschränkt · Fire',
    ],
  ] as const)('%s status words and day cells', (language, major, down, cell) => {
    inLanguage(language);
    expect(statusLabel('major_outage')).toBe(major);
    expect(describeCheckStatus('down')).toBe(down);
    const figures = { ratio: 0.875, downMs: 3 * HOUR_MS, degradedMs: 600_000, maintenanceMs: 0 };
    expect(describeDayCell('2026-12-01', figures, ['Fire'])).toBe(cell);
  });

  it.each([
    ['en', '14:00 UTC', '2026-11-23 14:00 UTC', 'in 1 h 45 min', 'passed 20 min ago'],
    ['ja', '14:00 UTC', '2026/11/23 14:00 UTC', 'あと 1 時間 45 分', '20 分前に過ぎました'],
    ['de', '14:00 UTC', '23.11.2026, 14:00 UTC', 'in 1 Std. 45 Min.', 'vor 20 Min. vorbei'],
  ] as const)('%s estimates', (language, sameDay, otherDay, until, passed) => {
    inLanguage(language);
    expect(formatEstimateTime(Date.UTC(2026, 10, 22, 14), NOON)).toBe(sameDay);
    expect(formatEstimateTime(Date.UTC(2026, 10, 23, 14), NOON)).toBe(otherDay);
    expect(formatTimeUntil(NOON + 105 * 60_000, NOON)).toBe(until);
    expect(formatTimeUntil(NOON - 20 * 60_000, NOON)).toBe(passed);
  });

  it('keeps every language’s durations whole', () => {
    const durations = (text: string) =>
      splitDurations(text)
        .filter((part) => part.isDuration)
        .map((part) => part.text);
    expect(durations('every 5 min, no data for 3 h')).toEqual(['5 min', '3 h']);
    expect(durations('5 分ごと、3 時間データなし、120 ミリ秒')).toEqual(['5 分', '3 時間', '120 ミリ秒']);
    expect(durations('alle 5 Min., seit 2,5 Std. keine Daten, 3 Tg.')).toEqual([
      '5 Min.',
      '2,5 Std.',
      '3 Tg.',
    ]);
  });
});
