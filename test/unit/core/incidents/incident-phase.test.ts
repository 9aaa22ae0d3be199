import { describe, expect, it } from 'vitest';
import {
  getBadgeLabel,
  getCurrentStatus,
  getIncidentPhase,
  getShownStatus,
} from '../../../../core/incidents/incident-phase.ts';
import { findIncidentWarnings, getResolvedMs } from '../../../../core/incidents/incident-warnings.ts';
import { type Incident, IncidentSchema } from '../../../../core/model/index.ts';

const HOUR_MS = 3_600_000;
const START = '2026-12-01T08:00:00.000Z';
const START_MS = Date.parse(START);
const at = (hours: number) => new Date(START_MS + hours * HOUR_MS).toISOString();

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

const update = (hours: number, status: Incident['status']) => ({ at: at(hours), status, text: 't' });

describe('an incident is open until its current status says resolved', () => {
  it.each([
    {
      when: 'the newest update says identified, the frontmatter still investigating',
      entry: incident({ updates: [update(0.5, 'investigating'), update(1, 'identified')] }),
      status: 'identified',
      phase: 'active',
      badge: 'Identified',
    },
    {
      when: 'an end in the future on an open incident (meant as an estimate)',
      entry: incident({ status: 'identified', end: at(6) }),
      status: 'identified',
      phase: 'active',
      badge: 'Identified',
    },
    {
      when: 'an end in the past on an open incident',
      entry: incident({ status: 'monitoring', end: at(1) }),
      status: 'monitoring',
      phase: 'active',
      badge: 'Monitoring',
    },
    {
      when: 'the frontmatter says resolved but the newest update reopened it',
      entry: incident({
        status: 'resolved',
        end: at(2),
        updates: [update(1, 'resolved'), update(3, 'investigating')],
      }),
      status: 'investigating',
      phase: 'active',
      badge: 'Investigating',
    },
    {
      when: 'the frontmatter closed it with an end, the closing update forgotten',
      entry: incident({
        status: 'resolved',
        end: at(4),
        updates: [update(1, 'identified'), update(3, 'monitoring')],
      }),
      status: 'resolved',
      phase: 'resolved',
      badge: 'Resolved',
    },
    {
      when: 'the newest update resolves it',
      entry: incident({ updates: [update(0.5, 'investigating'), update(2, 'resolved')] }),
      status: 'resolved',
      phase: 'resolved',
      badge: 'Resolved',
    },
  ])('$when: $status, $phase', ({ entry, status, phase, badge }) => {
    expect(getCurrentStatus(entry)).toBe(status);
    expect(getIncidentPhase(entry, START_MS + 10 * HOUR_MS)).toBe(phase);
    expect(getBadgeLabel(entry, START_MS + 10 * HOUR_MS)).toBe(badge);
  });

  it('is resolved at its end, or at the update that resolved it; never while open', () => {
    expect(getResolvedMs(incident({ status: 'identified', end: at(6) }))).toBeUndefined();
    expect(getResolvedMs(incident({ status: 'resolved', end: at(2) }))).toBe(START_MS + 2 * HOUR_MS);
    expect(getResolvedMs(incident({ updates: [update(3, 'resolved')] }))).toBe(START_MS + 3 * HOUR_MS);
  });
});

