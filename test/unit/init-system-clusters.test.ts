import { describe, expect, it } from 'vitest';
import {
  clustersDiscoverer,
  makePbsFinding,
  parsePbsServer,
  parseScontrolConfig,
  parseSinfoPartitions,
} from '../../collectors/init/discover-clusters.ts';
import {
  expectValidChecks,
  makeDiscoverContext,
  NOT_FOUND,
  outcome,
  readFixture,
} from './init-system-helpers.ts';

const sinfo = readFixture('init/sinfo-partitions-22.05.txt');
const scontrol = readFixture('init/scontrol-show-config-22.05.txt');
const qstat = readFixture('pbs/qstat-Q-documented-format.json');

describe('SLURM parsers (output captured from Slurm 22.05.8)', () => {
  it('parseSinfoPartitions reads each partition once and marks the default', () => {
    expect(parseSinfoPartitions(sinfo)).toEqual([
      { name: 'batch', isDefault: true },
      { name: 'debug', isDefault: false },
    ]);
    expect(parseSinfoPartitions('gpu\ngpu\ncpu*\ncpu\n')).toEqual([
      { name: 'gpu', isDefault: false },
      { name: 'cpu', isDefault: true },
    ]);
  });

  it('parseScontrolConfig reads "Key = value" lines, including indexed keys, and skips the rest', () => {
    const config = parseScontrolConfig(scontrol);
    expect(config.get('ClusterName')).toBe('vigiltest');
    expect(config.get('SLURM_VERSION')).toBe('22.05.8');
    expect(config.get('SlurmctldHost[0]')).toBe('vm(127.0.0.1)');
    expect(config.get('AccountingStorageBackupHost')).toBe('(null)');
    expect(config.has('Configuration data as of 2026-12-01T18:17:27')).toBe(false);
    expect([...config.keys()].some((key) => key.startsWith('Slurmctld(primary)'))).toBe(false);
  });
});

describe('parsePbsServer (qstat -Q -f -F json, documented output)', () => {
  it('reads the server, the version and the queues', () => {
    const summary = parsePbsServer(qstat);
    expect(summary).toMatchObject({ server: 'desched1', version: '2022.1.3' });
    expect('queues' in summary && summary.queues.map((queue) => queue.name)).toEqual(
      expect.arrayContaining(['main', 'cpu']),
    );
  });

  it('repairs the invalid JSON PBS is known to print, and says what is wrong with what it cannot read', () => {
    expect(
      parsePbsServer('{"pbs_server":"s1","Queue":{"q":{"queue_type":"Execution","comment":"say "hi""}}}'),
    ).toMatchObject({
      server: 's1',
      queues: [{ name: 'q' }],
    });
    expect(parsePbsServer('qstat: Unknown option -F')).toEqual({ error: expect.stringMatching(/^qstat: /) });
  });
});

