import { describe, expect, it } from 'vitest';
import { findIncidentChanges } from '../../../../collectors/notify/find-incident-changes.ts';
import {
  buildIncidentPayload,
  describeIncidentChange,
} from '../../../../collectors/notify/incident-payload.ts';
import {
  getIncidentAnnouncer,
  listAffectedGroups,
  SEVERITY_BY_IMPACT,
} from '../../../../collectors/notify/notify-incident-changes.ts';
import { isNoticeWanted } from '../../../../collectors/notify/notify-webhooks.ts';
import type { LoadedIncident } from '../../../../core/incidents/validate-incidents.ts';
import {
  ConfigSchema,
  type IncidentInput,
  IncidentSchema,
  WebhookSchema,
} from '../../../../core/model/index.ts';

const NOW = new Date('2026-11-22T12:00:00Z');

function record(slug: string, fields: Partial<IncidentInput> = {}): LoadedIncident {
  const incident = IncidentSchema.parse({
    title: slug,
    status: 'investigating',
    start: '2026-11-22T11:00:00Z',
    ...fields,
  });
  return { slug, fileName: `${slug}.md`, incident, body: '' };
}

const maintenance = (slug: string, start: string, end: string, extra: Partial<IncidentInput> = {}) =>
  record(slug, { kind: 'maintenance', status: 'scheduled', start, end, ...extra });

const events = (found: ReturnType<typeof findIncidentChanges>) =>
  found.changes.map((change) => `${change.slug} ${change.event}`);

describe('findIncidentChanges', () => {
  it('takes what is in progress at the first run as known, not news', () => {
    const found = findIncidentChanges(
      [record('outage'), record('old', { status: 'resolved', end: '2026-11-22T11:30:00Z' })],
      undefined,
      NOW,
    );
    expect(found).toEqual({ changes: [], announced: ['outage'] });
  });

  it('announces a start once, then its end once', () => {
    const open = record('outage');
    const started = findIncidentChanges([open], [], NOW);
    expect(events(started)).toEqual(['outage started']);
    expect(started.announced).toEqual(['outage']);
    expect(findIncidentChanges([open], started.announced, NOW).changes).toEqual([]);
    const closed = record('outage', { status: 'resolved', end: '2026-11-22T11:50:00Z' });
    const ended = findIncidentChanges([closed], started.announced, NOW);
    expect(events(ended)).toEqual(['outage ended']);
    expect(ended.announced).toEqual([]);
    expect(findIncidentChanges([closed], ended.announced, NOW).changes).toEqual([]);
  });

  it('decides maintenance by the clock: nothing while upcoming, start inside the window, end after it', () => {
    const window = maintenance('upgrade', '2026-11-22T13:00:00Z', '2026-11-22T14:00:00Z');
    expect(findIncidentChanges([window], [], NOW)).toEqual({ changes: [], announced: [] });
    const started = findIncidentChanges([window], [], new Date('2026-11-22T13:00:00Z'));
    expect(events(started)).toEqual(['upgrade started']);
    expect(started.changes[0]).toMatchObject({ kind: 'maintenance', at: '2026-11-22T13:00:00.000Z' });
    const ended = findIncidentChanges([window], ['upgrade'], new Date('2026-11-22T14:00:00Z'));
    expect(events(ended)).toEqual(['upgrade ended']);
  });

  it('never announces drafts, and forgets an announced entry turned back into a draft or deleted', () => {
    expect(findIncidentChanges([record('auto', { draft: true })], [], NOW)).toEqual({
      changes: [],
      announced: [],
    });
    expect(findIncidentChanges([record('gone', { draft: true })], ['gone', 'deleted'], NOW)).toEqual({
      changes: [],
      announced: [],
    });
  });

  it('keeps the announcement of a file that exists but cannot be read, so fixing it is not news', () => {
    const found = findIncidentChanges([], ['broken'], NOW, new Set(['broken']));
    expect(found).toEqual({ changes: [], announced: ['broken'] });
  });

  it('says nothing of an entry that started and ended between two runs, or was written after the fact', () => {
    const past = maintenance('quick', '2026-11-22T10:00:00Z', '2026-11-22T10:05:00Z');
    const postmortem = record('postmortem', {
      status: 'resolved',
      start: '2026-11-21T09:00:00Z',
      end: '2026-11-21T10:00:00Z',
    });
    expect(findIncidentChanges([past, postmortem], [], NOW)).toEqual({ changes: [], announced: [] });
  });

  it('forgets a postponed maintenance, and announces a reopened incident again', () => {
    const postponed = maintenance('moved', '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z');
    expect(findIncidentChanges([postponed], ['moved'], NOW)).toEqual({ changes: [], announced: [] });
    expect(events(findIncidentChanges([record('again')], [], NOW))).toEqual(['again started']);
  });
});

