import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../../../../collectors/probes/cluster/cluster-metrics.ts';
import { MAX_NODE_TYPES } from '../../../../../collectors/probes/cluster/node-types.ts';
import { aggregatePbs } from '../../../../../collectors/probes/pbs/aggregate-pbs.ts';
import { type PbsnodesOptions, parsePbsnodes } from '../../../../../collectors/probes/pbs/parse-pbsnodes.ts';
import { PbsDetailSchema } from '../../../../../core/results/pbs.ts';
import { generateDerechoPbsnodes, generatePbsnodes } from '../../../../fixtures/pbs/generate-pbsnodes.ts';

// PBS cannot run here: these are replays of the documented `pbsnodes -a -F json` format
// (test/fixtures/pbs/README.md), a Casper-style cluster of five node types and Derecho's 2,570 nodes.
const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/pbs/${name}`, import.meta.url), 'utf8');
const GIB = 1024 ** 3;

function summarise(text: string, nodeTypeResource?: string) {
  const options: PbsnodesOptions = nodeTypeResource === undefined ? {} : { nodeTypeResource };
  const parsed = parsePbsnodes(text, options);
  if (!parsed.ok) throw new Error(parsed.error);
  return aggregatePbs({
    nodes: parsed.nodes,
    queues: [],
    reservations: [],
    maxProblemNodes: 50,
    onlyQueues: [],
    ...options,
  });
}

describe('node types of a replayed Casper-style pbsnodes (five types, nodeTypeResource: nodetype)', () => {
  const summary = summarise(fixture('pbsnodes-casper-documented-format.json'), 'nodetype');
  const byName = new Map(summary.nodeTypes.map((t) => [t.name, t]));

  it('one row per value of resources_available.nodetype, most nodes first', () => {
    expect(summary.nodeTypes.map((t) => [t.name, t.nodes])).toEqual([
      ['standard', 12],
      ['gpu-v100', 6],
      ['bigmem', 4],
      ['gpu-a100', 4],
      ['gpu-mi100', 2],
    ]);
  });

  it.each([
    // name, available, allocated, down, drained, cores allocated / total, utilisation of usable cores
    ['standard', 4, 6, 2, 1, 176, 432, 48.9],
    ['bigmem', 1, 2, 1, 0, 96, 256, 50],
    ['gpu-mi100', 1, 1, 0, 0, 64, 128, 50],
    ['gpu-v100', 1, 3, 2, 1, 90, 216, 62.5],
    ['gpu-a100', 1, 2, 0, 0, 128, 256, 66.7],
  ])(
    '%s: %i available, %i allocated, %i down (%i offline), cores, utilisation',
    (name, available, allocated, down, drained, cpusAllocated, cpusTotal, utilisation) => {
      expect(byName.get(name)).toMatchObject({
        available,
        allocated,
        down,
        drained,
        cpus: { allocated: cpusAllocated, total: cpusTotal },
        utilisationPercent: utilisation,
      });
    },
  );

  it.each([
    // name, cores, memory GiB, GPU model, GPUs per node, GPUs allocated / total
    ['standard', 36, 192, '', 0, 0, 0],
    ['bigmem', 64, 768, '', 0, 0, 0],
    ['gpu-mi100', 64, 512, 'mi100', 2, 2, 4],
    ['gpu-v100', 36, 384, 'v100', 4, 10, 24],
    ['gpu-a100', 64, 512, 'a100', 4, 8, 16],
  ])(
    '%s specs: %i cores, %i GiB, GPUs "%s" × %i',
    (name, cores, memoryGiB, model, perNode, gpusAllocated, gpusTotal) => {
      expect(byName.get(name)).toMatchObject({
        cpusPerNode: cores,
        memoryBytesPerNode: memoryGiB * GIB,
        gpuModel: model,
        gpusPerNode: perNode,
        gpuAllocation: { allocated: gpusAllocated, total: gpusTotal },
      });
    },
  );

  it('a node in maintenance is neither available, allocated nor down: it is counted in maintenance', () => {
    const a100 = byName.get('gpu-a100');
    expect(a100 && a100.nodes - (a100.available ?? 0) - (a100.allocated ?? 0) - (a100.down ?? 0)).toBe(1);
    expect(a100?.maintenance).toBe(1);
    expect(a100?.usable).toBe(3);
    for (const type of summary.nodeTypes) {
      const { available = 0, allocated = 0, down = 0, maintenance = 0 } = type;
      expect([type.name, available + allocated + down + maintenance]).toEqual([type.name, type.nodes]);
    }
  });

  it('flattens nodetype:<name>:nodesDown, nodesAvailable and utilisationPercent for thresholds', () => {
    const metrics = flattenClusterMetrics(summary);
    expect(metrics).toMatchObject({
      'nodetype:gpu-v100:nodesDown': 2,
      'nodetype:gpu-v100:nodesAvailable': 1,
      'nodetype:gpu-v100:utilisationPercent': 62.5,
      'nodetype:standard:nodesDown': 2,
      'nodetype:gpu-a100:utilisationPercent': 66.7,
    });
    expect(Object.keys(metrics).filter((k) => k.startsWith('nodetype:'))).toHaveLength(15);
  });

  it('reads back unchanged with the stored result schema', () => {
    const stored = JSON.parse(JSON.stringify(summary));
    expect(PbsDetailSchema.parse(stored).nodeTypes).toEqual(summary.nodeTypes);
  });

  it('Qlist as the property: its whole value names the type', () => {
    const byQlist = summarise(fixture('pbsnodes-casper-documented-format.json'), 'Qlist');
    expect(byQlist.nodeTypes.map((t) => [t.name, t.nodes])).toEqual([
      ['casper,gpudev', 12],
      ['casper,htc', 12],
      ['casper', 4],
    ]);
  });
});

describe('node types without nodeTypeResource: stored exactly as before', () => {
  it('groups by nodetype, GPUs, cores and memory with the six old fields only, and no nodetype metrics', () => {
    const summary = summarise(fixture('pbsnodes-casper-documented-format.json'));
    for (const type of summary.nodeTypes) {
      expect(Object.keys(type)).toEqual([
        'features',
        'gpus',
        'cpusPerNode',
        'memoryBytesPerNode',
        'nodes',
        'usable',
      ]);
    }
    expect(summary.nodeTypes.find((t) => t.features === 'gpu-v100')).toEqual({
      features: 'gpu-v100',
      gpus: 'v100:4',
      cpusPerNode: 36,
      memoryBytesPerNode: 384 * GIB,
      nodes: 6,
      usable: 4,
    });
    expect(Object.keys(flattenClusterMetrics(summary)).some((k) => k.startsWith('nodetype:'))).toBe(false);
  });

  it('such a line (and one stored before the counts existed) reads back unchanged, without a name', () => {
    const summary = summarise(generatePbsnodes(30).text);
    const read = PbsDetailSchema.parse(JSON.parse(JSON.stringify(summary)));
    expect(read.nodeTypes).toEqual(summary.nodeTypes);
    expect(read.nodeTypes[0]?.name).toBeUndefined();
  });
});

describe('node types of a replayed Derecho-scale pbsnodes (2,570 nodes)', () => {
  const derecho = generateDerechoPbsnodes();
  const summary = summarise(derecho.text, 'nodetype');

  it.each(['cpu', 'gpu'] as const)('%s: every count as the document was written', (name) => {
    const want = derecho.expected[name];
    expect(summary.nodeTypes.find((t) => t.name === name)).toMatchObject({
      nodes: want.nodes,
      available: want.available,
      allocated: want.allocated,
      down: want.down,
      drained: want.drained,
      usable: want.nodes - want.down - want.maintenance,
      cpus: { allocated: want.cpusAllocated, total: want.cpusTotal },
      gpuAllocation: { allocated: want.gpusAllocated, total: want.gpusTotal },
    });
  });

  it('2,488 CPU and 82 GPU nodes, specs of each, a summary of a few kB', () => {
    expect(summary.resources.nodes.total).toBe(2570);
    expect(summary.nodeTypes.map((t) => [t.name, t.nodes, t.cpusPerNode, t.gpuModel, t.gpusPerNode])).toEqual(
      [
        ['cpu', 2488, 128, '', 0],
        ['gpu', 82, 64, 'a100', 4],
      ],
    );
    expect(JSON.stringify(summary.nodeTypes).length).toBeLessThan(2_000);
  });
});

describe('a node-type property unique to each node (hostile config)', () => {
  it(`keeps ${MAX_NODE_TYPES} types at most, the rest counted under "other"`, () => {
    const summary = summarise(generatePbsnodes(300).text, 'host');
    expect(summary.nodeTypes).toHaveLength(MAX_NODE_TYPES);
    expect(summary.nodeTypes.reduce((sum, t) => sum + t.nodes, 0)).toBe(300);
    expect(summary.nodeTypes[0]).toMatchObject({ name: 'other', nodes: 300 - (MAX_NODE_TYPES - 1) });
  });

  it('a node without the property falls back to its nodetype/Qlist label, a long value is cut', () => {
    const text = JSON.stringify({
      nodes: {
        a: { state: 'free', resources_available: { ncpus: 4, kind: 'x'.repeat(500) } },
        b: { state: 'free', resources_available: { ncpus: 4, Qlist: 'cpu' } },
        c: { state: 'free', resources_available: { ncpus: 4 } },
      },
    });
    expect(summarise(text, 'kind').nodeTypes.map((t) => t.name)).toEqual(['cpu', 'standard', 'x'.repeat(64)]);
  });
});
