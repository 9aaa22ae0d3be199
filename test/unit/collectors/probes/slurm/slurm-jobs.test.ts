import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../../../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseReservations } from '../../../../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo } from '../../../../../collectors/probes/slurm/parse-sinfo.ts';
import {
  countTresGpus,
  parseSqueue,
  SQUEUE_FORMAT,
} from '../../../../../collectors/probes/slurm/parse-squeue.ts';
import { SlurmDetailSchema } from '../../../../../core/results/slurm.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/slurm/${name}`, import.meta.url), 'utf8');

describe('squeue jobs per partition (replays of real Slurm 22.05 output)', () => {
  it('the format asks for nodes (%D) after the TRES per node', () => {
    expect(SQUEUE_FORMAT).toBe('%i|%P|%T|%u|%r|%C|%b|%D');
  });

  it('replay with the nodes column: CPUs, nodes and GPUs per node of each line', () => {
    const rows = parseSqueue(fixture('squeue-22.05-nodes-column.txt'));
    expect(rows.map((r) => [r.id, r.state, r.cpus, r.nodes, r.gpusPerNode])).toEqual([
      ['1', 'RUNNING', 1, 1, 1],
      ['2', 'RUNNING', 1, 1, 1],
      ['4', 'PENDING', 2, 1, 0],
      ['3_0', 'PENDING', 2, 1, 0],
      ['3_1', 'PENDING', 2, 1, 0],
      ['3_2', 'PENDING', 2, 1, 0],
    ]);
  });

  it('replay of the older seven-column output: one node a line, GPUs from %b', () => {
    const rows = parseSqueue(fixture('squeue-22.05-gpu-jobs.txt'));
    expect(rows.map((r) => [r.id, r.nodes, r.gpusPerNode])).toEqual([
      ['2', 1, 1],
      ['3', 1, 1],
      ['4_0', 1, 0],
      ['4_1', 1, 0],
      ['4_2', 1, 0],
    ]);
  });

  it.each([
    ['N/A', 0],
    ['', 0],
    ['gres:gpu:2', 2],
    ['gres/gpu:a100:4', 4],
    ['gres:gpu', 1],
    ['gres:gpu:a100:2,gres:nvme:1', 2],
    ['gres/gpu:1,gres/gpu:v100:1', 2],
    ['gres:nvme:1', 0],
  ])('countTresGpus(%j) is %d', (text, gpus) => {
    expect(countTresGpus(text)).toBe(gpus);
  });

  it('replay: per partition, users with running or pending jobs and what running jobs hold', () => {
    const summary = aggregateSlurm({
      nodes: parseSinfo(fixture('sinfo-22.05-typed-gpus-allocated.txt')),
      jobs: parseSqueue(fixture('squeue-22.05-nodes-column.txt')),
      reservations: parseReservations(fixture('scontrol-22.05-reservation-partition.txt')),
      maxProblemNodes: 50,
    });
    expect(summary.partitions.map((p) => [p.name, p.activeUsers, p.allocated])).toEqual([
      ['batch', 1, { cpus: 2, gpus: 2, nodes: 2 }],
      ['debug', 1, { cpus: 0, gpus: 0, nodes: 0 }],
    ]);
    expect(summary.jobs?.activeUsers).toBe(1);
    const metrics = flattenClusterMetrics(summary);
    expect(metrics['partition:batch:activeUsers']).toBe(1);
    expect(metrics['partition:debug:activeUsers']).toBe(1);
    expect(summary.reservations?.map((r) => [r.name, r.queue])).toEqual([['debug_window', 'debug']]);
  });

  it('several users over partitions: a pending job counts its user in each partition it names', () => {
    const summary = aggregateSlurm({
      nodes: parseSinfo(fixture('sinfo-documented-edge-cases.txt')),
      jobs: parseSqueue(
        [
          '100|cpu|RUNNING|alice|None|256|N/A|2',
          '101|cpu|RUNNING|bob|None|64|N/A|1',
          '102|cpu,gpu|PENDING|carol|Priority|4|N/A|1',
          '103|gpu|RUNNING|dave|None|32|gres/gpu:a100:2|2',
          '104|gpu|SUSPENDED|erin|None|8|N/A|1',
        ].join('\n'),
      ),
      reservations: [],
      maxProblemNodes: 50,
    });
    const byName = Object.fromEntries(summary.partitions.map((p) => [p.name, p]));
    expect(byName.cpu).toMatchObject({ activeUsers: 3, allocated: { cpus: 320, gpus: 0, nodes: 3 } });
    expect(byName.gpu).toMatchObject({ activeUsers: 2, allocated: { cpus: 32, gpus: 4, nodes: 2 } });
    expect(summary.jobs?.activeUsers).toBe(4);
  });

  it('squeue failed (jobs null): no users or holdings per partition, as before', () => {
    const summary = aggregateSlurm({
      nodes: parseSinfo(fixture('sinfo-22.05-typed-gpus-allocated.txt')),
      jobs: null,
      reservations: null,
      maxProblemNodes: 50,
    });
    for (const partition of summary.partitions) {
      expect(partition).not.toHaveProperty('activeUsers');
      expect(partition).not.toHaveProperty('allocated');
    }
    expect(Object.keys(flattenClusterMetrics(summary)).filter((k) => k.endsWith('activeUsers'))).toEqual([]);
  });

  it('replay: a reservation without a partition has no queue; a stored line from before parses', () => {
    const [later] = parseReservations(fixture('scontrol-22.05-reservations.txt'));
    expect(later).not.toHaveProperty('queue');
    const stored = SlurmDetailSchema.parse({
      scheduler: 'slurm',
      resources: {},
      partitions: [
        { name: 'batch', isDefault: true, availability: 'up', jobs: { running: 0, pending: 0, other: 0 } },
      ],
    });
    expect(stored.partitions[0]).not.toHaveProperty('allocated');
  });
});
