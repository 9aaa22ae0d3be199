import type { LoginCheck } from '../../../core/model/index.ts';
import type { LoginDetail, LoginMetrics } from '../../../core/results/login.ts';
import { firstLine } from '../../../core/text.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { parseUptime } from './parse-uptime.ts';

/** `uptime` prints one line; `w` one more per session. */
const MAX_OUTPUT_BYTES = 262_144;

/** Runs `uptime` on the login node (over ssh when it is another host) and reads users and load. */
async function probeLogin(check: LoginCheck, context: ProbeContext): Promise<Observation> {
  const argv = buildLoginCommand(check, context.timeoutMs);
  const outcome = await context.run({ argv, signal: context.signal, maxOutputBytes: MAX_OUTPUT_BYTES });
  if (outcome.timedOut) return { status: 'down', message: describeTimeout(context) };
  if (outcome.exitCode === null)
    return { status: 'down', message: outcome.failure ?? `${argv[0]} did not exit` };
  if (outcome.exitCode !== 0) {
    const said = firstLine(outcome.stderr.trim(), 200) ?? firstLine(outcome.stdout.trim(), 200);
    return {
      status: 'down',
      message: `${describeProgram(check)} exited with status ${outcome.exitCode}${said ? `: ${said}` : ''}`,
    };
  }
  const parsed = parseUptime(outcome.stdout);
  if (!parsed.ok) return { status: 'down', message: parsed.problem };
  const { users, load1, load5, load15, line } = parsed.reading;
  const metrics: LoginMetrics = { load1, load5, load15 };
  if (users !== undefined) metrics.users = users;
  const detail = { uptimeLine: line } satisfies LoginDetail;
  const who = users === undefined ? 'users not reported' : `${users} user${users === 1 ? '' : 's'}`;
  return { status: 'up', message: `${who}, load ${load1} / ${load5} / ${load15}`, metrics, detail };
}

/**
 * The program to run: the configured command, else `uptime` here or over ssh to `host` (batch mode,
 * so a missing key fails at once instead of waiting for a password; connect bounded by the timeout).
 */
export function buildLoginCommand(check: Pick<LoginCheck, 'host' | 'command'>, timeoutMs: number): string[] {
  if (check.command !== undefined) return [...check.command];
  if (check.host === undefined) return ['uptime'];
  const connectSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return ['ssh', '-o', 'BatchMode=yes', '-o', `ConnectTimeout=${connectSeconds}`, check.host, 'uptime'];
}

function describeProgram(check: LoginCheck): string {
  if (check.command !== undefined) return check.command[0] as string;
  return check.host === undefined ? 'uptime' : `ssh ${check.host}`;
}

export const loginProbe: ProbeDefinition<'login'> = {
  preload: preloadCommandRunner,
  probe: probeLogin,
};
