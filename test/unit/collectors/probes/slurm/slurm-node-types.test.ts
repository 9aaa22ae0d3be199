import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregateSlurm } from '../../../../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseSinfo } from '../../../../../collectors/probes/slurm/parse-sinfo.ts';
import { SlurmDetailSchema } from '../../../../../core/results/slurm.ts';

// sinfo-documented-edge-cases.txt replays the format `man sinfo` documents; the *-22.05-* files are
// real Slurm 22.05 output (test/fixtures/slurm/README.md).
const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/slurm/${name}`, import.meta.url), 'utf8');
const MIB = 1024 ** 2;

function summarise(name: string, nodeTypeFeatures?: string[]) {
  return aggregateSlurm({
    nodes: parseSinfo(fixture(name)),
    jobs: [],
    reservations: [],
    maxProblemNodes: 50,
    ...(nodeTypeFeatures === undefined ? {} : { nodeTypeFeatures }),
  });
}

describe('node types by feature over replayed documented sinfo output (nodeTypeFeatures)', () => {
  const summary = summarise('sinfo-documented-edge-cases.txt', ['a100', 'gpu', 'standard']);
  const byName = new Map(summary.nodeTypes.map((t) => [t.name, t]));

  it('a node is the first listed feature it has (gpu01 has gpu,a100: a100 is listed first), once per node', () => {
    expect(summary.nodeTypes.map((t) => [t.name, t.nodes])).toEqual([
      ['standard', 5],
      ['gpu', 2],
      ['a100', 1],
    ]);
  });

  it('standard: alloc and mix- are allocated, idle~ available, down* down, drain down and drained', () => {
    expect(byName.get('standard')).toMatchObject({
      usable: 3,
      available: 1,
      allocated: 2,
      down: 2,
      drained: 1,
      cpus: { allocated: 192, total: 640 },
      utilisationPercent: 50,
      cpusPerNode: 128,
      memoryBytesPerNode: 256000 * MIB,
      gpuModel: '',
      gpusPerNode: 0,
    });
  });

  it('a100: GRES used counts the GPUs allocated; cores of usable nodes give the utilisation', () => {
    expect(byName.get('a100')).toMatchObject({
      allocated: 1,
      available: 0,
      gpuAllocation: { allocated: 3, total: 4 },
      gpuModel: 'a100',
      gpusPerNode: 4,
      utilisationPercent: 25,
    });
  });

  it('gpu: a node in a maintenance reservation ($) is neither available nor down; mixed models are named', () => {
    expect(byName.get('gpu')).toMatchObject({
      nodes: 2,
      usable: 1,
      available: 1,
      allocated: 0,
      down: 0,
      gpuAllocation: { allocated: 0, total: 8 },
      gpuModel: 'a100,gpu,v100',
    });
  });

  it('every node is in one column: available + allocated + down + maintenance = nodes', () => {
    for (const type of summary.nodeTypes) {
      const { available = 0, allocated = 0, down = 0, maintenance = 0 } = type;
      expect([type.name, available + allocated + down + maintenance]).toEqual([type.name, type.nodes]);
    }
    expect(byName.get('gpu')).toMatchObject({ maintenance: 1, cpusUsable: { allocated: 0, total: 64 } });
    expect(byName.get('standard')).toMatchObject({ cpusUsable: { allocated: 192, total: 384 } });
  });

  it('a draining node still running jobs (drng, mixed+drain) is allocated with its busy cores; idle drained is down', () => {
    const lines = [
      'cn1|cpu*|up|drng|mixed+drain|32/0/96/128|(null)|(null)|256000|1000|std|2026-12-01T08:00:00|retiring',
      'cn2|cpu*|up|drain|idle+drain|0/0/128/128|(null)|(null)|256000|0|std|2026-12-01T08:00:00|retired',
      'cn3|cpu*|up|mix|mixed|32/96/0/128|(null)|(null)|256000|1000|std|Unknown|none',
    ].join('\n');
    const draining = aggregateSlurm({
      nodes: parseSinfo(lines),
      jobs: [],
      reservations: [],
      maxProblemNodes: 50,
      nodeTypeFeatures: ['std'],
    });
    expect(draining.nodeTypes[0]).toMatchObject({
      nodes: 3,
      available: 0,
      allocated: 2,
      down: 1,
      drained: 1,
      // cn3's 128 cores and cn1's 32 busy ones: 64 of 160.
      cpusUsable: { allocated: 64, total: 160 },
      utilisationPercent: 40,
    });
    expect(flattenClusterMetrics(draining)['nodetype:std:nodesDown']).toBe(1);
    // The cluster's own counts still call the draining node drained, with its reason listed.
    expect(draining.resources.nodes).toMatchObject({ drained: 2, usable: 1 });
    expect(draining.problemNodes.map((n) => n.name)).toEqual(['cn1', 'cn2']);
  });

  it('flattens nodetype metrics and reads back with the stored result schema', () => {
    expect(flattenClusterMetrics(summary)).toMatchObject({
      'nodetype:standard:nodesDown': 2,
      'nodetype:standard:utilisationPercent': 50,
      'nodetype:a100:nodesAvailable': 0,
    });
    expect(SlurmDetailSchema.parse(JSON.parse(JSON.stringify(summary))).nodeTypes).toEqual(summary.nodeTypes);
  });

  it('a node with none of the features is named by its features, "standard" when it has none', () => {
    const other = summarise('sinfo-documented-edge-cases.txt', ['bigmem']);
    expect(other.nodeTypes.map((t) => t.name)).toEqual(['standard,ib', 'gpu', 'gpu,a100']);
  });
});

describe('node types from real Slurm 22.05 output', () => {
  it('a drained node running a job in a maintenance reservation is not down (planned): it is in maintenance', () => {
    const summary = summarise('sinfo-22.05-drained-in-maint-reservation.txt', ['standard']);
    expect(summary.nodeTypes).toEqual([
      expect.objectContaining({
        name: 'standard',
        nodes: 1,
        usable: 0,
        available: 0,
        allocated: 0,
        down: 0,
        maintenance: 1,
      }),
    ]);
  });

  it('both typed GPUs allocated', () => {
    const summary = summarise('sinfo-22.05-typed-gpus-allocated.txt', ['test']);
    expect(summary.nodeTypes[0]).toMatchObject({
      name: 'test',
      allocated: 1,
      gpuAllocation: { allocated: 2, total: 2 },
      gpuModel: 'a100',
      gpusPerNode: 2,
      cpus: { allocated: 2, total: 2 },
      utilisationPercent: 100,
    });
  });

  it('without nodeTypeFeatures the types keep their six old fields and no nodetype metric is made', () => {
    const summary = summarise('sinfo-documented-edge-cases.txt');
    expect(Object.keys(summary.nodeTypes[0] ?? {})).toEqual([
      'features',
      'gpus',
      'cpusPerNode',
      'memoryBytesPerNode',
      'nodes',
      'usable',
    ]);
    expect(Object.keys(flattenClusterMetrics(summary)).some((k) => k.startsWith('nodetype:'))).toBe(false);
  });
});
