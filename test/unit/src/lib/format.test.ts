import { afterEach, describe, expect, it } from 'vitest';
import {
  formatClockTime,
  formatDate,
  formatDateTime,
  formatUtcDateTime,
  formatZoneName,
  getSiteTimeZone,
  getZoneOffsetMs,
  isKnownTimeZone,
  setSiteTimeZone,
} from '../../../../src/lib/format.ts';
import { buildTimeTicks, chooseTickStepMs } from '../../../../src/lib/time-ticks.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WINTER = Date.UTC(2026, 11, 1, 13, 5);
const SUMMER = Date.UTC(2026, 6, 1, 13, 5);

describe('times in the site zone', () => {
  afterEach(() => setSiteTimeZone('UTC'));

  it.each([
    ['UTC', WINTER, '2026-12-01 13:05 UTC'],
    ['Europe/Berlin', WINTER, '2026-12-01 14:05 CET'],
    ['Europe/Berlin', SUMMER, '2026-07-01 15:05 CEST'],
    ['Asia/Tokyo', WINTER, '2026-12-01 22:05 GMT+9'],
    ['America/New_York', Date.UTC(2026, 11, 1, 3, 0), '2026-11-30 22:00 GMT-5'],
    ['Asia/Kolkata', WINTER, '2026-12-01 18:35 GMT+5:30'],
  ])('%s: %s reads %s, 24-hour, the zone named', (zone, epochMs, text) => {
    expect(formatDateTime(epochMs, zone)).toBe(text);
  });

  it('formatUtcDateTime keeps its shape in UTC and follows the declared zone', () => {
    expect(getSiteTimeZone()).toBe('UTC');
    expect(formatUtcDateTime(WINTER)).toBe('2026-12-01 13:05 UTC');
    setSiteTimeZone('Europe/Berlin');
    expect(formatUtcDateTime(WINTER)).toBe('2026-12-01 14:05 CET');
    expect(formatClockTime(WINTER)).toBe('14:05');
    expect(formatDate(Date.UTC(2026, 11, 1, 23, 30))).toBe('2026-12-02');
    expect(formatZoneName(SUMMER)).toBe('CEST');
  });

  it('knows offsets, across daylight saving', () => {
    expect(getZoneOffsetMs(WINTER, 'Europe/Berlin')).toBe(HOUR_MS);
    expect(getZoneOffsetMs(SUMMER, 'Europe/Berlin')).toBe(2 * HOUR_MS);
    expect(getZoneOffsetMs(WINTER, 'Asia/Kolkata')).toBe(5.5 * HOUR_MS);
    expect(getZoneOffsetMs(WINTER + 123, 'UTC')).toBe(0);
  });

  it('tells a zone name from a typo', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('even time ticks', () => {
  it('24 hours: every 6 hours on the zone clock', () => {
    const minMs = Date.UTC(2026, 11, 1, 9, 17);
    expect(chooseTickStepMs(minMs, minMs + DAY_MS)).toBe(6 * HOUR_MS);
    const utc = buildTimeTicks(minMs, minMs + DAY_MS, 'UTC');
    expect(utc.map((t) => formatClockTime(t, 'UTC'))).toEqual(['12:00', '18:00', '00:00', '06:00']);
    const berlin = buildTimeTicks(minMs, minMs + DAY_MS, 'Europe/Berlin');
    expect(berlin.map((t) => formatClockTime(t, 'Europe/Berlin'))).toEqual([
      '12:00',
      '18:00',
      '00:00',
      '06:00',
    ]);
    const kolkata = buildTimeTicks(minMs, minMs + DAY_MS, 'Asia/Kolkata');
    expect(kolkata.map((t) => formatClockTime(t, 'Asia/Kolkata'))).toEqual([
      '18:00',
      '00:00',
      '06:00',
      '12:00',
    ]);
  });

  it('7 days: every second midnight; 90 days: every 30th', () => {
    const minMs = Date.UTC(2026, 10, 24, 9, 17);
    const week = buildTimeTicks(minMs, minMs + 7 * DAY_MS, 'Europe/Berlin');
    expect(week.length).toBeGreaterThanOrEqual(3);
    for (const t of week) expect(formatClockTime(t, 'Europe/Berlin')).toBe('00:00');
    expect(new Set(week.slice(1).map((t, index) => t - (week[index] as number)))).toEqual(
      new Set([2 * DAY_MS]),
    );
    expect(buildTimeTicks(minMs, minMs + 90 * DAY_MS, 'UTC').length).toBeLessThanOrEqual(6);
  });

  it('midnights stay midnights across a daylight-saving change', () => {
    const minMs = Date.UTC(2026, 9, 20);
    const ticks = buildTimeTicks(minMs, minMs + 14 * DAY_MS, 'Europe/Berlin');
    for (const t of ticks) expect(formatClockTime(t, 'Europe/Berlin')).toBe('00:00');
  });
});