describe('clustersDiscoverer', () => {
  it('finds a SLURM cluster by its ClusterName, writing SLURM_CONF in when init had one', async () => {
    const context = makeDiscoverContext(
      {
        sinfo: outcome({ stdout: sinfo }),
        scontrol: outcome({ stdout: scontrol }),
        qstat: NOT_FOUND('qstat'),
      },
      { env: { SLURM_CONF: '/etc/slurm/slurm.conf' } },
    );
    const discovery = await clustersDiscoverer.discover(context);
    expect(discovery.leftOut).toEqual([]);
    expect(discovery.findings).toMatchObject([
      {
        key: 'slurm:vigiltest',
        group: 'hpc',
        label: 'SLURM cluster vigiltest: partitions batch (default), debug',
        check: {
          id: 'vigiltest',
          name: 'vigiltest (SLURM)',
          type: 'slurm',
          cluster: 'vigiltest',
          slurmConf: '/etc/slurm/slurm.conf',
        },
      },
    ]);
    expect(discovery.findings[0]?.check).not.toHaveProperty('partitions');
    expect(discovery.findings[0]?.comment?.[0]).toBe('SLURM 22.05.8, controller vm(127.0.0.1).');
    expectValidChecks(discovery);
  });

  it('finds a PBS server with its queues', async () => {
    const context = makeDiscoverContext({ qstat: outcome({ stdout: qstat }) });
    const discovery = await clustersDiscoverer.discover(context);
    expect(discovery.leftOut).toEqual([]);
    expect(discovery.findings).toMatchObject([
      { key: 'pbs:desched1', group: 'hpc', check: { id: 'desched1', type: 'pbs', cluster: 'desched1' } },
    ]);
    expect(context.calls.find((call) => call.argv[0] === 'qstat')?.argv).toEqual([
      'qstat',
      '-Q',
      '-f',
      '-F',
      'json',
    ]);
    expectValidChecks(discovery);
  });

  it('names the server and pbs.conf when init was told them through the environment', () => {
    const finding = makePbsFinding(
      { server: 'desched1', queues: [] },
      { PBS_SERVER: 'desched2', PBS_CONF_FILE: '/opt/pbs/pbs.conf' },
    );
    expect(finding.check).toMatchObject({ server: 'desched2', pbsConf: '/opt/pbs/pbs.conf' });
    expectValidChecks({ findings: [finding], leftOut: [] });
  });

  it('says once that neither scheduler is here, not once each', async () => {
    const discovery = await clustersDiscoverer.discover(makeDiscoverContext({}));
    expect(discovery).toEqual({
      findings: [],
      leftOut: [{ label: 'batch schedulers', reason: 'neither sinfo (SLURM) nor qstat (PBS) is on PATH' }],
    });
  });

  it('leaves out a scheduler whose client fails, with its words: a controller that is down, a qstat that is not PBS', async () => {
    const discovery = await clustersDiscoverer.discover(
      makeDiscoverContext({
        sinfo: outcome({ exitCode: 1, stderr: readFixture('slurm/sinfo-22.05-controller-down.stderr.txt') }),
        scontrol: outcome({ exitCode: 1 }),
        qstat: outcome({ exitCode: 2, stderr: "qstat: invalid option -- 'F'\n" }),
      }),
    );
    expect(discovery.findings).toEqual([]);
    expect(discovery.leftOut).toEqual([
      {
        label: 'SLURM',
        reason: `sinfo failed: ${readFixture('slurm/sinfo-22.05-controller-down.stderr.txt').split('\n')[0]}`,
      },
      { label: 'PBS', reason: "qstat -Q -f -F json failed: qstat: invalid option -- 'F'" },
    ]);
  });

  it('a Slurm client with no slurm.conf: says so, and how to point init at one', async () => {
    // What sinfo 22.05.8 printed on the test machine, where the client is installed with no configuration.
    const stderr = [
      'sinfo: error: resolve_ctls_from_dns_srv: res_nsearch error: Unknown host',
      'sinfo: error: fetch_config: DNS SRV lookup failed',
      'sinfo: error: _establish_config_source: failed to fetch config',
      'sinfo: fatal: Could not establish a configuration source',
    ].join('\n');
    const discovery = await clustersDiscoverer.discover(
      makeDiscoverContext({
        sinfo: outcome({ exitCode: 1, stderr }),
        scontrol: outcome({ exitCode: 1, stderr }),
      }),
    );
    expect(discovery.leftOut).toEqual([
      {
        label: 'SLURM',
        reason:
          'sinfo failed: sinfo: error: resolve_ctls_from_dns_srv: res_nsearch error: Unknown host (no slurm.conf found: set SLURM_CONF, or run init on a login node)',
      },
    ]);
  });

  it('without scontrol, the cluster has no name but still a check', async () => {
    const discovery = await clustersDiscoverer.discover(
      makeDiscoverContext({ sinfo: outcome({ stdout: 'cpu*\n' }), scontrol: outcome({ exitCode: 1 }) }),
    );
    expect(discovery.findings[0]?.check).toEqual({ id: 'slurm', name: 'SLURM cluster', type: 'slurm' });
    expectValidChecks(discovery);
  });
});
