import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../../../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregatePbs } from '../../../../../collectors/probes/pbs/aggregate-pbs.ts';
import { countPbsJobs } from '../../../../../collectors/probes/pbs/count-pbs-jobs.ts';
import { parsePbsRstat } from '../../../../../collectors/probes/pbs/parse-pbs-rstat.ts';
import { parsePbsnodes } from '../../../../../collectors/probes/pbs/parse-pbsnodes.ts';
import {
  type PbsJob,
  parseQstatJobs,
  readExecVnode,
} from '../../../../../collectors/probes/pbs/parse-qstat-jobs.ts';
import { parseQstatQueues } from '../../../../../collectors/probes/pbs/parse-qstat-queues.ts';
import { ClusterSummarySchema } from '../../../../../core/results/cluster-summary.ts';
import { PbsDetailSchema } from '../../../../../core/results/pbs.ts';
import { generateDerechoPbsnodes } from '../../../../fixtures/pbs/generate-pbsnodes.ts';
import { generateQstatJobs } from '../../../../fixtures/pbs/generate-qstat-jobs.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/pbs/${name}`, import.meta.url), 'utf8');

async function jobsOf(text: string): Promise<PbsJob[]> {
  const result = await parseQstatJobs(text);
  if (!result.ok) throw new Error(result.error);
  return result.jobs;
}

function queuesOf(text: string) {
  const result = parseQstatQueues(text);
  if (!result.ok) throw new Error(result.error);
  return result.queues;
}

function nodesOf(text: string) {
  const result = parsePbsnodes(text);
  if (!result.ok) throw new Error(result.error);
  return result.nodes;
}

/** What the documented-format replay holds, job by job (see the fixture). */
const REPLAY_JOBS = {
  '1001': { queue: 'cpu', state: 'R', owner: 'alice', allocated: { cpus: 256, gpus: 0, nodes: 2 } },
  '1004': { queue: 'cpu', state: 'Q', owner: 'alice', allocated: { cpus: 0, gpus: 0, nodes: 0 } },
  '1006[]': { queue: 'cpu', state: 'B', owner: 'erin', allocated: { cpus: 8, gpus: 0, nodes: 2 } },
  '1012': { queue: 'gpu', state: 'R', owner: 'judy', allocated: { cpus: 4, gpus: 2, nodes: 1 } },
};

