import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../../../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseReservations } from '../../../../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo } from '../../../../../collectors/probes/slurm/parse-sinfo.ts';
import {
  countAllocatedTresGpus,
  countTresGpus,
  expandHostlist,
  parseSqueue,
  SQUEUE_FORMAT,
} from '../../../../../collectors/probes/slurm/parse-squeue.ts';
import { SlurmDetailSchema } from '../../../../../core/results/slurm.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/slurm/${name}`, import.meta.url), 'utf8');

describe('squeue jobs per partition (replays of real Slurm 22.05 output)', () => {
  it('the format keeps the older columns first, then node list, tasks and the requested and allocated TRES', () => {
    expect(SQUEUE_FORMAT).toBe(
      'JobArrayID:0|,Partition:0|,State:0|,UserName:0|,Reason:0|,NumCPUs:0|,tres-per-node:0|,NumNodes:0|,NodeList:0|,NumTasks:0|,tres-per-job:0|,tres-per-task:0|,tres-alloc:0',
    );
  });

  it('replay with the nodes column: CPUs, nodes and GPUs of each line', () => {
    const rows = parseSqueue(fixture('squeue-22.05-nodes-column.txt'));
    expect(rows.map((r) => [r.id, r.state, r.cpus, r.nodes, r.gpus])).toEqual([
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
    expect(rows.map((r) => [r.id, r.nodes, r.gpus])).toEqual([
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
    ['gres/gpu=2', 2],
    ['cpu=2,gres/gpu=1', 1],
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
    // Two one-core jobs share the one node vigiln1: one node (these older lines name no nodes,
    // so sinfo's one busy node of batch bounds it).
    expect(summary.partitions.map((p) => [p.name, p.activeUsers, p.allocated])).toEqual([
      ['batch', 1, { cpus: 2, gpus: 2, nodes: 1 }],
      ['debug', 1, { cpus: 0, gpus: 0, nodes: 0 }],
    ]);
    expect(summary.jobs?.activeUsers).toBe(1);
    const metrics = flattenClusterMetrics(summary);
    expect(metrics['partition:batch:activeUsers']).toBe(1);
    expect(metrics['partition:debug:activeUsers']).toBe(1);
    expect(summary.reservations?.map((r) => [r.name, r.queue])).toEqual([['debug_window', 'debug']]);
  });

  it("replay of today's columns: two jobs sharing vigiln1, GPUs asked with --gpus=1 and --gpus-per-task=1", () => {
    const rows = parseSqueue(fixture('squeue-22.05-shared-node-gpus-per-job.txt'));
    expect(rows.map((r) => [r.id, r.state, r.cpus, r.hosts, r.gpus])).toEqual([
      ['1', 'RUNNING', 1, ['vigiln1'], 1],
      ['2', 'RUNNING', 1, ['vigiln1'], 1],
      ['3_0', 'PENDING', 2, [], 0],
      ['3_1', 'PENDING', 2, [], 0],
      ['3_2', 'PENDING', 2, [], 0],
    ]);
    const summary = aggregateSlurm({
      nodes: parseSinfo(fixture('sinfo-22.05-shared-node-gpus-per-job.txt')),
      jobs: rows,
      reservations: [],
      maxProblemNodes: 50,
    });
    expect(summary.partitions.map((p) => [p.name, p.activeUsers, p.allocated])).toEqual([
      ['batch', 1, { cpus: 2, gpus: 2, nodes: 1 }],
      ['debug', 1, { cpus: 0, gpus: 0, nodes: 0 }],
    ]);
  });

  it('128 one-core jobs on a 10-node partition hold at most its 10 nodes, with or without NodeList', () => {
    const sinfo = Array.from(
      { length: 10 },
      (_, i) =>
        `n${String(i + 1).padStart(2, '0')}|cpu*|up|mix|mixed|13/51/0/64|(null)|(null)|256000|0|(null)|Unknown|none`,
    ).join('\n');
    const named = Array.from(
      { length: 128 },
      (_, i) =>
        `${i + 1}|cpu|RUNNING|u${i % 7}|None|1|N/A|1|n${String((i % 10) + 1).padStart(2, '0')}|1|N/A|N/A|cpu=1,node=1`,
    );
    // The older eight columns name no nodes: sinfo's ten busy nodes bound them.
    const unnamed = named.map((line) => line.split('|').slice(0, 8).join('|'));
    for (const lines of [named, unnamed]) {
      const summary = aggregateSlurm({
        nodes: parseSinfo(sinfo),
        jobs: parseSqueue(lines.join('\n')),
        reservations: [],
        maxProblemNodes: 50,
      });
      expect(summary.partitions[0]?.allocated).toEqual({ cpus: 128, gpus: 0, nodes: 10 });
    }
  });

  it.each([
    ['cpu=4,mem=8G,node=1,billing=4,gres/gpu=8,gres/gpu:a100=8', 8],
    ['cpu=4,node=2,gres/gpu:a100=2,gres/gpu:v100=1', 3],
    ['cpu=1,mem=100M,node=1,billing=1', undefined],
    ['', undefined],
  ])('countAllocatedTresGpus(%j) is %j', (text, gpus) => {
    expect(countAllocatedTresGpus(text)).toBe(gpus);
  });

  it('GPUs of a running job: allocated TRES first, else per job, per task × tasks, per node × nodes', () => {
    const gpusOf = (line: string) => parseSqueue(line)[0]?.gpus;
    // Accounting tracks gres/gpu: what the job was given wins over what it asked.
    expect(gpusOf('1|gpu|RUNNING|a|None|8|N/A|2|g[1-2]|8|gres:gpu:8|N/A|cpu=8,node=2,gres/gpu=8')).toBe(8);
    expect(gpusOf('2|gpu|RUNNING|a|None|8|N/A|2|g[1-2]|8|gres:gpu:8|N/A|cpu=8,node=2')).toBe(8);
    expect(gpusOf('3|gpu|RUNNING|a|None|8|N/A|2|g[1-2]|4|N/A|gres:gpu:2|cpu=8,node=2')).toBe(8);
    expect(gpusOf('4|gpu|RUNNING|a|None|8|gres:gpu:a100:4|2|g[1-2]|2|N/A|N/A|cpu=8,node=2')).toBe(8);
    expect(gpusOf('5|gpu|RUNNING|a|None|8|N/A|2|g[1-2]|2|N/A|N/A|cpu=8,node=2')).toBe(0);
  });

  it.each([
    ['vigiln1', ['vigiln1']],
    ['node[01-03,07],gpu1', ['node01', 'node02', 'node03', 'node07', 'gpu1']],
    ['r[1-2]n[8-9]', ['r1n8', 'r1n9', 'r2n8', 'r2n9']],
    ['cn[098-101]', ['cn098', 'cn099', 'cn100', 'cn101']],
    ['', []],
    ['(null)', []],
  ])('expandHostlist(%j)', (text, hosts) => {
    expect(expandHostlist(text)).toEqual(hosts);
  });

  it('a node list longer than the bound is not expanded (NumNodes counts it)', () => {
    expect(expandHostlist('n[1-100]', 50)).toEqual([]);
  });

  it('several users over partitions: a pending job counts its user in each partition it names', () => {
    const summary = aggregateSlurm({
      nodes: parseSinfo(fixture('sinfo-documented-edge-cases.txt')),
      jobs: parseSqueue(
        [
          // alice's job holds cn001 and cn002, bob's shares cn002: two nodes.
          '100|cpu|RUNNING|alice|None|192|N/A|2|cn[001-002]|2|N/A|N/A|cpu=192,mem=4G,node=2,billing=192',
          '101|cpu|RUNNING|bob|None|64|N/A|1|cn002|1|N/A|N/A|cpu=64,mem=1G,node=1,billing=64',
          '102|cpu,gpu|PENDING|carol|Priority|4|N/A|1||1|N/A|N/A|cpu=4,node=1',
          '103|gpu|RUNNING|dave|None|32|gres/gpu:a100:2|2|gpu[01-02]|2|N/A|N/A|cpu=32,node=2,billing=32',
          '104|gpu|SUSPENDED|erin|None|8|N/A|1|gpu02|1|N/A|N/A|cpu=8,node=1',
        ].join('\n'),
      ),
      reservations: [],
      maxProblemNodes: 50,
    });
    const byName = Object.fromEntries(summary.partitions.map((p) => [p.name, p]));
    expect(byName.cpu).toMatchObject({ activeUsers: 3, allocated: { cpus: 256, gpus: 0, nodes: 2 } });
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
