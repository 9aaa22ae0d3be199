import { describe, expect, it } from 'vitest';
import {
  isPlumbingUnit,
  makeSystemdDiscovery,
  parseListUnits,
  SYSTEMCTL_LIST_ARGV,
  systemdDiscoverer,
} from '../../collectors/init/discover-systemd.ts';
import { expectValidChecks, makeDiscoverContext, outcome, readFixture } from './init-system-helpers.ts';

const listing = readFixture('init/systemctl-list-units-documented-format.txt');

describe('parseListUnits (systemctl list-units --plain --no-legend, documented output)', () => {
  it('reads unit, load, active, sub and the description with its spaces', () => {
    const units = parseListUnits(listing);
    expect(units).toHaveLength(34);
    expect(units.find((unit) => unit.unit === 'nginx.service')).toEqual({
      unit: 'nginx.service',
      load: 'loaded',
      active: 'active',
      sub: 'running',
      description: 'A high performance web server and a reverse proxy server',
    });
  });

  it('is tolerant of what other systemd versions print: bullets, a header, the footer, blank lines', () => {
    const text = [
      '  UNIT                 LOAD   ACTIVE SUB     DESCRIPTION',
      '● broken.service       loaded failed failed  Broken thing',
      '  cron.service         loaded active running Regular background program processing daemon',
      '',
      'LOAD   = Reflects whether the unit definition was properly loaded.',
      '2 loaded units listed.',
    ].join('\n');
    expect(parseListUnits(text).map((unit) => `${unit.unit} ${unit.active}/${unit.sub}`)).toEqual([
      'broken.service failed/failed',
      'cron.service active/running',
    ]);
  });
});

describe('makeSystemdDiscovery', () => {
  const discovery = makeSystemdDiscovery(parseListUnits(listing));

  it('makes a systemd check of each running service that is not OS plumbing', () => {
    expect(discovery.findings.map((finding) => finding.check.unit)).toEqual([
      'celery-worker.service',
      'containerd.service',
      'cron.service',
      'docker.service',
      'imaging-api.service',
      'nginx.service',
      'postgresql@15-main.service',
      'redis-server.service',
      'ssh.service',
    ]);
    expect(discovery.findings[5]).toEqual({
      key: 'systemd:nginx.service',
      group: 'services',
      label: 'nginx.service (A high performance web server and a reverse proxy server)',
      check: { id: 'nginx', name: 'nginx', type: 'systemd', unit: 'nginx.service' },
      comment: ['systemd: A high performance web server and a reverse proxy server'],
    });
    expect(discovery.findings[6]?.check.id).toBe('postgresql-15-main');
    expectValidChecks(discovery);
  });

  it('summarises the plumbing and the one-shots in one line each', () => {
    expect(discovery.leftOut).toEqual([
      {
        label:
          '20 system services (dbus.service, getty@tty1.service, polkit.service, serial-getty@ttyS0.service, …)',
        reason: "the operating system's own plumbing, running on every machine",
      },
      {
        label:
          '5 one-shot services (apparmor.service, keyboard-setup.service, kmod-static-nodes.service, networking.service, …)',
        reason: 'ran once and exited (active, no process to watch)',
      },
    ]);
  });

  it.each([
    ['systemd-journald.service', true],
    ['getty@tty1.service', true],
    ['user@1000.service', true],
    ['dbus.service', true],
    ['dbus-proxy.service', false],
    ['nginx.service', false],
    ['my-systemd-exporter.service', false],
  ])('isPlumbingUnit(%s) is %s', (unit, expected) => {
    expect(isPlumbingUnit(unit)).toBe(expected);
  });
});

describe('systemdDiscoverer', () => {
  it('asks systemctl list-units for active services, with a deadline', async () => {
    const context = makeDiscoverContext({ systemctl: outcome({ stdout: listing }) });
    const discovery = await systemdDiscoverer.discover(context);
    expect(context.calls).toEqual([{ argv: SYSTEMCTL_LIST_ARGV, timeoutMs: 5000 }]);
    expect(discovery.findings).toHaveLength(9);
  });

  it.each([
    [
      'missing',
      outcome({ exitCode: null, failure: 'command not found: systemctl' }),
      'systemctl not found on PATH',
    ],
    [
      'not PID 1 (the documented no-systemd output)',
      outcome({ exitCode: 1, stderr: readFixture('systemd/no-systemd.service.stderr') }),
      'systemd is not the init system here (a container?)',
    ],
    [
      'failing otherwise',
      outcome({ exitCode: 1, stderr: 'Failed to list units: Access denied\n' }),
      'systemctl list-units failed: Failed to list units: Access denied',
    ],
    [
      'hung',
      outcome({ exitCode: null, timedOut: true, failure: 'timed out' }),
      'systemctl did not answer within 5 s',
    ],
  ])('leaves systemd out when systemctl is %s', async (_, answer, reason) => {
    const discovery = await systemdDiscoverer.discover(makeDiscoverContext({ systemctl: answer }));
    expect(discovery).toEqual({ findings: [], leftOut: [{ label: 'systemd services', reason }] });
  });
});

describe("Vigil's own units", () => {
  it('the collector units vigil init --schedule systemd writes are left out, not watched', () => {
    const discovery = makeSystemdDiscovery(
      parseListUnits(
        [
          'vigil-watch.service   loaded active running Vigil: collect on every check interval',
          'imaging-api.service   loaded active running Imaging API (gunicorn)',
        ].join('\n'),
      ),
    );
    expect(discovery.findings.map((finding) => finding.key)).toEqual(['systemd:imaging-api.service']);
    expect(discovery.leftOut).toEqual([
      { label: 'vigil-watch.service', reason: "Vigil's own collector: a status page does not watch itself" },
    ]);
  });
});
