import type { SystemdCheck } from '../../../core/model/index.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { judgeUnit, parseSystemctlShow, UNIT_PROPERTIES } from './systemctl-show.ts';

const MAX_OUTPUT_BYTES = 65_536;

/**
 * `systemctl show UNIT --property=…` (key=value, meant for programs), with TZ=UTC so timestamps
 * parse, and SYSTEMD_* variables removed so no pager or colour setting changes the output.
 */
async function probeSystemd(check: SystemdCheck, context: ProbeContext): Promise<Observation> {
  const argv = [
    'systemctl',
    ...(check.user ? ['--user'] : []),
    'show',
    check.unit,
    `--property=${UNIT_PROPERTIES.join(',')}`,
    '--no-pager',
  ];
  const outcome = await context.run({
    argv,
    env: { TZ: 'UTC' },
    // `systemctl --user` finds the user's manager through these.
    passEnv: ['XDG_RUNTIME_DIR', 'DBUS_SESSION_BUS_ADDRESS'],
    removeEnv: ['SYSTEMD_*'],
    signal: context.signal,
    maxOutputBytes: MAX_OUTPUT_BYTES,
  });
  if (outcome.timedOut) return { status: 'down', message: describeTimeout(context) };
  if (outcome.failure !== undefined) return { status: 'down', message: outcome.failure };
  if (outcome.exitCode !== 0) {
    // "System has not been booted with systemd as init system (PID 1). Can't operate."
    const said = outcome.stderr.trim().split('\n')[0] ?? '';
    return {
      status: 'down',
      message: `systemctl exited ${outcome.exitCode}${said === '' ? '' : `: ${said}`}`,
    };
  }
  const properties = parseSystemctlShow(outcome.stdout);
  if (!properties.has('ActiveState')) {
    return { status: 'down', message: 'systemctl show printed no ActiveState; is this a systemd host?' };
  }
  return judgeUnit(properties, check.unit, context.now());
}

export const systemdProbe: ProbeDefinition<'systemd'> = {
  probe: probeSystemd,
  preload: preloadCommandRunner,
};
