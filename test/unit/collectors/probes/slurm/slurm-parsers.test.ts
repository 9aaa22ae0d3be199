import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyNodeState } from '../../../../../collectors/probes/slurm/node-state.ts';
import { countGpus, parseGres } from '../../../../../collectors/probes/slurm/parse-gres.ts';
import { parseReservations } from '../../../../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo, SINFO_FORMAT } from '../../../../../collectors/probes/slurm/parse-sinfo.ts';
import { countArrayTasks, parseSqueue } from '../../../../../collectors/probes/slurm/parse-squeue.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/slurm/${name}`, import.meta.url), 'utf8');

describe('SINFO_FORMAT', () => {
  it('asks for every column with width 0 and a | after all but the free-text reason', () => {
    expect(SINFO_FORMAT).toBe(
      'NodeList:0|,Partition:0|,Available:0|,StateCompact:0|,StateComplete:0|,CPUsState:0|,Gres:0|,GresUsed:0|,Memory:0|,AllocMem:0|,Features:0|,Timestamp:0|,Reason:0',
    );
  });
});

describe('parseSinfo over real Slurm 22.05 output', () => {
  it('a drained node in a maintenance reservation, with a reason containing "|"', () => {
    const rows = parseSinfo(fixture('sinfo-22.05-drained-in-maint-reservation.txt'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      node: 'vm',
      partition: 'batch',
      isDefaultPartition: true,
      availability: 'up',
      stateCompact: 'drng$',
      stateComplete: 'allocated+drain+maintenance+reserved',
      cpus: { allocated: 2, idle: 0, other: 0, total: 2 },
      gres: [],
      gresUsed: [],
      memoryMiB: 1000,
      allocatedMemoryMiB: 200,
      features: 'standard,test',
      reasonSince: new Date('2026-11-23T00:51:22').toISOString(),
      reason: 'disk replacement | ticket 42, long reason text here',
    });
    expect(rows[1]).toMatchObject({ partition: 'debug', isDefaultPartition: false });
  });

  it('typed GPUs, all allocated; "Unknown" timestamp and "none" reason read as absent', () => {
    const [row] = parseSinfo(fixture('sinfo-22.05-typed-gpus-allocated.txt'));
    expect(row?.gres).toEqual([{ name: 'gpu', type: 'a100', count: 2 }]);
    expect(row?.gresUsed).toEqual([{ name: 'gpu', type: 'a100', count: 2 }]);
    expect(row?.reason).toBe('');
    expect(row?.reasonSince).toBeUndefined();
  });

  it('skips blank and short lines', () => {
    expect(parseSinfo('\n\ngarbage|line\n')).toEqual([]);
  });
});

describe('classifyNodeState (man sinfo, NODE STATE CODES)', () => {
  it.each([
    ['idle', '', 'idle', '', 'usable'],
    ['alloc', 'allocated', 'alloc', '', 'usable'],
    ['mix-', 'mixed+planned', 'mix', '-', 'usable'],
    ['comp', 'completing', 'comp', '', 'usable'],
    ['idle~', 'idle+cloud+powered_down', 'idle', '~', 'usable'],
    ['idle#', '', 'idle', '#', 'usable'],
    ['alloc+', '', 'alloc', '+', 'usable'],
    ['resv', 'reserved', 'resv', '', 'usable'],
    ['down*', 'down+not_responding', 'down', '*', 'down'],
    ['down', 'down', 'down', '', 'down'],
    ['idle*', '', 'idle', '*', 'down'],
    ['drain*', '', 'drain', '*', 'down'],
    ['fail', '', 'fail', '', 'down'],
    ['inval', '', 'inval', '', 'down'],
    ['drain', 'idle+drain', 'drain', '', 'drained'],
    ['drng', 'allocated+drain', 'drng', '', 'drained'],
    ['drng@', '', 'drng', '@', 'drained'],
    ['failg', '', 'failg', '', 'drained'],
    ['mix', 'mixed+drain', 'mix', '', 'drained'],
    ['maint', 'maintenance', 'maint', '', 'maintenance'],
    ['drng$', 'allocated+drain+maintenance+reserved', 'drng', '$', 'maintenance'],
    ['idle%', '', 'idle', '%', 'usable'],
    ['idle!', '', 'idle', '!', 'usable'],
    ['idle^', '', 'idle', '^', 'usable'],
  ])('%s (%s) → %s %s %s', (compact, complete, state, suffixes, condition) => {
    expect(classifyNodeState(compact, complete)).toEqual({ state, suffixes, condition });
  });
});

