import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemdProbe } from '../../../../../collectors/probes/systemd/probe-systemd.ts';
import { type CommandRunner, runCommand } from '../../../../../collectors/transport/run-command.ts';
import { SystemdCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const FIXTURES = path.join(import.meta.dirname, '../../../../fixtures/systemd');
const NOW = new Date('2024-05-14T10:00:00Z');
let dir: string;
let runWithFake: CommandRunner;

// systemd cannot run here: a `systemctl` on PATH replays the documented outputs in
// test/fixtures/systemd (stdout, stderr, exit status) and logs how it was called.
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-fake-systemctl-'));
  const script = `#!/bin/sh
printf '%s TZ=%s PAGER=%s\\n' "$*" "$TZ" "\${SYSTEMD_PAGER:-unset}" >> '${dir}/calls.log'
unit=
for arg in "$@"; do case "$arg" in -*|show) ;; *) unit=$arg ;; esac; done
fixtures='${FIXTURES}'
if [ -f "$fixtures/$unit.stdout" ]; then cat "$fixtures/$unit.stdout"; fi
if [ -f "$fixtures/$unit.stderr" ]; then cat "$fixtures/$unit.stderr" >&2; fi
if [ -f "$fixtures/$unit.exit" ]; then exit "$(cat "$fixtures/$unit.exit")"; fi
exit 0
`;
  await writeFile(path.join(dir, 'systemctl'), script);
  await chmod(path.join(dir, 'systemctl'), 0o755);
  runWithFake = (request) =>
    runCommand({ ...request, env: { ...request.env, PATH: `${dir}:${process.env.PATH ?? ''}` } });
  // Set in the collector's environment, it must not reach systemctl.
  process.env.SYSTEMD_PAGER = 'less';
});
afterAll(async () => {
  delete process.env.SYSTEMD_PAGER;
  await rm(dir, { recursive: true, force: true });
});

const probe = (fields: Record<string, unknown>, run: CommandRunner = runWithFake) =>
  systemdProbe.probe(
    SystemdCheckSchema.parse({ id: 'unit', type: 'systemd', ...fields }),
    makeProbeContext({ run, now: () => NOW }),
  );

describe('systemd probe (fake systemctl replaying documented output)', () => {
  it('is up for an active, running service, with restarts and uptime', async () => {
    expect(await probe({ unit: 'imaging-api.service' })).toMatchObject({
      status: 'up',
      message: 'imaging-api.service active (running) since 2024-05-13T08:01:12.000Z, 0 restarts',
      metrics: { restarts: 0, uptimeSeconds: 93_528 },
      detail: { mainPid: 812, unitFileState: 'enabled' },
    });
  });

  it('asks systemctl show for the properties, with TZ=UTC and SYSTEMD_PAGER removed', async () => {
    await probe({ unit: 'imaging-api.service', user: true });
    const calls = await readFile(path.join(dir, 'calls.log'), 'utf8');
    expect(calls.trim().split('\n').at(-1)).toBe(
      '--user show imaging-api.service --property=Id,Description,LoadState,LoadError,ActiveState,SubState,UnitFileState,Result,MainPID,NRestarts,ExecMainStartTimestamp --no-pager TZ=UTC PAGER=unset',
    );
  });

  it.each([
    [
      'celery-worker.service',
      'degraded',
      'celery-worker.service activating (auto-restart); restarting after a failure, 7 restarts',
    ],
    ['nginx.service', 'degraded', 'nginx.service reloading (reload), 0 restarts'],
    ['thumbnailer.service', 'down', 'thumbnailer.service failed (failed) (result: exit-code), 5 restarts'],
    ['flower.service', 'down', 'flower.service inactive (dead), 0 restarts'],
    ['nope.service', 'down', 'unit nope.service not found'],
    ['redis-server.service', 'down', 'unit redis-server.service is masked'],
    ['backup.timer', 'up', 'backup.timer active (waiting)'],
  ])('%s is %s: %s', async (unit, status, message) => {
    expect(await probe({ unit })).toMatchObject({ status, message });
  });

  it('is down with systemctl’s own words on a host without systemd (exit 1)', async () => {
    expect(await probe({ unit: 'no-systemd.service' })).toEqual({
      status: 'down',
      message:
        "systemctl exited 1: System has not been booted with systemd as init system (PID 1). Can't operate.",
    });
  });

  it('is down with "command not found: systemctl" where there is no systemctl on PATH', async () => {
    const emptyDir = path.join(dir, 'empty');
    await mkdir(emptyDir);
    const withoutSystemctl: CommandRunner = (request) =>
      runCommand({ ...request, env: { ...request.env, PATH: emptyDir } });
    expect(await probe({ unit: 'nginx.service' }, withoutSystemctl)).toEqual({
      status: 'down',
      message: 'command not found: systemctl',
    });
  });
});
