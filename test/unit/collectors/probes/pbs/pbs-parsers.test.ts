import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  flattenClusterMetrics,
  judgeCluster,
} from '../../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregatePbs } from '../../../../../collectors/probes/pbs/aggregate-pbs.ts';
import { parsePbsRstat } from '../../../../../collectors/probes/pbs/parse-pbs-rstat.ts';
import { type PbsNode, parsePbsnodes } from '../../../../../collectors/probes/pbs/parse-pbsnodes.ts';
import { parseQstatQueues } from '../../../../../collectors/probes/pbs/parse-qstat-queues.ts';
import { parsePbsSize, parsePbsTime } from '../../../../../collectors/probes/pbs/pbs-values.ts';
import { parseTolerantJson, repairJson } from '../../../../../collectors/probes/pbs/repair-json.ts';
import { generatePbsnodes } from '../../../../fixtures/pbs/generate-pbsnodes.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/pbs/${name}`, import.meta.url), 'utf8');
const GIB = 1024 ** 3;

function nodesOf(text: string): PbsNode[] {
  const result = parsePbsnodes(text);
  if (!result.ok) throw new Error(result.error);
  return result.nodes;
}

describe('parseTolerantJson: the invalid JSON PBS is known to print', () => {
  it.each([
    [
      'unescaped quotes in a node comment (openpbs#830)',
      '{"comment":"reboot "scratch" (SCHEDULED)","resv_enable":"True"}',
      { comment: 'reboot "scratch" (SCHEDULED)', resv_enable: 'True' },
    ],
    ["\\' and \\, escapes (openpbs#2049)", '{"MYVAR":"\\\'x\\\'","V":"ab\\,c"}', { MYVAR: "'x'", V: 'ab,c' }],
    [
      'raw newline and tab in a BASH_FUNC_ variable (openpbs#2541)',
      '{"BASH_FUNC_ml%%":"() {  eval\t$x\n}","n":1}',
      { 'BASH_FUNC_ml%%': '() {  eval\t$x\n}', n: 1 },
    ],
    [
      'a digit string written as a number (openpbs#1255)',
      '{"foo":005,"a":[007, 0, 0.5]}',
      { foo: '005', a: ['007', 0, 0.5] },
    ],
    ['a stray backslash before another letter', '{"p":"C:\\data\\x"}', { p: 'C:\\data\\x' }],
    [
      'a quote followed by a comma inside the text',
      '{"c":"he said "hi", then left","d":2}',
      { c: 'he said "hi", then left', d: 2 },
    ],
    ['a control character', '{"c":"bell\u0007"}', { c: 'bell\u0007' }],
  ])('%s', (_name, text, value) => {
    expect(parseTolerantJson(text)).toEqual({ ok: true, value, wasRepaired: true });
  });

  it('valid JSON takes the fast path and is left alone by repair', () => {
    const text = fixture('pbsnodes-documented-format.json');
    expect(parseTolerantJson(text)).toMatchObject({ ok: true, wasRepaired: false });
    expect(repairJson(text)).toBe(text);
    expect(repairJson('{"a":"x\\"y\\\\","b":[0,10,-0.5,"\\u00e9"]}')).toBe(
      '{"a":"x\\"y\\\\","b":[0,10,-0.5,"\\u00e9"]}',
    );
  });

  it('says so when even repair does not help', () => {
    expect(parseTolerantJson('{"a": [1, 2')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not JSON even after repair/),
    });
  });
});