describe('parseGres', () => {
  it.each([
    ['(null)', []],
    ['gpu:4', [{ name: 'gpu', count: 4 }]],
    ['gpu:a100:4(S:0-1)', [{ name: 'gpu', type: 'a100', count: 4 }]],
    ['gpu:a100:3(IDX:0-1,3)', [{ name: 'gpu', type: 'a100', count: 3 }]],
    ['gpu:a100:0(IDX:N/A)', [{ name: 'gpu', type: 'a100', count: 0 }]],
    [
      'gpu:v100:2,gpu:a100:2(S:1),nvme:1',
      [
        { name: 'gpu', type: 'v100', count: 2 },
        { name: 'gpu', type: 'a100', count: 2 },
        { name: 'nvme', count: 1 },
      ],
    ],
    ['gpu', [{ name: 'gpu', count: 1 }]],
    ['gpu:a100', [{ name: 'gpu', type: 'a100', count: 1 }]],
    ['bandwidth:lustre:4G', [{ name: 'bandwidth', type: 'lustre', count: 4 * 1024 ** 3 }]],
  ])('%s', (text, items) => {
    expect(parseGres(text)).toEqual(items);
  });

  it('counts GPUs by model; untyped under "gpu"; other GRES ignored', () => {
    expect(countGpus(parseGres('gpu:v100:2,gpu:4,nvme:1,gpu:v100:1'))).toEqual({ v100: 3, gpu: 4 });
  });
});

describe('parseSqueue over real Slurm 22.05 output', () => {
  it('one line per array task (--array), full pending reasons', () => {
    const rows = parseSqueue(fixture('squeue-22.05-array-pending.txt'));
    expect(rows.map((r) => [r.id, r.partitions, r.state, r.count])).toEqual([
      ['3', ['batch'], 'PENDING', 1],
      ['1', ['batch'], 'RUNNING', 1],
      ['2_2', ['debug'], 'PENDING', 1],
      ['2_3', ['debug'], 'PENDING', 1],
      ['2_4', ['debug'], 'PENDING', 1],
      ['2_1', ['debug'], 'RUNNING', 1],
    ]);
    expect(rows[0]).toMatchObject({
      user: 'root',
      cpus: 2,
      reason: 'Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions',
    });
  });

  it('a job pending in several partitions names each', () => {
    expect(parseSqueue('7|batch,debug|PENDING|alice|Priority|4|N/A')[0]?.partitions).toEqual([
      'batch',
      'debug',
    ]);
  });
});

describe('countArrayTasks', () => {
  it.each([
    ['1234', 1],
    ['1234_7', 1],
    ['1234_[0-2]', 3],
    ['1234_[5-100%10]', 96],
    ['1234_[1,3,5-7]', 5],
    ['1234_[1-7:2]', 4],
    ['1234_[]', 1],
  ])('%s → %i', (id, count) => {
    expect(countArrayTasks(id)).toBe(count);
  });
});

describe('parseReservations over real Slurm 22.05 output', () => {
  it('times, nodes, flags, MAINT and ACTIVE', () => {
    const reservations = parseReservations(fixture('scontrol-22.05-reservations.txt'));
    expect(reservations).toEqual([
      {
        name: 'later',
        start: new Date('2030-01-01T00:00:00').toISOString(),
        end: new Date('2030-01-01T01:00:00').toISOString(),
        nodes: 'vm',
        nodeCount: 1,
        flags: ['SPEC_NODES', 'ALL_NODES'],
        isMaintenance: false,
        isActive: false,
      },
      expect.objectContaining({ name: 'maint_nov', isMaintenance: true, isActive: false }),
      expect.objectContaining({ name: 'now_maint', isMaintenance: true, isActive: true }),
    ]);
  });

  it('"No reservations in the system" is an empty list', () => {
    expect(parseReservations('No reservations in the system\n')).toEqual([]);
  });

  it('a value with spaces runs to the next Key=', () => {
    const [r] = parseReservations(
      'ReservationName=pm StartTime=2030-02-01T08:00:00 EndTime=2030-02-01T18:00:00 Duration=10:00:00 Nodes=cn[001-100] NodeCnt=100 Flags=MAINT,IGNORE_JOBS Comment=OS upgrade, all nodes State=INACTIVE',
    );
    expect(r).toMatchObject({ nodes: 'cn[001-100]', nodeCount: 100, isMaintenance: true });
  });
});
