import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../core/config/load-config.ts';
import { checkIncidentData, validateIncidentFiles } from '../../../../core/incidents/validate-incidents.ts';
import type { Config } from '../../../../core/model/index.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/incidents/', import.meta.url));

const VALID = {
  title: 'API errors',
  status: 'investigating',
  affected: ['api'],
  start: '2026-11-20T09:00:00Z',
};

describe('the incident schema', () => {
  let config: Config;
  beforeAll(async () => {
    config = (await loadConfig({ path: path.join(FIXTURES, 'status.config.yaml') })).config;
  });

  it('accepts a minimal incident and fills the defaults', () => {
    const { incident, problems } = checkIncidentData(VALID, config);
    expect(problems).toEqual([]);
    expect(incident).toMatchObject({
      kind: 'incident',
      impact: 'minor',
      start: '2026-11-20T09:00:00.000Z',
      updates: [],
      draft: false,
    });
  });

  it.each([
    {
      rule: 'unknown ids in affected (a check or group of the config)',
      input: { ...VALID, affected: ['web', 'mail', { id: 'smtp', impact: 'major' }, 'core'] },
      problems: [
        'affected[1]: unknown check or group "mail"; use an id from the config (known: web, api, db, queue, core, infra)',
        'affected[2].id: unknown check or group "smtp"; use an id from the config (known: web, api, db, queue, core, infra)',
      ],
    },
    {
      rule: 'an end before the start',
      input: { ...VALID, status: 'resolved', end: '2026-11-20T08:00:00Z' },
      problems: ['end: 2026-11-20T08:00:00.000Z is before start 2026-11-20T09:00:00.000Z'],
    },
    {
      rule: 'an update out of time order',
      input: {
        ...VALID,
        updates: [
          { at: '2026-11-20T10:00:00Z', status: 'investigating', text: 'First.' },
          { at: '2026-11-20T09:30:00Z', status: 'identified', text: 'Second.' },
        ],
      },
      problems: [
        'updates[1].at: 2026-11-20T09:30:00.000Z is earlier than the update before it (2026-11-20T10:00:00.000Z); list updates oldest first',
      ],
    },
    {
      rule: 'a resolved incident without an end',
      input: { ...VALID, status: 'resolved' },
      problems: ['end: a resolved incident needs an end time'],
    },
    {
      rule: 'a bad date',
      input: { ...VALID, start: 'last tuesday' },
      problems: [
        'start: expected a date and time with a time zone, like "2026-11-22T14:05:00Z", got "last tuesday"',
      ],
    },
    {
      rule: 'a date without a time zone',
      input: { ...VALID, start: '2026-11-20 09:00' },
      problems: [
        'start: expected a date and time with a time zone, like "2026-11-22T14:05:00Z", got "2026-11-20 09:00"',
      ],
    },
    {
      rule: 'a bad date inside an update',
      input: { ...VALID, updates: [{ at: '2026-13-40T10:00:00Z', status: 'investigating', text: 'x' }] },
      problems: [
        'updates[0].at: expected a date and time with a time zone, like "2026-11-22T14:05:00Z", got "2026-13-40T10:00:00Z"',
      ],
    },
    {
      rule: 'a maintenance status on an incident',
      input: { ...VALID, status: 'completed' },
      problems: [
        'status: "completed" is not a status of an incident; use one of investigating, identified, monitoring, resolved',
      ],
    },
    {
      rule: 'an incident status on a maintenance update',
      input: {
        ...VALID,
        kind: 'maintenance',
        status: 'scheduled',
        end: '2026-11-20T10:00:00Z',
        updates: [{ at: '2026-11-19T10:00:00Z', status: 'resolved', text: 'x' }],
      },
      problems: [
        'updates[0].status: "resolved" is not a status of a maintenance; use one of scheduled, in-progress, verifying, completed',
      ],
    },
    {
      rule: 'a maintenance without its planned end',
      input: { ...VALID, kind: 'maintenance', status: 'scheduled' },
      problems: ['end: a maintenance needs the planned end of its window'],
    },
    {
      rule: 'unknown words and fields',
      input: { ...VALID, impact: 'huge', severity: 3, title: undefined },
      problems: [
        'title: required field is missing',
        'impact: expected one of none, minor, major, critical, got "huge"',
        'severity: unknown field; check the spelling (see docs/incidents.md)',
      ],
    },
    {
      rule: 'an affected entry with a bad impact',
      input: { ...VALID, affected: [{ id: 'api', impact: 'bad' }] },
      problems: [
        'affected[0]: expected a check or group id, or { id, impact } with impact none, minor, major or critical, got {"id":"api","impact":"bad"}',
      ],
    },
  ])('rejects $rule', ({ input, problems }) => {
    expect(checkIncidentData(input, config)).toEqual({ problems });
  });

  it('reports unknown affected ids even when other fields are invalid too', () => {
    const { problems } = checkIncidentData({ ...VALID, status: 'resolved', affected: ['mail'] }, config);
    expect(problems).toEqual([
      'end: a resolved incident needs an end time',
      'affected[0]: unknown check or group "mail"; use an id from the config (known: web, api, db, queue, core, infra)',
    ]);
  });
});

describe('validateIncidentFiles', () => {
  let tempDir: string;
  let config: Config;
  beforeAll(async () => {
    config = (await loadConfig({ path: path.join(FIXTURES, 'status.config.yaml') })).config;
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-incident-files-'));
  });
  afterAll(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('reads the valid fixtures', async () => {
    const dataDir = path.join(tempDir, 'valid-data');
    await cp(path.join(FIXTURES, 'valid'), path.join(dataDir, 'incidents'), { recursive: true });
    const { incidents, problems } = await validateIncidentFiles(dataDir, config);
    expect(problems).toEqual([]);
    expect(incidents.map((record) => record.slug)).toEqual([
      '2026-11-20-api-errors',
      '2026-12-01-database-upgrade',
    ]);
    expect(incidents[0]?.body).toContain('## Postmortem');
  });

  it('names each invalid file by its path (absolute outside the working directory): <field>: <what is wrong>', async () => {
    const dataDir = path.join(tempDir, 'data');
    await cp(path.join(FIXTURES, 'invalid'), path.join(dataDir, 'incidents'), { recursive: true });
    const { incidents, problems } = await validateIncidentFiles(dataDir, config);
    expect(incidents).toEqual([]);
    expect(problems).toEqual([
      `${dataDir}/incidents/bad-date.md: start: expected a date and time with a time zone, like "2026-11-22T14:05:00Z", got "last tuesday"`,
      `${dataDir}/incidents/end-before-start.md: end: 2026-11-20T08:00:00.000Z is before start 2026-11-20T09:00:00.000Z`,
      `${dataDir}/incidents/resolved-without-end.md: end: a resolved incident needs an end time`,
      `${dataDir}/incidents/status-of-other-kind.md: status: "completed" is not a status of an incident; use one of investigating, identified, monitoring, resolved`,
      `${dataDir}/incidents/unknown-affected.md: affected[1]: unknown check or group "mail"; use an id from the config (known: web, api, db, queue, core, infra)`,
      `${dataDir}/incidents/updates-out-of-order.md: updates[1].at: 2026-11-20T09:30:00.000Z is earlier than the update before it (2026-11-20T10:00:00.000Z); list updates oldest first`,
    ]);
  });

  it('treats a missing incidents folder as no incidents', async () => {
    await expect(validateIncidentFiles(path.join(tempDir, 'nothing'), config)).resolves.toEqual({
      incidents: [],
      problems: [],
      warnings: [],
    });
  });
});
