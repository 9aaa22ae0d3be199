import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { findIncidentAlerts } from '../../../../collectors/notify/find-incident-alerts.ts';
import { findIncidentChanges } from '../../../../collectors/notify/find-incident-changes.ts';
import { getIncidentPhase } from '../../../../core/incidents/incident-phase.ts';
import { findIncidentWarnings } from '../../../../core/incidents/incident-warnings.ts';
import {
  describeRecurrence,
  findRecurrenceProblem,
  listOccurrences,
  MAX_OCCURRENCES,
  resolveOccurrence,
  toCalendarRule,
} from '../../../../core/incidents/recurrence.ts';
import { buildStatusOverlay, markMaintenanceSamples } from '../../../../core/incidents/status-overlay.ts';
import {
  checkIncidentData,
  type LoadedIncident,
  validateIncidentFiles,
} from '../../../../core/incidents/validate-incidents.ts';
import { ConfigSchema, IncidentSchema } from '../../../../core/model/index.ts';
import { buildMaintenanceCalendar } from '../../../../src/data/incident-calendar.ts';
import type { IncidentModel } from '../../../../src/data/incidents.ts';

// Tuesday 1 December 2026, 06:00–08:00 UTC, every week.
const WEEKLY = {
  title: 'Database patching',
  kind: 'maintenance',
  status: 'scheduled',
  start: '2026-12-01T06:00:00Z',
  end: '2026-12-01T08:00:00Z',
  rrule: 'FREQ=WEEKLY;BYDAY=TU',
  affected: ['api'],
} as const;
const incident = IncidentSchema.parse(WEEKLY);
const record: LoadedIncident = { slug: 'db-patching', fileName: 'db-patching.md', incident, body: '' };
const config = ConfigSchema.parse({
  site: { title: 'Test' },
  checks: [{ id: 'api', name: 'API', type: 'http', url: 'https://example.org/' }],
});
const at = (iso: string) => Date.parse(iso);

