import { describe, expect, it } from 'vitest';
import {
  buildInspectArgv,
  describeInspectFailure,
} from '../../../../../collectors/probes/celery/celery-inspect.ts';
import {
  countTaskReplies,
  type InspectMethod,
  parseInspectJson,
  readPingReplies,
  readRegisteredReplies,
} from '../../../../../collectors/probes/celery/parse-celery-inspect.ts';
import { celeryProbe } from '../../../../../collectors/probes/celery/probe-celery.ts';
import { summarizeCelery } from '../../../../../collectors/probes/celery/summarize-celery.ts';
import type { CommandOutcome } from '../../../../../collectors/transport/run-command.ts';
import { CeleryCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { readFixture } from '../../../core/results/expect-readable.ts';

// The readers of `celery inspect … --json` over real output of Debian's python3-celery 5.2.6
// (test/fixtures/celery/README.md says how it was captured).

const replies = (method: InspectMethod, name: string) => {
  const parsed = parseInspectJson(method, readFixture(`celery/inspect-${method}-${name}.json`));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.replies;
};

const outcome = (fields: Partial<CommandOutcome>): CommandOutcome => ({
  exitCode: 0,
  stdout: '',
  stderr: '',
  durationMs: 900,
  isTruncated: false,
  timedOut: false,
  ...fields,
});

const keep = (text: string) => text;

const check = CeleryCheckSchema.parse({ id: 'workers', type: 'celery', broker: 'redis://127.0.0.1:6379/0' });

describe('celery inspect readers over real celery 5.2.6 output', () => {
  it.each([
    ['one-worker', ['w1@testhost'], { active: 1, reserved: 1, scheduled: 1 }],
    ['two-workers', ['w1@testhost', 'w2@testhost'], { active: 2, reserved: 0, scheduled: 1 }],
  ])('%s: worker names and task counts', (name, workers, totals) => {
    const summary = summarizeCelery({
      workerNames: readPingReplies(replies('ping', name)),
      active: countTaskReplies(replies('active', name)),
      reserved: countTaskReplies(replies('reserved', name)),
      scheduled: countTaskReplies(replies('scheduled', name)),
      registered: readRegisteredReplies(replies('registered', name)),
    });
    expect(summary.detail.workers.map((worker) => worker.name)).toEqual(workers);
    expect(summary.metrics).toEqual({ workers: workers.length, ...totals, registeredTasks: 2 });
    expect(summary.detail.registeredTasks).toEqual(['tasks.add', 'tasks.sleepy']);
    expect(summary.detail.workers[0]).toEqual({
      name: 'w1@testhost',
      active: 1,
      reserved: name === 'one-worker' ? 1 : 0,
      scheduled: 1,
      registered: ['tasks.add', 'tasks.sleepy'],
    });
  });

  it('never keeps a task’s arguments, only counts', () => {
    const summary = summarizeCelery({
      workerNames: ['w1@testhost'],
      active: countTaskReplies(replies('active', 'one-worker')),
    });
    expect(JSON.stringify(summary)).not.toContain('2b9d7273');
  });

  it.each([
    ['empty output', '', 'inspect ping: output is not JSON (empty)'],
    ['an HTML page', '<html>', 'inspect ping: output is not JSON (starts "<html>")'],
    ['a JSON list', '[1, 2]', 'inspect ping: expected a JSON object of worker replies'],
  ])('refuses %s with the method named', (_name, text, error) => {
    expect(parseInspectJson('ping', text)).toEqual({ ok: false, error });
  });

  it('reads the JSON after a warning an imported module printed first', () => {
    const text = `/srv/app/settings.py:3: DeprecationWarning: old\n${readFixture('celery/inspect-ping-one-worker.json')}`;
    expect(parseInspectJson('ping', text)).toEqual({ ok: true, replies: { 'w1@testhost': { ok: 'pong' } } });
  });

  it('keeps only the name of a registered task listed with its attributes, capped in length', () => {
    const registered = readRegisteredReplies({
      'w1@h': ['tasks.add [rate_limit=10/m]', 'tasks.add', `x.${'y'.repeat(500)}`, 7, ''],
      'w2@h': { error: 'no such method' },
    });
    expect([...registered.keys()]).toEqual(['w1@h']);
    expect(registered.get('w1@h')?.map((name) => name.length)).toEqual([9, 200]);
  });

  it('caps the workers listed, counting every one', () => {
    const names = Array.from({ length: 250 }, (_, i) => `celery@node${String(i).padStart(3, '0')}`);
    const summary = summarizeCelery({ workerNames: names, active: new Map(names.map((n) => [n, 1])) });
    expect(summary.detail.workers).toHaveLength(200);
    expect(summary.detail.omittedWorkers).toBe(50);
    expect(summary.metrics).toEqual({ workers: 250, active: 250 });
  });
});

describe('celery inspect command line and failures', () => {
  it('puts the broker in no argument (it goes in CELERY_BROKER_URL)', () => {
    const withApp = CeleryCheckSchema.parse({
      id: 'w',
      type: 'celery',
      broker: 'redis://:pw@127.0.0.1:6379/0',
      app: 'imaging.worker',
      command: ['python3', '-m', 'celery'],
      replyTimeout: '1500ms',
    });
    expect(buildInspectArgv(withApp, 'active')).toEqual([
      'python3',
      '-m',
      'celery',
      '-A',
      'imaging.worker',
      'inspect',
      'active',
      '--json',
      '--timeout',
      '1.5',
    ]);
  });

  it.each([
    [
      'the broker refusing the connection (a real traceback)',
      outcome({ exitCode: 1, stderr: readFixture('celery/inspect-ping-broker-down.stderr.txt') }),
      'inspect ping: Error 111 connecting to 127.0.0.1:16398. Connection refused.',
    ],
    [
      'a wrong broker password (a real traceback)',
      outcome({ exitCode: 1, stderr: readFixture('celery/inspect-ping-wrong-password.stderr.txt') }),
      'inspect ping: WRONGPASS invalid username-password pair or user is disabled.',
    ],
    [
      'an app that cannot be imported (a real click error)',
      outcome({ exitCode: 2, stderr: readFixture('celery/inspect-ping-app-not-found.stderr.txt') }),
      "inspect ping: Error: Invalid value for '-A' / '--app': Unable to load celery application. The module nosuchmod was not found.",
    ],
    [
      'nobody replying to ping',
      outcome({ exitCode: 69, stderr: readFixture('celery/inspect-ping-no-reply.stderr.txt') }),
      undefined,
    ],
    [
      'a program that is not there',
      outcome({ exitCode: null, failure: 'command not found: celery' }),
      'command not found: celery (Debian\'s python3-celery installs no celery script: set command: ["python3", "-m", "celery"])',
    ],
    [
      'output cut',
      outcome({ isTruncated: true }),
      'inspect ping: output longer than maxOutputBytes (8388608); raise it',
    ],
    ['a silent failure', outcome({ exitCode: 2 }), 'inspect ping: exit 2'],
  ])('ping: %s', (_name, ran, message) => {
    expect(describeInspectFailure('ping', ran, check, makeProbeContext(), keep)).toBe(message);
  });

  it('says that a worker answered ping but not the next inspect in time', () => {
    expect(describeInspectFailure('active', outcome({ exitCode: 69 }), check, makeProbeContext(), keep)).toBe(
      'inspect active: no worker replied within 1 s',
    );
  });

  it('names the step on a timeout', () => {
    const context = makeProbeContext({ timeoutMs: 20_000 });
    expect(
      describeInspectFailure('ping', outcome({ timedOut: true, exitCode: null }), check, context, keep),
    ).toBe('timed out after 20 s waiting for celery inspect ping');
  });
});

describe('celery inspect errors keep no part of the broker password', () => {
  const broker = 'redis://:p%21ss-Br0ker-S3cret@127.0.0.1:6379/0';
  const probeFailing = (stderr: string) =>
    celeryProbe.probe(
      CeleryCheckSchema.parse({ id: 'workers', type: 'celery', broker }),
      makeProbeContext({ run: async () => outcome({ exitCode: 1, stderr }) }),
    );

  it('masks the password as written in the URL (p%21ss…), outside a URL too', async () => {
    const observation = await probeFailing('Error: could not log in with p%21ss-Br0ker-S3cret\n');
    expect(observation).toMatchObject({
      status: 'down',
      message: 'inspect ping: Error: could not log in with ***',
    });
  });

  it('redacts before cutting at 300 characters, so a password crossing the cut leaves nothing', async () => {
    // "inspect ping: " + the first 300 characters; the password starts at character 297.
    const stderr = `Error: ${'x'.repeat(280)} redis://:p%21ss-Br0ker-S3cret@127.0.0.1:6379/0 refused\n`;
    const observation = await probeFailing(stderr);
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^inspect ping: Error: x{280} redis:/);
    for (const fragment of ['p%2', 'p%21', 'p!ss', 'Br0ker'])
      expect(observation.message).not.toContain(fragment);
    const lone = await probeFailing(`Error: ${'x'.repeat(290)} p%21ss-Br0ker-S3cret refused\n`);
    expect(lone.message).not.toMatch(/p%|p!s/);
  });
});
