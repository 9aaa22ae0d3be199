import { describe, expect, it } from 'vitest';
import { celeryProbe } from '../../../../collectors/probes/celery/probe-celery.ts';
import type { CommandOutcome, CommandRunner } from '../../../../collectors/transport/run-command.ts';
import { CeleryCheckSchema } from '../../../../core/model/index.ts';
import { readResult } from '../../../../core/results/index.ts';
import { makeProbeContext } from '../../../helpers/probe-context.ts';
import { expectReadable, readFixture } from './expect-readable.ts';

// The celery probe over real `celery inspect … --json` output (test/fixtures/celery/), answered per
// method by a fake runner: what it returns reads back with the celery result schema, unchanged.

type Answers = Partial<Record<string, Partial<CommandOutcome>>>;

const PASSWORD = 'br0ker-Pa55';

/** Answers `… inspect <method> …` with that method's outcome, and records each request. */
function answerInspects(answers: Answers, requests: Parameters<CommandRunner>[0][] = []): CommandRunner {
  return async (request) => {
    requests.push(request);
    const method = request.argv[request.argv.indexOf('inspect') + 1] ?? '';
    return {
      exitCode: 0,
      stdout: '',
      stderr: '',
      durationMs: 800,
      isTruncated: false,
      timedOut: false,
      ...answers[method],
    };
  };
}

const fromFixtures = (name: string): Answers =>
  Object.fromEntries(
    ['ping', 'active', 'reserved', 'scheduled', 'registered'].map((method) => [
      method,
      { stdout: readFixture(`celery/inspect-${method}-${name}.json`) },
    ]),
  );

const probe = (
  answers: Answers,
  fields: Record<string, unknown> = {},
  requests?: Parameters<CommandRunner>[0][],
) =>
  celeryProbe.probe(
    CeleryCheckSchema.parse({
      id: 'workers',
      type: 'celery',
      broker: `redis://:${PASSWORD}@cache:6379/0`,
      ...fields,
    }),
    makeProbeContext({ run: answerInspects(answers, requests) }),
  );

describe('celery probe results read back with their schema', () => {
  it('up from two real workers, and the broker only in CELERY_BROKER_URL', async () => {
    const requests: Parameters<CommandRunner>[0][] = [];
    const observation = await probe(fromFixtures('two-workers'), {}, requests);
    expect(observation).toMatchObject({
      status: 'up',
      message: '2 workers: 2 active, 0 reserved, 1 scheduled; 2 tasks registered',
      metrics: { latencyMs: 800, workers: 2, active: 2, reserved: 0, scheduled: 1, registeredTasks: 2 },
    });
    expect(expectReadable('celery', observation).hasDetail).toBe(true);
    expect(requests).toHaveLength(5);
    for (const request of requests) {
      expect(request.argv.join(' ')).not.toContain(PASSWORD);
      expect(request.env).toEqual({ CELERY_BROKER_URL: `redis://:${PASSWORD}@cache:6379/0` });
    }
  });

  it('degraded, with a note, when one inspect fails after ping answered', async () => {
    const observation = await probe({
      ...fromFixtures('one-worker'),
      reserved: { exitCode: 69, stderr: 'Error: No nodes replied within time constraint\n' },
    });
    expect(observation).toMatchObject({
      status: 'degraded',
      message:
        '1 worker: 1 active, 1 scheduled; 2 tasks registered; inspect reserved: no worker replied within 1 s',
      detail: { notes: ['inspect reserved: no worker replied within 1 s'] },
    });
    expect(observation.metrics).not.toHaveProperty('reserved');
    expectReadable('celery', observation);
  });

  it('down, with the password masked, when celery prints the broker URL in its error', async () => {
    const observation = await probe({
      ping: {
        exitCode: 1,
        stderr: `kombu.exceptions.OperationalError: cannot reach redis://:${PASSWORD}@cache:6379/0 (${encodeURIComponent(PASSWORD)})\n`,
      },
    });
    expect(observation.status).toBe('down');
    expect(observation.message).toBe('inspect ping: cannot reach redis://:***@cache:6379/0 (***)');
    expectReadable('celery', observation);
  });

  it.each([
    [
      'down when ping prints something other than JSON',
      { ping: { stdout: 'Traceback (most recent call last):\n' } },
      {},
      {
        status: 'down',
        message: 'inspect ping: output is not JSON (starts "Traceback (most recent call last):")',
      },
    ],
    [
      'up when nobody answers and minWorkers is 0',
      { ping: { exitCode: 69, stderr: 'Error: No nodes replied within time constraint\n' } },
      { minWorkers: 0 },
      { status: 'up', message: 'no worker answered (minWorkers 0)', metrics: { workers: 0 } },
    ],
  ])('%s', async (_name, answers, fields, expected) => {
    const observation = await probe(answers, fields);
    expect(observation).toMatchObject(expected);
    expectReadable('celery', observation);
  });

  it('a line stored before a field existed still reads, with the defaults', () => {
    const reading = readResult('celery', {
      detail: { workers: [{ name: 'celery@a' }] },
      metrics: { workers: 1 },
    });
    expect(reading.success && reading.data.detail).toMatchObject({
      askedThrough: 'celery inspect',
      workers: [{ name: 'celery@a', registered: [] }],
      registeredTasks: [],
    });
  });
});
