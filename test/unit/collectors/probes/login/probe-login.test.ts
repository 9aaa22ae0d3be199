import { describe, expect, it } from 'vitest';
import { buildLoginCommand, loginProbe } from '../../../../../collectors/probes/login/probe-login.ts';
import type { CommandOutcome, CommandRequest } from '../../../../../collectors/transport/run-command.ts';
import { LoginCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { expectReadable, readFixture } from '../../../core/results/expect-readable.ts';

const check = (fields: Record<string, unknown> = {}) =>
  LoginCheckSchema.parse({ id: 'login1', type: 'login', ...fields });

function answer(outcome: Partial<CommandOutcome>, seen: CommandRequest[] = []) {
  return async (request: CommandRequest): Promise<CommandOutcome> => {
    seen.push(request);
    return {
      exitCode: 0,
      stdout: '',
      stderr: '',
      durationMs: 5,
      isTruncated: false,
      timedOut: false,
      ...outcome,
    };
  };
}

describe('login probe', () => {
  it.each([
    [{}, 10_000, ['uptime']],
    [
      { host: 'derecho1' },
      10_000,
      ['ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', 'derecho1', 'uptime'],
    ],
    [
      { host: 'monitor@casper1' },
      2_500,
      ['ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=3', 'monitor@casper1', 'uptime'],
    ],
    [{ host: 'derecho1', command: ['w', '-h'] }, 10_000, ['w', '-h']],
  ])('runs %j (timeout %i ms) as %j', (fields, timeoutMs, argv) => {
    expect(buildLoginCommand(check(fields), timeoutMs)).toEqual(argv);
  });

  it.each(['-oProxyCommand=x', '-oBatchMode', 'login1 uptime', 'a@-b', ''])(
    'refuses a host that could be read as an ssh option or a command: %j',
    (host) => {
      expect(LoginCheckSchema.safeParse({ id: 'l', type: 'login', host }).success).toBe(false);
    },
  );

  it('is up with users and load, and its output reads with the login result schema', async () => {
    const seen: CommandRequest[] = [];
    const stdout = readFixture('login/uptime-procps-many-users.txt');
    const observation = await loginProbe.probe(check(), makeProbeContext({ run: answer({ stdout }, seen) }));
    expect(observation).toMatchObject({
      status: 'up',
      message: '57 users, load 12.31 / 11.87 / 11.02',
      metrics: { users: 57, load1: 12.31, load5: 11.87, load15: 11.02 },
    });
    expect(seen[0]?.argv).toEqual(['uptime']);
    expect(expectReadable('login', observation).hasDetail).toBe(true);
  });

  it('says when the user count is missing', async () => {
    const stdout = readFixture('login/uptime-busybox-no-utmp.txt');
    const observation = await loginProbe.probe(check(), makeProbeContext({ run: answer({ stdout }) }));
    expect(observation.message).toBe('users not reported, load 0 / 0.01 / 0.05');
    expect(observation.metrics).toEqual({ load1: 0, load5: 0.01, load15: 0.05 });
  });

  it.each([
    [
      { exitCode: 255, stderr: 'ssh: connect to host derecho1 port 22: Connection refused\r\n' },
      'ssh derecho1 exited with status 255: ssh: connect to host derecho1 port 22: Connection refused',
    ],
    [{ exitCode: 0, stdout: 'Welcome to Derecho\n' }, 'no load average in the output: "Welcome to Derecho"'],
    [{ exitCode: null, failure: 'spawn ssh ENOENT' }, 'spawn ssh ENOENT'],
    [{ exitCode: null, timedOut: true }, 'timed out after 5 s'],
  ] as const)('is down for %j', async (outcome, message) => {
    const observation = await loginProbe.probe(
      check({ host: 'derecho1' }),
      makeProbeContext({ run: answer(outcome) }),
    );
    expect(observation).toEqual({ status: 'down', message });
    expectReadable('login', observation);
  });
});