describe('parsePbsnodes over documented-format output', () => {
  it('states, resources, missing resources_assigned keys as 0, comments', () => {
    const nodes = nodesOf(fixture('pbsnodes-documented-format.json'));
    expect(nodes.map((n) => [n.name, n.state, n.condition])).toEqual([
      ['dec0001', 'job-exclusive', 'usable'],
      ['dec0002', 'free', 'usable'],
      ['dec0003', 'down', 'down'],
      ['dec0004', 'offline', 'drained'],
      ['dec0005', 'resv-exclusive', 'usable'],
      ['deg0001', 'job-busy', 'usable'],
      ['deg0002', 'down', 'down'],
    ]);
    const [busy, free, , offline, , gpu, unknown] = nodes;
    expect(busy).toMatchObject({
      cpus: { available: 128, assigned: 128 },
      memoryBytes: { available: 257700 * 1024 ** 2, assigned: 235929600 * 1024 },
      queues: ['cpu', 'cpudev'],
      nodeType: 'cpu',
      since: new Date(1763880000 * 1000).toISOString(),
    });
    expect(free).toMatchObject({ cpus: { available: 128, assigned: 0 }, memoryBytes: { assigned: 0 } });
    expect(offline).toMatchObject({
      states: ['offline', 'job-busy'],
      comment: 'offlined by admin: memory errors, ticket 5678',
    });
    expect(gpu).toMatchObject({
      gpus: { available: 4, assigned: 2 },
      gpuType: 'a100',
      memoryBytes: { assigned: 100 * GIB },
    });
    expect(unknown).toMatchObject({ states: ['state-unknown', 'down'], gpus: { available: 4, assigned: 0 } });
  });

  it('repairs the invalid JSON and says it did', () => {
    const result = parsePbsnodes(fixture('pbsnodes-documented-format-invalid-json.txt'));
    expect(result).toMatchObject({ ok: true, wasRepaired: true });
    const nodes = result.ok ? result.nodes : [];
    expect(nodes[0]?.comment).toBe(
      'HEALTH-CHECK: /var/spool/pbs/mom_scripts/reboot "scratch not mounted" (Nov 22 14:13 SCHEDULED)',
    );
    expect(nodes[1]?.comment).toBe("owner's note: rack 4, slot 2\ttab and\nnewline");
    expect(nodes[0]?.memoryBytes.available).toBe(191 * GIB);
  });

  it('not an object with "nodes" is an error, not an exception', () => {
    expect(parsePbsnodes('[]')).toEqual({ ok: false, error: 'pbsnodes: expected an object with "nodes"' });
  });

  it('a generated 2,500-node document: every node counted, states as generated', () => {
    const generated = generatePbsnodes(2500);
    const nodes = nodesOf(generated.text);
    const summary = aggregatePbs({
      nodes,
      queues: [],
      reservations: [],
      maxProblemNodes: 50,
      onlyQueues: [],
    });
    expect(summary.resources.nodes.total).toBe(2500);
    expect(summary.resources.cpus.total).toBe(generated.expected.cpus);
    expect(summary.resources.gpus.total).toBe(generated.expected.gpus);
    expect(summary.nodeTypes.map((t) => [t.features, t.nodes])).toEqual([
      ['cpu', 2500 - generated.expected.gpuNodes],
      ['gpu', generated.expected.gpuNodes],
    ]);
    const offline = (generated.expected.byState.offline ?? 0) + 0;
    const down = generated.expected.byState['down,offline'] ?? 0;
    expect(summary.resources.nodes).toMatchObject({ drained: offline, down });
    expect(summary.problemNodes).toHaveLength(Math.min(50, offline + down));
    expect(summary.problemNodesOmitted).toBe(Math.max(0, offline + down - 50));
    expect(JSON.stringify(summary).length).toBeLessThan(20_000);
  });
});

describe('parseQstatQueues over documented-format output', () => {
  it('counts from state_count; Begun counts as running', () => {
    const result = parseQstatQueues(fixture('qstat-Q-documented-format.json'));
    expect(result.ok && result.queues.map((q) => [q.name, q.type, q.isEnabled, q.isStarted, q.jobs])).toEqual(
      [
        ['main', 'Route', true, true, { running: 0, pending: 3, other: 0 }],
        ['cpu', 'Execution', true, true, { running: 254, pending: 1021, other: 15 }],
        ['gpu', 'Execution', true, true, { running: 15, pending: 30, other: 0 }],
        ['cpudev', 'Execution', false, true, { running: 0, pending: 0, other: 0 }],
        ['gpudev', 'Execution', true, false, { running: 0, pending: 2, other: 0 }],
      ],
    );
  });

  it('a server without queues', () => {
    expect(parseQstatQueues('{"timestamp":1,"pbs_server":"s"}')).toEqual({
      ok: true,
      queues: [],
      wasRepaired: false,
    });
  });
});

