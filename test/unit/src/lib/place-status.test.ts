import { describe, expect, it } from 'vitest';
import type { PlaceFreshness } from '../../../../core/history/freshness.ts';
import { formatPlaceLatency, judgePlaceAt, presentPlaceStatus } from '../../../../src/lib/place-status.ts';

const STALE_AFTER_MS = 15 * 60_000;
const NEWEST_MS = Date.parse('2026-12-01T12:00:00Z');

describe('judgePlaceAt', () => {
  it.each([
    [
      'its stored status while current',
      { newestMs: NEWEST_MS, status: 'down' },
      NEWEST_MS + STALE_AFTER_MS,
      'down',
    ],
    [
      'unknown once its newest result is stale',
      { newestMs: NEWEST_MS, status: 'down' },
      NEWEST_MS + STALE_AFTER_MS + 1,
      'unknown',
    ],
    ['unknown when it never ran', { newestMs: null, status: 'up' }, NEWEST_MS, 'unknown'],
  ] as const)('%s', (_, place, nowMs, expected) => {
    const freshness: PlaceFreshness = { source: 'eu', ...place };
    expect(judgePlaceAt(freshness, STALE_AFTER_MS, nowMs)).toBe(expected);
  });
});

describe('presentPlaceStatus', () => {
  it.each([
    ['up', 'operational', 'Up'],
    ['degraded', 'degraded_performance', 'Degraded'],
    ['down', 'major_outage', 'Down'],
    ['maintenance', 'under_maintenance', 'Maintenance'],
    ['unknown', 'no_data', 'No data'],
  ] as const)('%s reads %s, "%s"', (status, componentStatus, label) => {
    expect(presentPlaceStatus(status)).toEqual({ status: componentStatus, label });
  });
});

describe('formatPlaceLatency', () => {
  it("formats the newest run's time, and none for a down run (its timeout) or no run", () => {
    expect(formatPlaceLatency('up', 123.4)).toMatch(/^123(\.4)? ms$/);
    expect(formatPlaceLatency('down', 5000)).toBe('—');
    expect(formatPlaceLatency('up', null)).toBe('—');
    expect(formatPlaceLatency('unknown', undefined)).toBe('—');
  });
});
