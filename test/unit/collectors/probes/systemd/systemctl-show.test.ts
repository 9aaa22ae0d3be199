import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  judgeUnit,
  parseSystemctlShow,
  parseSystemdTimestamp,
} from '../../../../../collectors/probes/systemd/systemctl-show.ts';

const FIXTURES = path.join(import.meta.dirname, '../../../../fixtures/systemd');
const NOW = new Date('2024-05-14T10:00:00Z');

async function judgeFixture(unit: string) {
  const text = await readFile(path.join(FIXTURES, `${unit}.stdout`), 'utf8');
  return judgeUnit(parseSystemctlShow(text), unit, NOW);
}

describe('parseSystemctlShow', () => {
  it('reads key=value lines, keeping "=" inside values and empty values', () => {
    const properties = parseSystemctlShow(
      'Id=a.service\nExecStart={ path=/usr/bin/a ; argv[]=/usr/bin/a }\nUnitFileState=\n',
    );
    expect(Object.fromEntries(properties)).toEqual({
      Id: 'a.service',
      ExecStart: '{ path=/usr/bin/a ; argv[]=/usr/bin/a }',
      UnitFileState: '',
    });
  });
});

describe('parseSystemdTimestamp', () => {
  it.each([
    ['Mon 2024-05-13 08:01:12 UTC', '2024-05-13T08:01:12.000Z'],
    ['', undefined],
    ['n/a', undefined],
    ['Mon 2024-05-13 10:01:12 CEST', undefined], // only UTC is asked for (TZ=UTC)
  ])('%j → %s', (text, iso) => {
    expect(parseSystemdTimestamp(text)?.toISOString()).toBe(iso);
  });
});

describe('judgeUnit over documented systemctl show outputs', () => {
  it.each([
    [
      'imaging-api.service',
      'up',
      'imaging-api.service active (running) since 2024-05-13T08:01:12.000Z, 0 restarts',
    ],
    ['backup.timer', 'up', 'backup.timer active (waiting)'],
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
  ])('%s is %s: %s', async (unit, status, message) => {
    expect(await judgeFixture(unit)).toMatchObject({ status, message });
  });

  it('records restarts, uptime, main PID and the unit file state', async () => {
    expect(await judgeFixture('imaging-api.service')).toEqual({
      status: 'up',
      message: expect.any(String),
      metrics: { restarts: 0, uptimeSeconds: 93_528 },
      detail: {
        description: 'Imaging API (FastAPI under uvicorn)',
        loadState: 'loaded',
        activeState: 'active',
        subState: 'running',
        unitFileState: 'enabled',
        result: 'success',
        mainPid: 812,
        since: '2024-05-13T08:01:12.000Z',
      },
    });
  });

  it('names the load error of a unit that could not be loaded', () => {
    const properties = parseSystemctlShow(
      'Id=bad.service\nLoadState=bad-setting\nActiveState=inactive\nSubState=dead\nLoadError=org.freedesktop.systemd1.BadUnitSetting "Unit bad.service has a bad unit file setting."\n',
    );
    expect(judgeUnit(properties, 'bad', NOW).message).toBe(
      'unit bad.service could not be loaded (bad-setting): Unit bad.service has a bad unit file setting.',
    );
  });
});