describe('a maintenance is decided by the clock and its newest update', () => {
  const maintenance = incident({
    kind: 'maintenance',
    status: 'scheduled',
    end: at(2),
    updates: [update(-24, 'scheduled')],
  });

  it.each([
    { hours: -1, phase: 'upcoming', shown: 'scheduled', badge: 'Upcoming' },
    { hours: 1, phase: 'in-progress', shown: 'in-progress', badge: 'In progress' },
    { hours: 2, phase: 'completed', shown: 'completed', badge: 'Completed' },
  ])('$hours h after start: $phase, latest line "$shown"', ({ hours, phase, shown, badge }) => {
    const nowMs = START_MS + hours * HOUR_MS;
    expect(getIncidentPhase(maintenance, nowMs)).toBe(phase);
    // Once started, the latest line never reads "Scheduled".
    expect(getShownStatus(maintenance, nowMs)).toBe(shown);
    expect(getBadgeLabel(maintenance, nowMs)).toBe(badge);
  });

  it('runs late until its estimatedResolution, and says Verifying while verified', () => {
    const late = {
      ...maintenance,
      estimatedResolution: at(3),
      updates: [update(1, 'in-progress'), update(2, 'verifying')],
    };
    expect(getIncidentPhase(late, START_MS + 2.5 * HOUR_MS)).toBe('in-progress');
    expect(getBadgeLabel(late, START_MS + 2.5 * HOUR_MS)).toBe('Verifying');
    expect(getIncidentPhase(late, START_MS + 3 * HOUR_MS)).toBe('completed');
  });

  it('is completed early by a completed update, whatever the frontmatter says', () => {
    const early = { ...maintenance, status: 'in-progress' as const, updates: [update(0.5, 'completed')] };
    expect(getIncidentPhase(early, START_MS + HOUR_MS)).toBe('completed');
  });
});

describe('estimatedResolution', () => {
  it('is a field of its own, checked against start', () => {
    const base = { title: 'x', status: 'identified', start: START };
    expect(
      IncidentSchema.parse({ ...base, estimatedResolution: '2026-12-01T14:00:00Z' }).estimatedResolution,
    ).toBe('2026-12-01T14:00:00.000Z');
    const early = IncidentSchema.safeParse({ ...base, estimatedResolution: '2026-12-01T07:00:00Z' });
    expect(
      early.success ? [] : early.error.issues.map((issue) => [issue.path.join('.'), issue.message]),
    ).toEqual([['estimatedResolution', '2026-12-01T07:00:00.000Z is before start 2026-12-01T08:00:00.000Z']]);
  });
});

describe('findIncidentWarnings', () => {
  it('names the field when the frontmatter status disagrees with the newest update', () => {
    const entry = incident({
      status: 'investigating',
      updates: [update(0.5, 'investigating'), update(1, 'identified')],
    });
    expect(findIncidentWarnings(entry)).toEqual([
      'status: "investigating" disagrees with the newest update (updates[1].status: "identified"); the site shows "identified", so set status: identified',
    ]);
  });

  it('says where an expected end belongs', () => {
    expect(findIncidentWarnings(incident({ status: 'identified', end: at(6) }))).toEqual([
      `end: the incident is not resolved, so end (${at(6)}) is not shown as its end; end is when it was resolved, so move an expected end to estimatedResolution`,
    ]);
  });

  it('asks for the end of an incident an update resolved', () => {
    expect(
      findIncidentWarnings(incident({ status: 'resolved', end: at(2), updates: [update(2, 'resolved')] })),
    ).toEqual([]);
    expect(findIncidentWarnings(incident({ updates: [update(2, 'resolved')] }))).toEqual([
      'status: "investigating" disagrees with the newest update (updates[0].status: "resolved"); the site shows "resolved", so set status: resolved',
      "end: the newest update resolves the incident but there is no end; the site uses that update's time (updates[0].at), so add end",
    ]);
  });

  it('asks for the closing update of a file closed only in its frontmatter', () => {
    const entry = incident({ status: 'resolved', end: at(4), updates: [update(3, 'monitoring')] });
    expect(findIncidentWarnings(entry)).toEqual([
      'status: "resolved" with an end, but the newest update says "monitoring" (updates[0].status); the site shows it resolved, so add an update that says so',
    ]);
  });

  it('is quiet for an incident that agrees with itself', () => {
    expect(
      findIncidentWarnings(
        incident({ status: 'identified', estimatedResolution: at(6), updates: [update(1, 'identified')] }),
      ),
    ).toEqual([]);
  });
});
