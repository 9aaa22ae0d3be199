import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil } from '../../../helpers/run-vigil.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/incidents/', import.meta.url));
const CONFIG = path.join(FIXTURES, 'status.config.yaml');

let tempDir: string;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-incident-cli-'));
});

afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('vigil validate on incident files (the pull-request check)', () => {
  it('passes the valid examples', async () => {
    const dataDir = path.join(tempDir, 'valid', 'data');
    await cp(path.join(FIXTURES, 'valid'), path.join(dataDir, 'incidents'), { recursive: true });
    const run = await runVigil(['validate', '--config', CONFIG, '--data', dataDir]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 incident files valid');
  });

  it('fails with data/incidents/<file>.md: <field>: <what is wrong> for each bad file', async () => {
    const dataDir = path.join(tempDir, 'invalid', 'data');
    await cp(path.join(FIXTURES, 'invalid'), path.join(dataDir, 'incidents'), { recursive: true });
    // Run from the folder above data/, as in a status repository: every path opens from there.
    const run = await runVigil(['validate', '--config', CONFIG, '--data', 'data'], {
      cwd: path.dirname(dataDir),
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'data/incidents/bad-date.md: start: expected a date and time with a time zone, like "2026-11-22T14:05:00Z", got "last tuesday"',
      'data/incidents/end-before-start.md: end: 2026-11-20T08:00:00.000Z is before start 2026-11-20T09:00:00.000Z',
      'data/incidents/resolved-without-end.md: end: a resolved incident needs an end time',
      'data/incidents/status-of-other-kind.md: status: "completed" is not a status of an incident; use one of investigating, identified, monitoring, resolved',
      'data/incidents/unknown-affected.md: affected[1]: unknown check or group "mail"; use an id from the config (known: web, api, db, queue, core, infra)',
      'data/incidents/updates-out-of-order.md: updates[1].at: 2026-11-20T09:30:00.000Z is earlier than the update before it (2026-11-20T10:00:00.000Z); list updates oldest first',
    ]);
    expect(run.stdout).toContain('6 problems');
  });

  it('warns, naming file and field, when the status disagrees with the newest update, and still passes', async () => {
    const dataDir = path.join(tempDir, 'warnings', 'data');
    await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
    const file = [
      '---',
      'title: Login node slow',
      'status: investigating',
      'affected: [web]',
      'start: 2026-11-20T09:00:00Z',
      'end: 2026-11-20T14:00:00Z',
      'updates:',
      '  - { at: 2026-11-20T09:10:00Z, status: investigating, text: Looking. }',
      '  - { at: 2026-11-20T09:40:00Z, status: identified, text: A full disk. }',
      '---',
      '',
    ].join('\n');
    await writeFile(path.join(dataDir, 'incidents', '2026-11-20-login-slow.md'), file);
    // Run from the folder above data/, as in a status repository: every path opens from there.
    const run = await runVigil(['validate', '--config', CONFIG, '--data', 'data'], {
      cwd: path.dirname(dataDir),
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      'warning: data/incidents/2026-11-20-login-slow.md: status: "investigating" disagrees with the newest update (updates[1].status: "identified"); the site shows "identified", so set status: identified',
      'warning: data/incidents/2026-11-20-login-slow.md: end: the incident is not resolved, so end (2026-11-20T14:00:00.000Z) is not shown as its end; end is when it was resolved, so move an expected end to estimatedResolution',
    ]);
    expect(run.stdout).toContain('0 problems, 2 warnings');
  });
});

describe('vigil incident new', () => {
  it('writes a correctly named incident file that validates, and refuses to overwrite it', async () => {
    const dataDir = path.join(tempDir, 'new', 'data');
    const args = ['incident', 'new', '--config', CONFIG, '--data', dataDir];
    const run = await runVigil([...args, '--title', 'Login node unreachable!', '--affected', 'web,infra']);
    expect(run.exitCode, run.stderr).toBe(0);
    const [name] = await readdir(path.join(dataDir, 'incidents'));
    expect(name).toBe(`${new Date().toISOString().slice(0, 10)}-login-node-unreachable.md`);
    const text = await readFile(path.join(dataDir, 'incidents', name ?? ''), 'utf8');
    expect(text).toMatch(
      /^---\ntitle: Login node unreachable!\nkind: incident\nimpact: minor\nstatus: investigating\n/,
    );
    await expect(runVigil(['validate', '--config', CONFIG, '--data', dataDir])).resolves.toMatchObject({
      exitCode: 0,
    });

    const again = await runVigil([...args, '--title', 'Login node unreachable!', '--affected', 'web']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('already exists; edit it, or choose another --title');
    await expect(readFile(path.join(dataDir, 'incidents', name ?? ''), 'utf8')).resolves.toBe(text);
  });

  it('writes a maintenance with its window', async () => {
    const dataDir = path.join(tempDir, 'maintenance', 'data');
    const run = await runVigil([
      ...['incident', 'new', '--config', CONFIG, '--data', dataDir, '--kind', 'maintenance'],
      ...['--title', 'Database upgrade', '--affected', 'db'],
      ...['--start', '2026-12-01T08:00:00Z', '--end', '2026-12-01T10:00+00:00'],
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const text = await readFile(path.join(dataDir, 'incidents', '2026-12-01-database-upgrade.md'), 'utf8');
    expect(text).toContain('kind: maintenance');
    expect(text).toContain('status: scheduled');
    expect(text).toContain('end: 2026-12-01T10:00:00.000Z');
  });

  it.each([
    { args: ['--title', 'x', '--affected', 'mail'], error: 'affected[0]: unknown check or group "mail"' },
    { args: ['--affected', 'web'], error: '--title is required' },
    { args: ['--title', 'x', '--kind', 'maintenance'], error: 'a maintenance needs --start and --end' },
    {
      args: ['--title', 'x', '--impact', 'huge'],
      error: '--impact: expected one of none, minor, major, critical',
    },
    {
      args: ['--title', 'x', '--start', 'tomorrow'],
      error: '--start: expected a date and time with a time zone',
    },
  ])('refuses $error, writing nothing', async ({ args, error }) => {
    const dataDir = path.join(tempDir, 'refused', 'data');
    await mkdir(dataDir, { recursive: true });
    const run = await runVigil(['incident', 'new', '--config', CONFIG, '--data', dataDir, ...args]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(error);
    await expect(readdir(dataDir)).resolves.toEqual([]);
  });
});