describe('recurrence', () => {
  it('lists the weekly windows that overlap a range, the one running at its start included', () => {
    const found = listOccurrences(incident, at('2026-12-08T07:00:00Z'), at('2026-12-23T00:00:00Z'));
    expect(found.map((o) => new Date(o.startMs).toISOString())).toEqual([
      '2026-12-08T06:00:00.000Z',
      '2026-12-15T06:00:00.000Z',
      '2026-12-22T06:00:00.000Z',
    ]);
    expect(found.every((o) => o.endMs - o.startMs === 2 * 3_600_000)).toBe(true);
  });

  it('never lists more than its bound, however long the range, nor past 20 years of a series', () => {
    const everyHour = {
      ...incident,
      rrule: `FREQ=DAILY;BYHOUR=${Array.from({ length: 24 }, (_, hour) => hour).join(',')}`,
      end: '2026-12-01T06:30:00Z',
    };
    expect(listOccurrences(everyHour, at('2026-12-01T00:00:00Z'), at('2100-01-01T00:00:00Z'))).toHaveLength(
      MAX_OCCURRENCES,
    );
    const daily = { ...incident, rrule: 'FREQ=DAILY', end: '2026-12-01T06:30:00Z' };
    expect(listOccurrences(daily, at('2046-12-01T00:00:00Z'), at('2100-01-01T00:00:00Z'))).toHaveLength(0);
  });

  it('is upcoming, in progress and completed by the clock, then upcoming again for next week', () => {
    const phaseAt = (iso: string) => getIncidentPhase(resolveOccurrence(incident, at(iso)), at(iso));
    expect(phaseAt('2026-12-08T05:00:00Z')).toBe('upcoming');
    expect(phaseAt('2026-12-08T06:30:00Z')).toBe('in-progress');
    expect(resolveOccurrence(incident, at('2026-12-08T06:30:00Z')).start).toBe('2026-12-08T06:00:00.000Z');
    expect(phaseAt('2026-12-08T09:00:00Z')).toBe('upcoming');
    expect(resolveOccurrence(incident, at('2026-12-08T09:00:00Z')).start).toBe('2026-12-15T06:00:00.000Z');
    const twice = { ...incident, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2' };
    expect(
      getIncidentPhase(resolveOccurrence(twice, at('2026-12-08T09:00:00Z')), at('2026-12-08T09:00:00Z')),
    ).toBe('completed');
  });

  it('judges each occurrence by the updates posted for it, and ends the series on a completed status', () => {
    const withUpdates = IncidentSchema.parse({
      ...WEEKLY,
      status: 'in-progress',
      updates: [
        { at: '2026-12-01T05:50:00Z', status: 'in-progress', text: 'Started early.' },
        { at: '2026-12-01T07:30:00Z', status: 'completed', text: 'Done early.' },
      ],
    });
    const phaseAt = (entry: typeof withUpdates, iso: string) =>
      getIncidentPhase(resolveOccurrence(entry, at(iso)), at(iso));
    // At 05:55 the file held only the first update.
    const early = { ...withUpdates, updates: withUpdates.updates.slice(0, 1) };
    expect(phaseAt(early, '2026-12-01T05:55:00Z')).toBe('in-progress');
    expect(phaseAt(withUpdates, '2026-12-01T07:45:00Z')).toBe('completed');
    // Next week: last week's updates and the frontmatter's in-progress do not decide it.
    expect(phaseAt(withUpdates, '2026-12-08T05:00:00Z')).toBe('upcoming');
    expect(phaseAt(withUpdates, '2026-12-08T06:30:00Z')).toBe('in-progress');
    // Last week's "completed" is no disagreement with the series' status.
    expect(findIncidentWarnings({ ...withUpdates, status: 'scheduled' })).toEqual([]);
    expect(phaseAt({ ...withUpdates, status: 'completed', updates: [] }, '2026-12-08T06:30:00Z')).toBe(
      'completed',
    );
  });

  it('a completed series stops at its completing update: no later window is maintenance, and the calendar ends', () => {
    const ended = IncidentSchema.parse({
      ...WEEKLY,
      start: '2026-09-01T06:00:00Z',
      end: '2026-09-01T08:00:00Z',
      status: 'completed',
      updates: [{ at: '2026-09-10T12:00:00Z', status: 'completed', text: 'Series over.' }],
    });
    const windows = listOccurrences(ended, at('2026-08-01T00:00:00Z'), at('2026-12-31T00:00:00Z'));
    expect(windows.map((window) => new Date(window.startMs).toISOString())).toEqual([
      '2026-09-01T06:00:00.000Z',
      '2026-09-08T06:00:00.000Z',
    ]);
    const now = resolveOccurrence(ended, at('2026-12-01T07:00:00Z'));
    expect(now.start).toBe('2026-09-08T06:00:00.000Z');
    expect(getIncidentPhase(now, at('2026-12-01T07:00:00Z'))).toBe('completed');
    expect(toCalendarRule({ ...ended, rrule: WEEKLY.rrule })).toBe(
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260910T120000Z',
    );
    // No later Tuesday is painted as maintenance any more.
    expect(buildStatusOverlay([ended], config, at('2026-12-01T07:00:00Z')).getStatus('api', 'down')).toBe(
      'down',
    );
  });

  it('says the rule in words', () => {
    expect(describeRecurrence(incident as typeof incident & { rrule: string })).toBe(
      'Every Tuesday 06:00–08:00 UTC',
    );
  });

  it('rejects a rule it cannot expand, naming the field', () => {
    expect(findRecurrenceProblem('FREQ=WEEKLYX')).toMatch(/FREQ=WEEKLYX/);
    expect(findRecurrenceProblem('BYDAY=TU')).toMatch(/needs a FREQ/);
    expect(findRecurrenceProblem('FREQ=WEEKLY;BYDAY=XX')).toBeDefined();
    expect(findRecurrenceProblem('FREQ=WEEKLY;FOO=1')).toMatch(/unknown rule part FOO/);
    expect(findRecurrenceProblem('FREQ=MINUTELY')).toBeDefined();
    expect(findRecurrenceProblem('FREQ=HOURLY')).toMatch(/FREQ=HOURLY is not one of/);
    // Values that would make the expansion loop for ever, throw, or walk to year 9999.
    expect(findRecurrenceProblem('FREQ=DAILY;INTERVAL=-1')).toMatch(/INTERVAL=-1 must be a whole number/);
    expect(findRecurrenceProblem('FREQ=DAILY;INTERVAL=0')).toMatch(/INTERVAL=0/);
    expect(findRecurrenceProblem('FREQ=DAILY;COUNT=0')).toMatch(/COUNT=0/);
    expect(findRecurrenceProblem('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=0')).toMatch(/BYSETPOS=0/);
    expect(findRecurrenceProblem('FREQ=DAILY;BYSECOND=1,2')).toMatch(/BYSECOND/);
    expect(findRecurrenceProblem('FREQ=DAILY;BYMINUTE=0,30')).toMatch(/BYMINUTE takes one minute/);
    expect(findRecurrenceProblem('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')).toMatch(
      /matches no day within two years/,
    );
    expect(findRecurrenceProblem('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1')).toBeUndefined();
    expect(findRecurrenceProblem('FREQ=WEEKLY;BYDAY=TU')).toBeUndefined();
    const checked = checkIncidentData({ ...WEEKLY, rrule: 'FREQ=WEEKLYX' }, config);
    expect(checked.problems).toEqual([expect.stringMatching(/^rrule: /)]);
    const onIncident = checkIncidentData({ ...WEEKLY, kind: 'incident', status: 'investigating' }, config);
    expect(onIncident.problems.join('\n')).toMatch(/rrule.*only a maintenance can recur/);
  });

  it('stops validation with a line naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-rrule-'));
    try {
      const dataDir = path.join(dir, 'data');
      await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
      await writeFile(
        path.join(dataDir, 'incidents', 'weekly-db-patching.md'),
        `---\ntitle: Patching\nkind: maintenance\nstatus: scheduled\nstart: 2026-12-01T06:00:00Z\nend: 2026-12-01T08:00:00Z\nrrule: FREQ=WEEKLYX\n---\n`,
      );
      const validation = await validateIncidentFiles(dataDir, config);
      expect(validation.incidents).toEqual([]);
      expect(validation.problems).toEqual([
        `${dataDir}/incidents/weekly-db-patching.md: rrule: FREQ=WEEKLYX is not one of YEARLY, MONTHLY, WEEKLY, DAILY`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('paints its components only while an occurrence runs and excludes every past window from uptime', () => {
    expect(buildStatusOverlay([incident], config, at('2026-12-08T07:00:00Z')).getStatus('api', 'down')).toBe(
      'maintenance',
    );
    const later = buildStatusOverlay([incident], config, at('2026-12-16T12:00:00Z'));
    expect(later.getStatus('api', 'down')).toBe('down');
    const samples = ['2026-12-08T07:00:00Z', '2026-12-09T07:00:00Z', '2026-12-15T06:00:00Z'].map((t) => ({
      t: at(t),
      result: { status: 'down' as const },
    }));
    expect(
      markMaintenanceSamples(samples, later.getMaintenanceWindows('api')).map((s) => s.result.status),
    ).toEqual(['maintenance', 'down', 'maintenance']);
  });

  it('is one recurring event in maintenance.ics, which ical.js expands to the same occurrences', () => {
    const nowMs = at('2026-12-08T07:00:00Z');
    const current = resolveOccurrence(incident, nowMs);
    const model = {
      slug: 'db-patching',
      title: incident.title,
      kind: 'maintenance',
      startMs: at(current.start),
      endMs: at(current.end ?? current.start),
      estimatedResolutionMs: undefined,
      updates: [],
      affected: [],
      updatedMs: at(WEEKLY.start),
      href: '/incidents/db-patching/',
      recurrence: {
        rrule: WEEKLY.rrule,
        firstStartMs: at(WEEKLY.start),
        firstEndMs: at(WEEKLY.end),
        text: 'Every Tuesday 06:00–08:00 UTC',
      },
    } as unknown as IncidentModel;
    const text = buildMaintenanceCalendar([model], { title: 'Test', siteUrl: undefined, nowMs });
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const event = new ICAL.Event(events[0]);
    expect(event.isRecurring()).toBe(true);
    expect(event.duration.toSeconds()).toBe(2 * 3600);
    const iterator = event.iterator();
    const fromIcal: number[] = [];
    for (let next = iterator.next(); next && fromIcal.length < 6; next = iterator.next()) {
      fromIcal.push(next.toJSDate().getTime());
    }
    const ours = listOccurrences(incident, at('2026-12-01T00:00:00Z'), at('2027-01-06T00:00:00Z'));
    expect(ours.map((o) => o.startMs)).toEqual(fromIcal);
  });
});

describe('recurring maintenance alerts', () => {
  const run = (iso: string, announced: Record<string, { updates: number }> | undefined) =>
    findIncidentAlerts({
      providers: [{ id: 'ops', events: ['maintenance.started', 'maintenance.ended'] } as never],
      config,
      incidents: [record],
      presentSlugs: new Set(),
      announced,
      now: new Date(iso),
      site: 'Test',
      pageUrlOf: (slug) => `https://status.example.org/incidents/${slug}/`,
    });

  it('announces each of two occurrences started and ended once, each under its own key', () => {
    let announced: Record<string, { updates: number }> | undefined = run(
      '2026-12-01T05:00:00Z',
      undefined,
    ).announced;
    const seen: string[] = [];
    for (const iso of [
      '2026-12-01T05:55:00Z',
      '2026-12-01T06:05:00Z',
      '2026-12-01T06:10:00Z',
      '2026-12-01T08:05:00Z',
      '2026-12-01T08:10:00Z',
      '2026-12-08T06:05:00Z',
      '2026-12-08T07:00:00Z',
      '2026-12-08T08:05:00Z',
    ]) {
      const found = run(iso, announced);
      announced = found.announced;
      seen.push(...found.alerts.map((a) => `${iso} ${a.alert.event} ${a.alert.key} ${a.alert.url}`));
    }
    const url = 'https://status.example.org/incidents/db-patching/';
    expect(seen).toEqual([
      `2026-12-01T06:05:00Z maintenance.started vigil/maintenance/db-patching@2026-12-01T06:00:00.000Z ${url}`,
      `2026-12-01T08:05:00Z maintenance.ended vigil/maintenance/db-patching@2026-12-01T06:00:00.000Z ${url}`,
      `2026-12-08T06:05:00Z maintenance.started vigil/maintenance/db-patching@2026-12-08T06:00:00.000Z ${url}`,
      `2026-12-08T08:05:00Z maintenance.ended vigil/maintenance/db-patching@2026-12-08T06:00:00.000Z ${url}`,
    ]);
    expect(announced).toEqual({});
  });

  it('the webhook announcer does the same for two occurrences', () => {
    let announced: string[] | undefined = findIncidentChanges(
      [record],
      undefined,
      new Date('2026-12-01T05:00:00Z'),
    ).announced;
    const seen: string[] = [];
    for (const iso of [
      '2026-12-01T06:05:00Z',
      '2026-12-01T07:00:00Z',
      '2026-12-01T08:05:00Z',
      '2026-12-08T06:05:00Z',
      '2026-12-08T08:05:00Z',
    ]) {
      const found = findIncidentChanges([record], announced, new Date(iso));
      announced = found.announced;
      seen.push(...found.changes.map((c) => `${c.slug} ${c.event} ${c.start}`));
    }
    expect(seen).toEqual([
      'db-patching started 2026-12-01T06:00:00.000Z',
      'db-patching ended 2026-12-01T06:00:00.000Z',
      'db-patching started 2026-12-08T06:00:00.000Z',
      'db-patching ended 2026-12-08T06:00:00.000Z',
    ]);
  });
});
