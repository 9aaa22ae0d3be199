import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseSinfo } from '../../../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../../../collectors/probes/slurm/parse-squeue.ts';
import { type CurrentValues, listCurrentValues } from '../../../../src/data/current-values.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');

/** Every label "Current values" shows, facts and table headings alike. */
function listLabels(values: CurrentValues): string[] {
  return values.groups.flatMap((group) => group.facts.map((fact) => fact.label));
}

const HOST_METRICS = {
  cpuCores: 16,
  cpuPhysicalCores: 8,
  load1: 0.52,
  load5: 0.61,
  load15: 0.7,
  memTotalBytes: 68_719_476_736,
  memUsedBytes: 28_174_581_760,
  memAvailableBytes: 40_544_894_976,
  memUsedPercent: 41,
  swapTotalBytes: 8_589_934_592,
  swapUsedBytes: 0,
  processRssBytes: 98_566_144,
  uptimeSeconds: 276_480,
  cpuPercent: 12.5,
  'fs:/:sizeBytes': 107_374_182_400,
  'fs:/:usedBytes': 67_645_734_912,
  'fs:/:availableBytes': 39_728_447_488,
  'fs:/:usedPercent': 63,
  'fs:/:inodesUsedPercent': 12,
  'fs:/scratch:sizeBytes': 1_099_511_627_776,
  'fs:/scratch:usedBytes': 1_066_526_290_739,
  'fs:/scratch:availableBytes': 32_985_337_037,
  'fs:/scratch:usedPercent': 97,
  diskReadBytesPerSecond: 1_048_576,
  diskWriteBytesPerSecond: 524_288,
  'net:eth0:rxBytesPerSecond': 2_097_152,
  'net:eth0:txBytesPerSecond': 65_536,
  netRxBytesPerSecond: 2_097_152,
  netTxBytesPerSecond: 65_536,
};

describe('listCurrentValues: the newest metrics as grouped, labelled, formatted facts', () => {
  it('groups a host by kind, memory once as bytes and once as usage, filesystems as a table', () => {
    const values = listCurrentValues('host', HOST_METRICS);
    expect(values.groups.map((group) => group.heading)).toEqual([
      'Capacity',
      'Usage',
      'Disk and network',
      'Health',
    ]);
    const usage = values.groups.find((group) => group.kind === 'usage');
    expect(usage?.facts.map((fact) => [fact.label, fact.text])).toEqual([
      ['CPU usage', '12.5 %'],
      ['Load (1 min)', '0.52'],
      ['Load (5 min)', '0.61'],
      ['Load (15 min)', '0.7'],
      ['Memory used', '26.2 GiB'],
      ['Memory available', '37.8 GiB'],
      ['Memory usage', '41 %'],
      ['Swap used', '0 B'],
    ]);
    const labels = listLabels(values);
    expect(new Set(labels).size).toBe(labels.length);
    expect(values.tables.map((table) => [table.heading, table.noun])).toEqual([
      ['Per filesystem', 'Filesystem'],
      ['Per network interface', 'Interface'],
    ]);
    const [filesystems] = values.tables;
    expect(filesystems?.columns.map((column) => column.label)).toEqual([
      'Size',
      'Used',
      'Available',
      'Disk usage',
      'Inode usage',
    ]);
    expect(filesystems?.rows).toEqual([
      { name: '/', cells: ['100 GiB', '63 GiB', '37 GiB', '63 %', '12 %'] },
      { name: '/scratch', cells: ['1 TiB', '993.3 GiB', '30.7 GiB', '97 %', undefined] },
    ]);
  });

  it('puts a cluster in Response, Nodes, Capacity, Usage and Jobs, and each partition in one table row', () => {
    const summary = aggregateSlurm({
      cluster: 'atlas',
      nodes: parseSinfo(fixture('slurm/sinfo-documented-edge-cases.txt')),
      jobs: parseSqueue('100|cpu|RUNNING|alice|None|128|N/A\n104|gpu|PENDING|dave|Priority|8|gres:gpu:1'),
      reservations: [],
      maxProblemNodes: 50,
    });
    const metrics = { ...flattenClusterMetrics(summary), durationMs: 412 };
    const values = listCurrentValues('slurm', metrics);
    expect(values.groups.map((group) => group.heading)).toEqual([
      'Response',
      'Nodes',
      'Capacity',
      'Usage',
      'Jobs',
    ]);
    const labels = listLabels(values);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain('CPU cores');
    expect(labels.join(' ')).not.toMatch(/partition|Cpus|[a-z][A-Z]/);
    const facts = values.groups.reduce((sum, group) => sum + group.facts.length, 0);
    expect(facts).toBeLessThan(Object.keys(metrics).length / 2);
    const [partitions] = values.tables;
    expect(partitions?.heading).toBe('Per partition');
    expect(partitions?.rows.map((row) => row.name)).toEqual(summary.partitions.map((p) => p.name));
    expect(partitions?.columns.map((column) => column.label)).toContain('Jobs running');
    expect(partitions?.columns.map((column) => column.label)).not.toContain(undefined);
  });

  it('calls PBS partitions queues, leaves Docker containers to their own table, and tidies user metrics', () => {
    const pbs = listCurrentValues('pbs', { nodesTotal: 4, 'partition:workq:jobsRunning': 3 });
    expect(pbs.tables.map((table) => [table.heading, table.noun])).toEqual([['Per queue', 'Queue']]);
    const docker = listCurrentValues('docker', {
      containers: 2,
      containersUp: 2,
      restarts: 1,
      'container:web:restarts': 1,
    });
    expect(docker.tables).toEqual([]);
    const command = listCurrentValues('command', {
      exitCode: 0,
      durationMs: 31,
      queue_depth: 7,
      lagSeconds: 90,
    });
    expect(
      command.groups.map((group) => [
        group.heading,
        group.facts.map((fact) => `${fact.label}: ${fact.text}`),
      ]),
    ).toEqual([
      ['Response', ['Run time: 31 ms', 'Exit code: 0']],
      ['Reported by the check', ['Queue depth: 7', 'Lag: 90 s']],
    ]);
  });

  it('shows nothing for a run that stored no metrics', () => {
    expect(listCurrentValues('tcp', {})).toEqual({ groups: [], tables: [] });
  });
});
