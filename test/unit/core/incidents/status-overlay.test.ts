import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { getIncidentPhase } from '../../../../core/incidents/incident-phase.ts';
import { buildStatusOverlay, markMaintenanceSamples } from '../../../../core/incidents/status-overlay.ts';
import { ConfigSchema, type Incident } from '../../../../core/model/index.ts';
import { buildMaintenanceCalendar, escapeText, foldLine } from '../../../../src/data/incident-calendar.ts';
import type { IncidentModel } from '../../../../src/data/incidents.ts';

const HOUR_MS = 3_600_000;
const START = '2026-12-01T08:00:00.000Z';
const END = '2026-12-01T10:00:00.000Z';
const START_MS = Date.parse(START);

const config = ConfigSchema.parse({
  groups: [{ id: 'core', name: 'Core' }],
  checks: [
    { id: 'web', type: 'http', group: 'core', url: 'https://www.example.org/' },
    { id: 'api', type: 'http', group: 'core', url: 'https://api.example.org/' },
    { id: 'db', type: 'tcp', host: 'db.example.org', port: 5432 },
  ],
});

function incident(fields: Partial<Incident>): Incident {
  return {
    title: 'x',
    kind: 'incident',
    impact: 'major',
    status: 'investigating',
    affected: [],
    start: START,
    updates: [],
    draft: false,
    ...fields,
  };
}

describe('getIncidentPhase', () => {
  const maintenance = incident({ kind: 'maintenance', status: 'scheduled', end: END });
  it.each([
    { when: 'an hour before start', nowMs: START_MS - HOUR_MS, entry: maintenance, phase: 'upcoming' },
    { when: 'at start', nowMs: START_MS, entry: maintenance, phase: 'in-progress' },
    { when: 'at end', nowMs: START_MS + 2 * HOUR_MS, entry: maintenance, phase: 'completed' },
    {
      when: 'started early by status',
      nowMs: START_MS - HOUR_MS,
      entry: { ...maintenance, status: 'in-progress' as const },
      phase: 'in-progress',
    },
    {
      when: 'completed early by status',
      nowMs: START_MS + HOUR_MS,
      entry: { ...maintenance, status: 'completed' as const },
      phase: 'completed',
    },
    { when: 'an open incident', nowMs: START_MS, entry: incident({}), phase: 'active' },
    {
      when: 'a resolved incident',
      nowMs: START_MS,
      entry: incident({ status: 'resolved', end: END }),
      phase: 'resolved',
    },
  ])('$when: $phase', ({ entry, nowMs, phase }) => {
    expect(getIncidentPhase(entry, nowMs)).toBe(phase);
  });
});

describe('buildStatusOverlay', () => {
  it('shows an active incident’s impact on its components even while probes see them up', () => {
    const overlay = buildStatusOverlay(
      [incident({ affected: ['core', { id: 'db', impact: 'minor' }] })],
      config,
      START_MS,
    );
    expect(overlay.getStatus('web', 'up')).toBe('down');
    expect(overlay.getStatus('api', 'degraded')).toBe('down');
    expect(overlay.getStatus('db', 'up')).toBe('degraded');
    expect(overlay.getStatus('db', 'down')).toBe('down');
  });

  it('ignores resolved incidents, drafts and impact none', () => {
    const overlay = buildStatusOverlay(
      [
        incident({ affected: ['web'], status: 'resolved', end: END }),
        incident({ affected: ['api'], draft: true }),
        incident({ affected: ['db'], impact: 'none' }),
      ],
      config,
      START_MS,
    );
    expect(['web', 'api', 'db'].map((id) => overlay.getStatus(id, 'up'))).toEqual(['up', 'up', 'up']);
  });

  it('puts components under maintenance only while it is in progress, and marks samples in its window', () => {
    const maintenance = incident({ kind: 'maintenance', status: 'scheduled', end: END, affected: ['db'] });
    expect(buildStatusOverlay([maintenance], config, START_MS - 1).getStatus('db', 'down')).toBe('down');
    const overlay = buildStatusOverlay([maintenance], config, START_MS + 1);
    expect(overlay.getStatus('db', 'down')).toBe('maintenance');
    const samples = [-1, 0, HOUR_MS, 2 * HOUR_MS].map((offsetMs) => ({
      t: START_MS + offsetMs,
      result: { status: 'down' as const },
    }));
    const marked = markMaintenanceSamples(samples, overlay.getMaintenanceWindows('db'));
    expect(marked.map((sample) => sample.result.status)).toEqual([
      'down',
      'maintenance',
      'maintenance',
      'down',
    ]);
    expect(overlay.getMaintenanceWindows('web')).toEqual([]);
  });
});

describe('the maintenance calendar', () => {
  it('escapes text and folds long lines at 75 octets without splitting a character', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(80)}`);
    const lines = folded.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((line) => line.startsWith(' '))).toBe(true);
    expect(lines.map((line, index) => (index === 0 ? line : line.slice(1))).join('')).toBe(
      `DESCRIPTION:${'é'.repeat(80)}`,
    );
  });

  it('is read by ical.js with the events, times and text intact', () => {
    const model: IncidentModel = {
      slug: '2026-12-01-database-upgrade',
      title: 'Database upgrade; part 1, with a very long title that needs folding over several lines',
      kind: 'maintenance',
      impact: 'none',
      status: 'scheduled',
      startMs: START_MS,
      endMs: Date.parse(END),
      estimatedResolutionMs: undefined,
      phase: 'upcoming',
      badgeLabel: 'Upcoming',
      latestStatus: 'scheduled',
      latestAtMs: START_MS - HOUR_MS,
      clock: { start: START, end: END, estimatedResolution: undefined },
      affected: [{ id: 'db', name: 'Database', impact: 'none', href: '/components/db/' }],
      affectedCheckIds: ['db'],
      updates: [
        {
          atMs: START_MS - HOUR_MS,
          status: 'scheduled',
          text: 'Line one\nLine <b>two</b>, ü',
          html: '<p>Line one\nLine <b>two</b>, ü</p>',
          plainText: 'Line one\nLine two, ü',
        },
      ],
      bodyHtml: '',
      bodyText: '',
      updatedMs: START_MS - HOUR_MS,
      href: '/incidents/2026-12-01-database-upgrade/',
    };
    const text = buildMaintenanceCalendar([model], {
      title: 'Example',
      siteUrl: 'https://status.example.org/',
      nowMs: START_MS - 2 * HOUR_MS,
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const [event] = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    expect(event?.uid).toBe('2026-12-01-database-upgrade@status.example.org');
    expect(event?.summary).toBe(model.title);
    // The whole entry (issue 20): what it affects, then every update, newest first, with its status and time.
    expect(event?.description).toBe(
      'Affects: Database\n\nUpdates, newest first:\n\nScheduled, 2026-12-01 07:00 UTC\nLine one\nLine two, ü',
    );
    expect(event?.startDate.toJSDate().toISOString()).toBe(START);
    expect(event?.endDate.toJSDate().toISOString()).toBe(END);
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('url')).toBe(
      'https://status.example.org/incidents/2026-12-01-database-upgrade/',
    );
  });
});