describe('parsePbsRstat over documented-format output', () => {
  it('R… reservations are ordinary, M… are maintenance; wrapped values joined', () => {
    expect(parsePbsRstat(fixture('pbs_rstat-f-documented-format.txt'))).toEqual([
      {
        name: 'climate_run',
        start: new Date(2026, 11, 1, 8, 0, 0).toISOString(),
        end: new Date(2026, 11, 1, 20, 0, 0).toISOString(),
        nodes: 'dec0005,dec0006',
        nodeCount: 2,
        flags: ['RESV_CONFIRMED'],
        isMaintenance: false,
        isActive: false,
        queue: 'R123',
      },
      {
        name: 'M456.desched1',
        start: new Date(2026, 10, 23, 6, 0, 0).toISOString(),
        end: new Date(2026, 10, 23, 18, 0, 0).toISOString(),
        nodes: 'dec0101,dec0102,dec0103',
        nodeCount: 3,
        flags: ['RESV_RUNNING', 'MAINTENANCE'],
        isMaintenance: true,
        isActive: true,
        queue: 'M456',
      },
    ]);
  });

  it('no reservations prints nothing', () => {
    expect(parsePbsRstat('')).toEqual([]);
  });
});

describe('PBS values', () => {
  it.each([
    ['257700mb', 257700 * 1024 ** 2],
    ['263419976kb', 263419976 * 1024],
    ['4gb', 4 * GIB],
    ['1tb', 1024 * GIB],
    ['8w', 64],
    ['1024', 1024],
    [2048, 2048],
    ['n/a', 0],
    [undefined, 0],
  ])('parsePbsSize(%j)', (value, bytes) => {
    expect(parsePbsSize(value)).toBe(bytes);
  });

  it('parsePbsTime reads ctime-style local times', () => {
    expect(parsePbsTime('Tue Dec  1 08:00:00 2026')).toBe(new Date(2026, 11, 1, 8).toISOString());
    expect(parsePbsTime('yesterday')).toBeUndefined();
  });
});

describe('aggregatePbs', () => {
  const nodes = nodesOf(fixture('pbsnodes-documented-format.json'));
  const queuesResult = parseQstatQueues(fixture('qstat-Q-documented-format.json'));
  const queues = queuesResult.ok ? queuesResult.queues : [];

  it('the same aggregates as SLURM: nodes, CPUs, GPUs, memory, jobs, queues as partitions', () => {
    const summary = aggregatePbs({ nodes, queues, reservations: [], maxProblemNodes: 10, onlyQueues: [] });
    expect(summary.resources.nodes).toEqual({
      total: 7,
      usable: 4,
      down: 2,
      drained: 1,
      maintenance: 0,
      byState: { 'job-exclusive': 1, free: 1, down: 2, offline: 1, 'resv-exclusive': 1, 'job-busy': 1 },
    });
    expect(summary.resources.cpus).toEqual({ allocated: 352, idle: 160, other: 256, total: 768 });
    expect(summary.resources.gpus).toEqual({
      allocated: 2,
      total: 8,
      byType: { a100: { allocated: 2, total: 8 } },
    });
    expect(summary.jobs).toEqual({ running: 269, pending: 1056, other: 15, pendingReasons: {} });
    expect(summary.partitions.map((p) => [p.name, p.availability, p.resources?.nodes.total])).toEqual([
      ['main', 'up', undefined],
      ['cpu', 'up', 5],
      ['gpu', 'up', 2],
      ['cpudev', 'disabled', 5],
      ['gpudev', 'not started', 2],
    ]);
    expect(summary.problemNodes.map((n) => [n.name, n.state, n.reason])).toEqual([
      ['dec0003', 'down,offline', 'node down: communication closed'],
      ['deg0002', 'state-unknown,down', ''],
      ['dec0004', 'offline,job-busy', 'offlined by admin: memory errors, ticket 5678'],
    ]);
    const metrics = flattenClusterMetrics(summary);
    expect(metrics).toMatchObject({
      nodesDownPercent: 42.9,
      gpusTotal: 8,
      jobsPending: 1056,
      'partition:gpu:nodesDown': 1,
    });
    expect(metrics).not.toHaveProperty('activeUsers');
    expect(judgeCluster(summary)).toEqual({
      status: 'up',
      message: '4 of 7 nodes usable; 269 jobs running, 1056 pending',
    });
  });

  it('a queue filter keeps those queues and the nodes that serve them', () => {
    const summary = aggregatePbs({
      nodes,
      queues,
      reservations: null,
      maxProblemNodes: 10,
      onlyQueues: ['gpu'],
    });
    expect(summary.partitions.map((p) => p.name)).toEqual(['gpu']);
    expect(summary.resources.nodes.total).toBe(2);
    expect(summary.jobs?.running).toBe(15);
  });
});