describe('parseQstatJobs over the documented qstat -f -F json format (replay)', () => {
  it('replay: one job each, with state, owner and what a running job holds', async () => {
    const jobs = await jobsOf(fixture('qstat-f-documented-format.json'));
    expect(jobs).toHaveLength(12);
    expect(jobs[0]).toEqual({ ...REPLAY_JOBS['1001'], hosts: ['dec0001', 'dec0002'] });
    expect(jobs[3]).toEqual({ ...REPLAY_JOBS['1004'], hosts: [] });
    // An array's parent: two running subjobs of Resource_List's one 4-core chunk each.
    expect(jobs[5]).toEqual({ ...REPLAY_JOBS['1006[]'], hosts: [], array: { id: '1006', isParent: true } });
    // Two vnodes of one Casper host are one node.
    expect(jobs[11]).toEqual({ ...REPLAY_JOBS['1012'], hosts: ['casper10'] });
    // An exiting job (E) holds nothing any more.
    expect(jobs[10]).toMatchObject({ state: 'E', owner: 'ivan', allocated: { cpus: 0, gpus: 0, nodes: 0 } });
  });

  it("replay with PBS's invalid JSON (openpbs#830, #2049, #2541, #1255): the same jobs, and it says it repaired", async () => {
    const valid = await parseQstatJobs(fixture('qstat-f-documented-format.json'));
    const invalid = await parseQstatJobs(fixture('qstat-f-documented-format-invalid-json.txt'));
    expect(() => JSON.parse(fixture('qstat-f-documented-format-invalid-json.txt'))).toThrow();
    expect(valid).toMatchObject({ ok: true, wasRepaired: false, isCut: false });
    expect(invalid).toMatchObject({ ok: true, wasRepaired: true, isCut: false });
    expect(invalid.ok && invalid.jobs).toEqual(valid.ok && valid.jobs);
  });

  it('replay cut short (the output cap): the jobs before the cut, and isCut', async () => {
    const text = fixture('qstat-f-documented-format.json');
    const whole = await jobsOf(text);
    const cuts = [
      text.indexOf('"1004.desched1"') + 5,
      text.indexOf('"Variable_List"', 9000),
      text.length - 3,
    ];
    const counts: number[] = [];
    for (const at of cuts) {
      const cut = await parseQstatJobs(text.slice(0, at));
      expect(cut).toMatchObject({ ok: true, isCut: true });
      const jobs = cut.ok ? cut.jobs : [];
      expect(jobs).toEqual(whole.slice(0, jobs.length));
      counts.push(jobs.length);
    }
    // Cut inside job 1004, inside a later job's Variable_List, and after the last job's brace.
    expect(counts).toEqual([3, 4, 12]);
  });

  it('no jobs: PBS prints the header without "Jobs", or nothing at all', async () => {
    const header =
      '{\n    "timestamp":1764576000,\n    "pbs_version":"2022.1.3",\n    "pbs_server":"desched1"\n}\n';
    expect(await parseQstatJobs(header)).toEqual({ ok: true, jobs: [], wasRepaired: false, isCut: false });
    expect(await parseQstatJobs('')).toEqual({ ok: true, jobs: [], wasRepaired: false, isCut: false });
  });

  it.each([
    ['a message instead of JSON', 'qstat: Unknown queue destination nosuch', 'expected "{" at character 0'],
    ['a bare word where a key belongs', '{"Jobs":{oops}}', 'expected a quoted key at character 9'],
    [
      'a bracket where a brace belongs',
      '{"Jobs":{"1.s":{"queue":"cpu"}]}',
      'expected "," or "}" at character 31',
    ],
    ['an array, not an object', '[{"Jobs":{}}]', 'expected "{" at character 0'],
  ])('%s is an error naming where, not an exception', async (_name, text, says) => {
    const result = await parseQstatJobs(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(`qstat -f: ${says}`);
  });

  it('a huge attribute it does not read (a 5 MB Variable_List) is skipped, not parsed', async () => {
    const huge = 'x'.repeat(5_000_000);
    const text = `{"Jobs":{"1.s":{"Variable_List":{"BIG":"${huge}","Q":"a \\"quoted\\" b"},"job_state":"Q","queue":"cpu","Job_Owner":"ann@h"}}}`;
    expect(await jobsOf(text)).toEqual([
      { queue: 'cpu', state: 'Q', owner: 'ann', allocated: { cpus: 0, gpus: 0, nodes: 0 }, hosts: [] },
    ]);
  });

  it.each([
    ['(dec0001:ncpus=128:mem=240640000kb)', { cpus: 128, gpus: 0, hosts: ['dec0001'] }],
    [
      '(dec0001:ncpus=128:mem=1gb)+(dec0002:ncpus=128:mem=1gb)',
      { cpus: 256, gpus: 0, hosts: ['dec0001', 'dec0002'] },
    ],
    [
      '(casper10[0]:ncpus=2:ngpus=1+casper10[1]:ncpus=2:ngpus=1)+(casper11[0]:ngpus=4)',
      { cpus: 4, gpus: 6, hosts: ['casper10', 'casper11'] },
    ],
    ['', { cpus: 0, gpus: 0, hosts: [] }],
    ['(n1:ncpus=x:ngpus=)', { cpus: 0, gpus: 0, hosts: ['n1'] }],
  ])('readExecVnode(%j)', (text, expected) => {
    expect(readExecVnode(text)).toEqual(expected);
  });
});

const replayJobs = await jobsOf(fixture('qstat-f-documented-format.json'));

describe('countPbsJobs and aggregatePbs: users and allocations per queue (replay)', () => {
  const jobs = replayJobs;
  const summarize = (extra: Partial<Parameters<typeof aggregatePbs>[0]> = {}) =>
    aggregatePbs({
      nodes: nodesOf(fixture('pbsnodes-documented-format.json')),
      queues: queuesOf(fixture('qstat-Q-documented-format.json')),
      reservations: parsePbsRstat(fixture('pbs_rstat-f-documented-format.txt')),
      maxProblemNodes: 50,
      onlyQueues: [],
      jobs,
      ...extra,
    });

  it('replay: active users are owners of running, begun or queued jobs; nodes shared by two jobs count once', () => {
    const figures = countPbsJobs(jobs, () => true);
    // alice, bob, carol, erin (cpu); frank, gina, judy (gpu); harry (main); bob again (gpudev).
    expect(figures.activeUsers).toBe(8);
    expect(Object.fromEntries(figures.byQueue)).toEqual({
      // dave's held job and ivan's exiting one make no user active.
      cpu: { activeUsers: 4, allocated: { cpus: 392, gpus: 0, nodes: 5 } },
      gpu: { activeUsers: 3, allocated: { cpus: 68, gpus: 6, nodes: 2 } },
      main: { activeUsers: 1, allocated: { cpus: 0, gpus: 0, nodes: 0 } },
      gpudev: { activeUsers: 1, allocated: { cpus: 0, gpus: 0, nodes: 0 } },
    });
  });

  it('replay: the summary carries them per queue (a queue without jobs has zeros), overall, and as metrics', () => {
    const summary = summarize();
    expect(summary.jobs?.activeUsers).toBe(8);
    const byName = Object.fromEntries(summary.partitions.map((p) => [p.name, p]));
    // exec_vnode names dec0001-dec0003; the array's two subjobs (nodect 1 each) name no nodes, and
    // pbsnodes shows three busy cpu nodes (dec0001, dec0004, dec0005), so the queue holds three.
    expect(byName.cpu).toMatchObject({ activeUsers: 4, allocated: { cpus: 392, gpus: 0, nodes: 3 } });
    expect(byName.cpudev).toMatchObject({ activeUsers: 0, allocated: { cpus: 0, gpus: 0, nodes: 0 } });
    // The queue counts still come from qstat -Q, as before.
    expect(byName.cpu?.jobs).toEqual({ running: 254, pending: 1021, other: 15 });
    const metrics = flattenClusterMetrics(summary);
    expect(metrics.activeUsers).toBe(8);
    expect(metrics['partition:cpu:activeUsers']).toBe(4);
    expect(metrics['partition:gpu:activeUsers']).toBe(3);
    const stored = ClusterSummarySchema.parse(JSON.parse(JSON.stringify(summary)));
    expect([stored.jobs, stored.partitions, stored.reservations]).toEqual([
      summary.jobs,
      summary.partitions,
      summary.reservations,
    ]);
  });

  it('replay: a queue filter counts only those queues’ jobs and users', () => {
    const summary = summarize({ onlyQueues: ['gpu', 'gpudev'] });
    expect(summary.jobs?.activeUsers).toBe(4);
    expect(summary.partitions.map((p) => [p.name, p.activeUsers])).toEqual([
      ['gpu', 3],
      ['gpudev', 1],
    ]);
  });

  it('without jobs: true (no qstat -f) or with it failed, the summary is exactly as before', () => {
    for (const jobsField of [{}, { jobs: null }]) {
      const summary = aggregatePbs({
        nodes: nodesOf(fixture('pbsnodes-documented-format.json')),
        queues: queuesOf(fixture('qstat-Q-documented-format.json')),
        reservations: null,
        maxProblemNodes: 50,
        onlyQueues: [],
        ...jobsField,
      });
      expect(summary.jobs).not.toHaveProperty('activeUsers');
      for (const partition of summary.partitions) {
        expect(partition).not.toHaveProperty('activeUsers');
        expect(partition).not.toHaveProperty('allocated');
      }
      const metrics = flattenClusterMetrics(summary);
      expect(Object.keys(metrics).filter((k) => k.endsWith('activeUsers'))).toEqual([]);
    }
  });

  it('replay: reservations name their queue (R123, M456)', () => {
    expect(summarize().reservations?.map((r) => [r.name, r.queue])).toEqual([
      ['climate_run', 'R123'],
      ['M456.desched1', 'M456'],
    ]);
  });

  it('a line stored before these fields existed still parses, without them', () => {
    const old = {
      scheduler: 'pbs',
      resources: {},
      jobs: { running: 1, pending: 2, other: 0, pendingReasons: {} },
      partitions: [
        { name: 'cpu', isDefault: false, availability: 'up', jobs: { running: 1, pending: 2, other: 0 } },
      ],
      reservations: [
        {
          name: 'r',
          start: '2026-12-01T08:00:00.000Z',
          end: '2026-12-01T09:00:00.000Z',
          nodes: '',
          nodeCount: 0,
          flags: [],
          isMaintenance: false,
          isActive: false,
        },
      ],
    };
    const parsed = PbsDetailSchema.parse(old);
    expect(parsed.partitions[0]).not.toHaveProperty('activeUsers');
    expect(parsed.reservations?.[0]).not.toHaveProperty('queue');
    expect(parsed.jobs).not.toHaveProperty('activeUsers');
  });
});

const generated = generateQstatJobs(50_000);

describe('array jobs: nodes a queue holds never exceed what its nodes can give', () => {
  // Ten cpu nodes, each running jobs (job-busy, 12 of 64 cores assigned).
  const pbsnodes = JSON.stringify({
    nodes: Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `n${String(i + 1).padStart(2, '0')}`,
        {
          state: 'job-busy',
          resources_available: { ncpus: 64, mem: '256gb', Qlist: 'cpu' },
          resources_assigned: { ncpus: 12 },
        },
      ]),
    ),
  });
  const queues = JSON.stringify({
    Queue: {
      cpu: { queue_type: 'Execution', enabled: 'True', started: 'True', state_count: 'Running:128 ' },
    },
  });
  const job = (fields: Record<string, unknown>) => ({ Job_Owner: 'ann@h', queue: 'cpu', ...fields });
  const summarize = async (jobs: Record<string, unknown>) =>
    aggregatePbs({
      nodes: nodesOf(pbsnodes),
      queues: queuesOf(queues),
      reservations: [],
      maxProblemNodes: 50,
      onlyQueues: [],
      jobs: await jobsOf(JSON.stringify({ Jobs: jobs })),
    }).partitions[0]?.allocated;

  it("an array's parent with 128 running one-core subjobs on 10 nodes holds 10 nodes, not 128", async () => {
    const parent = job({
      job_state: 'B',
      array: 'True',
      array_state_count: 'Queued:0 Running:128 Exiting:0 Expired:0 ',
      Resource_List: { ncpus: 1, nodect: 1, select: '1:ncpus=1' },
    });
    expect(await summarize({ '77[].s': parent })).toEqual({ cpus: 128, gpus: 0, nodes: 10 });
  });

  it('subjobs listed (qstat -t) count their own exec_vnode hosts; the parent then adds nothing', async () => {
    const parent = job({
      job_state: 'B',
      array: 'True',
      array_state_count: 'Queued:1 Running:3 Exiting:0 Expired:0 ',
      Resource_List: { ncpus: 1, nodect: 1 },
    });
    const sub = (host: string) => job({ job_state: 'R', exec_vnode: `(${host}:ncpus=1)` });
    const allocated = await summarize({
      '77[].s': parent,
      '77[1].s': sub('n01'),
      '77[2].s': sub('n01'),
      '77[3].s': sub('n02'),
      '77[4].s': job({ job_state: 'Q' }),
    });
    expect(allocated).toEqual({ cpus: 3, gpus: 0, nodes: 2 });
  });
});

