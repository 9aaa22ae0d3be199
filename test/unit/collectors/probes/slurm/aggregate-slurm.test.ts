import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  flattenClusterMetrics,
  judgeCluster,
} from '../../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../../../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseSinfo } from '../../../../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../../../../collectors/probes/slurm/parse-squeue.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/slurm/${name}`, import.meta.url), 'utf8');
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const SQUEUE = [
  '100|cpu|RUNNING|alice|None|128|N/A',
  '101_[0-9%2]|cpu|PENDING|alice|Resources|1|N/A',
  '102|cpu,gpu|PENDING|bob|Priority|4|N/A',
  '103|gpu|RUNNING|carol|None|16|gres:gpu:a100:3',
  '104|gpu|PENDING|dave|ReqNodeNotAvail, UnavailableNodes:gpu[03-04]|8|gres:gpu:1',
  '105|gpu|COMPLETING|erin|None|8|N/A',
].join('\n');

describe('aggregateSlurm over documented edge cases', () => {
  const summary = aggregateSlurm({
    nodes: parseSinfo(fixture('sinfo-documented-edge-cases.txt')),
    jobs: parseSqueue(SQUEUE),
    reservations: [],
    maxProblemNodes: 2,
  });

  it('counts a node listed in two partitions once for the cluster', () => {
    expect(summary.resources.nodes).toEqual({
      total: 8,
      usable: 5,
      down: 1,
      drained: 1,
      maintenance: 1,
      byState: { alloc: 1, mix: 2, idle: 2, down: 1, drain: 1, maint: 1 },
    });
    expect(summary.resources.cpus).toEqual({ allocated: 208, idle: 304, other: 320, total: 832 });
    expect(summary.partitions.map((p) => [p.name, p.resources?.nodes.total])).toEqual([
      ['cpu', 5],
      ['gpu', 3],
      ['interactive', 1],
    ]);
  });

  it('GPUs typed and untyped, total and allocated, per model', () => {
    expect(summary.resources.gpus).toEqual({
      allocated: 3,
      total: 12,
      byType: {
        a100: { allocated: 3, total: 6 },
        gpu: { allocated: 0, total: 4 },
        v100: { allocated: 0, total: 2 },
      },
    });
    expect(summary.resources.memory.totalBytes).toBe((5 * 256000 + 3 * 512000) * MIB);
  });

  it('jobs: arrays expanded, a multi-partition pending job counted once in totals, node lists cut from reasons', () => {
    expect(summary.jobs).toEqual({
      running: 2,
      pending: 12,
      other: 1,
      activeUsers: 4,
      pendingReasons: { Resources: 10, Priority: 1, ReqNodeNotAvail: 1 },
    });
    const gpu = summary.partitions.find((p) => p.name === 'gpu');
    expect(gpu?.jobs).toEqual({ running: 1, pending: 2, other: 1 });
    expect(summary.partitions[0]?.jobs).toEqual({ running: 1, pending: 11, other: 0 });
  });

  it('lists problem nodes down first, capped, with the number left out', () => {
    expect(summary.problemNodes).toEqual([
      {
        name: 'cn004',
        state: 'down*',
        reason: 'Not responding',
        since: new Date('2026-11-20T08:15:00').toISOString(),
      },
      {
        name: 'cn005',
        state: 'drain',
        reason: 'bad DIMM, ticket 1234',
        since: new Date('2026-11-21T10:00:00').toISOString(),
      },
    ]);
    expect(summary.problemNodesOmitted).toBe(1);
  });

  it('groups node types by features, GRES, cores and memory', () => {
    expect(summary.nodeTypes.map((t) => [t.features, t.gpus, t.nodes, t.usable])).toEqual([
      ['standard,ib', '', 5, 3],
      ['gpu,a100', 'gpu:a100:4', 1, 1],
      ['gpu', 'gpu:4', 1, 1],
      ['gpu', 'gpu:v100:2,gpu:a100:2', 1, 0],
    ]);
    expect(summary.nodeTypes[0]?.memoryBytesPerNode).toBe(256000 * MIB);
  });

  it('flat metrics with units, cluster and per partition', () => {
    const metrics = flattenClusterMetrics(summary);
    expect(metrics).toMatchObject({
      nodesTotal: 8,
      nodesDown: 1,
      nodesDrained: 1,
      nodesDownPercent: 25,
      cpuUtilizationPercent: 25,
      gpusTotal: 12,
      gpusAllocated: 3,
      gpuUtilizationPercent: 25,
      jobsRunning: 2,
      jobsPending: 12,
      'partition:gpu:nodesTotal': 3,
      'partition:gpu:gpusAllocated': 3,
      'partition:cpu:jobsPending': 11,
    });
    expect(metrics.memoryTotalBytes).toBeGreaterThan(GIB);
    expect(judgeCluster(summary)).toEqual({
      status: 'up',
      message: '5 of 8 nodes usable; 2 jobs running, 12 pending',
    });
  });
});

describe('judgeCluster', () => {
  it('down when no node is usable, saying why', () => {
    const summary = aggregateSlurm({
      nodes: parseSinfo(fixture('sinfo-22.05-drained-in-maint-reservation.txt')),
      jobs: null,
      reservations: null,
      maxProblemNodes: 10,
    });
    expect(judgeCluster(summary)).toEqual({
      status: 'down',
      message: 'no usable node: 1 in maintenance of 1',
    });
    expect(flattenClusterMetrics(summary)).not.toHaveProperty('jobsRunning');
  });

  it('down when the scheduler reports no nodes', () => {
    const summary = aggregateSlurm({ nodes: [], jobs: [], reservations: [], maxProblemNodes: 10 });
    expect(judgeCluster(summary).status).toBe('down');
  });
});