describe('who is told', () => {
  const config = ConfigSchema.parse({
    groups: [
      { id: 'core', name: 'Core' },
      { id: 'lab', name: 'Lab' },
    ],
    sources: [{ id: 'old', enabled: false }, { id: 'east' }, { id: 'west' }],
    checks: [
      { id: 'db', name: 'Database', group: 'core', source: 'east', type: 'command', command: ['true'] },
      { id: 'gpu', group: 'lab', source: 'west', type: 'command', command: ['true'] },
      { id: 'loose', source: 'west', type: 'command', command: ['true'] },
    ],
  });

  it('one source announces: publish.incidentsFrom, else the first enabled source', () => {
    expect(getIncidentAnnouncer(config)).toBe('east');
    expect(getIncidentAnnouncer({ ...config, publish: { ...config.publish, incidentsFrom: 'west' } })).toBe(
      'west',
    );
    // A config without sources: its one collector is the default source, "local".
    expect(getIncidentAnnouncer(ConfigSchema.parse({}))).toBe('local');
  });

  it('rejects an incidentsFrom that names no source', () => {
    const parsed = ConfigSchema.safeParse({
      sources: [{ id: 'east' }],
      publish: { incidentsFrom: 'nowhere' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['publish', 'incidentsFrom'] });
  });

  it.each([
    [['db'], ['core']],
    [['lab'], ['lab']],
    [
      ['db', 'gpu'],
      ['core', 'lab'],
    ],
    [['loose'], []],
    [[], undefined],
  ])('affected %j touches groups %j', (affected, groups) => {
    expect(listAffectedGroups({ affected }, config)).toEqual(groups);
  });

  it.each([
    [{}, 'degraded', ['core'], true],
    [{}, 'maintenance', ['core'], false],
    [{ minSeverity: 'maintenance' }, 'maintenance', ['core'], true],
    [{ minSeverity: 'down' }, 'degraded', undefined, false],
    [{ groups: ['lab'] }, 'down', ['core'], false],
    [{ groups: ['lab'] }, 'down', ['core', 'lab'], true],
    [{ groups: ['lab'] }, 'down', undefined, true],
    [{ groups: ['lab'] }, 'down', [], false],
  ] as const)('webhook %j hears of severity %s in groups %j: %s', (filters, severity, groups, wanted) => {
    const webhook = WebhookSchema.parse({ url: 'https://hooks.example.org/x', ...filters });
    expect(isNoticeWanted(webhook, { severity, groups })).toBe(wanted);
  });

  it('maps incident impact to the severity of the status it gives components', () => {
    expect(SEVERITY_BY_IMPACT).toEqual({
      none: 'maintenance',
      minor: 'degraded',
      major: 'down',
      critical: 'down',
    });
  });

  it('words a maintenance window and links its page', () => {
    const [change] = findIncidentChanges(
      [
        maintenance('upgrade', '2026-11-22T11:00:00Z', '2026-11-22T14:00:00Z', {
          title: 'Storage upgrade',
          affected: ['db', 'lab'],
        }),
      ],
      [],
      NOW,
    ).changes;
    if (!change) throw new Error('expected a change');
    const names = new Map([
      ['db', 'Database'],
      ['lab', 'Lab'],
    ]);
    expect(describeIncidentChange(change, names)).toBe(
      'Maintenance started: Storage upgrade (until 2026-11-22 14:00 UTC) — affects Database, Lab',
    );
    const context = { siteTitle: 'Status', names, pageUrl: 'https://status.example.org/incidents/upgrade/' };
    expect(buildIncidentPayload('json', change, context)).toMatchObject({
      v: 1,
      event: 'maintenance.started',
      slug: 'upgrade',
      affected: ['db', 'lab'],
      url: context.pageUrl,
    });
    expect(buildIncidentPayload('slack', change, context)).toMatchObject({
      text: expect.stringContaining('Status: 🔧 Maintenance started: Storage upgrade'),
    });
    expect(buildIncidentPayload('discord', change, context)).toMatchObject({
      embeds: [{ title: 'Storage upgrade', color: 0x1565c0, url: context.pageUrl }],
    });
  });
});