describe('parseQstatJobs pauses between slices, so the collector keeps running', () => {
  it('a timer set before the scan runs before it finishes, once per slice or so', async () => {
    const text = generateQstatJobs(2000).text;
    const sliceChars = 65_536;
    let ticks = 0;
    let isDone = false;
    const tick = () => {
      ticks += 1;
      if (!isDone) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await parseQstatJobs(text, sliceChars);
    isDone = true;
    expect(result).toMatchObject({ ok: true, isCut: false });
    expect(result.ok && result.jobs).toHaveLength(2000);
    // A scan that never paused would finish before the first tick.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(text.length / sliceChars) - 1);
  });
});

describe('Derecho-scale replay: 50,000 generated qstat -f jobs on the 2,570 generated nodes', () => {
  let parsed: Awaited<ReturnType<typeof parseQstatJobs>>;
  beforeAll(async () => {
    parsed = await parseQstatJobs(generated.text);
  });

  it('every job read; users and allocations per queue as generated', () => {
    expect(parsed).toMatchObject({ ok: true, isCut: false, wasRepaired: false });
    if (!parsed.ok) return;
    expect(parsed.jobs).toHaveLength(50_000);
    const summary = aggregatePbs({
      nodes: nodesOf(generateDerechoPbsnodes().text),
      queues: queuesOf(generated.queuesText),
      reservations: [],
      maxProblemNodes: 50,
      onlyQueues: [],
      jobs: parsed.jobs,
    });
    expect(summary.jobs?.activeUsers).toBe(generated.expected.activeUsers);
    for (const partition of summary.partitions) {
      const expected = generated.expected.byQueue[partition.name as keyof typeof generated.expected.byQueue];
      expect([partition.name, partition.activeUsers, partition.allocated]).toEqual([
        partition.name,
        expected.activeUsers,
        expected.allocated,
      ]);
      expect(partition.jobs.running).toBe(expected.running);
    }
    // Known values for the seed rows: queue cpu's users and what its running jobs hold.
    const cpu = summary.partitions.find((p) => p.name === 'cpu');
    expect(cpu?.activeUsers).toBe(772);
    expect(cpu?.allocated).toEqual({ cpus: 203_904, gpus: 0, nodes: 1593 });
    expect(summary.jobs?.activeUsers).toBe(1104);
    // One whole-node job on each of the 52 job-exclusive GPU nodes of the pbsnodes replay.
    expect(summary.partitions.find((p) => p.name === 'gpu')?.allocated).toEqual({
      cpus: 3328,
      gpus: 208,
      nodes: 52,
    });
  });
});
