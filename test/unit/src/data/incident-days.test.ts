import { describe, expect, it } from 'vitest';
import { groupIncidentsByMonth, listIncidentDays } from '../../../../src/data/incident-days.ts';
import type { IncidentModel } from '../../../../src/data/incidents.ts';
import { toVigilPastIncidents } from '../../../../src/data/vigil-summary-extension.ts';
import { setSiteTimeZone } from '../../../../src/lib/format.ts';

const HOUR_MS = 3_600_000;
const NOW_MS = Date.parse('2026-12-01T09:30:00Z');

function model(slug: string, startMs: number, fields: Partial<IncidentModel> = {}): IncidentModel {
  return {
    slug,
    title: slug,
    kind: 'incident',
    impact: 'minor',
    status: 'resolved',
    startMs,
    endMs: startMs + HOUR_MS,
    estimatedResolutionMs: undefined,
    phase: 'resolved',
    badgeLabel: 'Resolved',
    latestStatus: 'resolved',
    latestAtMs: startMs + HOUR_MS,
    clock: { start: new Date(startMs).toISOString(), end: undefined, estimatedResolution: undefined },
    affected: [],
    affectedCheckIds: [],
    updates: [
      {
        atMs: startMs + HOUR_MS,
        status: 'resolved',
        text: '',
        html: '',
        plainText: 'All fixed.\n\nMore detail.',
      },
    ],
    bodyHtml: '',
    bodyText: '',
    updatedMs: startMs + HOUR_MS,
    href: `/incidents/${slug}/`,
    ...fields,
  };
}

describe('listIncidentDays', () => {
  it('lists the last seven days, today first, each with what began on it or nothing', () => {
    const days = listIncidentDays(
      [
        model('today-late', NOW_MS - HOUR_MS),
        model('today-early', NOW_MS - 9 * HOUR_MS),
        model('three-days-ago', NOW_MS - 72 * HOUR_MS),
        model('too-old', NOW_MS - 8 * 24 * HOUR_MS),
        model('upcoming', NOW_MS + 2 * HOUR_MS, { kind: 'maintenance', phase: 'upcoming' }),
      ],
      NOW_MS,
    );
    expect(days.map((day) => day.key)).toEqual([
      '2026-12-01',
      '2026-11-30',
      '2026-11-29',
      '2026-11-28',
      '2026-11-27',
      '2026-11-26',
      '2026-11-25',
    ]);
    expect(days[0]?.label).toBe('1 December 2026');
    expect(days[0]?.incidents.map((entry) => entry.incident.slug)).toEqual(['today-late', 'today-early']);
    expect(days[0]?.incidents[0]?.summary).toBe('All fixed.');
    expect(days[3]?.incidents.map((entry) => entry.incident.slug)).toEqual(['three-days-ago']);
    expect(days.filter((day) => day.incidents.length === 0)).toHaveLength(5);
  });
});

describe('toVigilPastIncidents', () => {
  it('publishes each entry of the past days with its day, badge and latest line, newest first', () => {
    const days = listIncidentDays(
      [model('today-late', NOW_MS - HOUR_MS), model('three-days-ago', NOW_MS - 72 * HOUR_MS)],
      NOW_MS,
    );
    expect(toVigilPastIncidents(days)).toEqual([
      {
        id: 'today-late',
        name: 'today-late',
        kind: 'incident',
        impact: 'minor',
        day: '2026-12-01',
        badge: 'Resolved',
        phase: 'resolved',
        latest_status: 'resolved',
        latest_at: new Date(NOW_MS).toISOString(),
        summary: 'All fixed.',
      },
      expect.objectContaining({ id: 'three-days-ago', day: '2026-11-28' }),
    ]);
  });
});

describe('groupIncidentsByMonth', () => {
  it("groups by the month of the site's zone: 00:30 CET on 1 December is December", () => {
    const justAfterMidnightCet = Date.parse('2026-11-30T23:30:00Z');
    const incidents = [
      model('december', justAfterMidnightCet),
      model('november', Date.parse('2026-11-20T12:00:00Z')),
    ];
    try {
      setSiteTimeZone('Europe/Berlin');
      expect(groupIncidentsByMonth(incidents).map((month) => [month.key, month.label])).toEqual([
        ['2026-12', 'December 2026'],
        ['2026-11', 'November 2026'],
      ]);
      setSiteTimeZone('UTC');
      expect(groupIncidentsByMonth(incidents).map((month) => month.key)).toEqual(['2026-11']);
    } finally {
      setSiteTimeZone('UTC');
    }
  });
});
