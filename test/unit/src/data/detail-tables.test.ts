import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../../core/model/index.ts';
import {
  describeMissingRate,
  findLastHeal,
  labelFromKey,
  listDetailTables,
} from '../../../../src/data/detail-tables.ts';
import type { CheckSample } from '../../../../src/data/history.ts';

function sample(t: number, detail: Record<string, unknown>): CheckSample {
  const result: CheckResult = { id: 'app', status: 'down', ms: 5, message: 'm', metrics: {}, detail };
  return { t, result };
}

describe('listDetailTables: what the component page shows of a result detail', () => {
  it('shows Compose services (a map of name → record) as a table with the name first', () => {
    const { tables } = listDetailTables({
      project: 'shop',
      services: {
        web: { status: 'up', message: '2 containers running, healthy', containers: 2 },
        worker: { status: 'down', message: 'exited with code 137 (OOM killed)', containers: 1 },
      },
    });
    expect(tables).toHaveLength(1);
    expect(tables[0]?.label).toBe('Services');
    expect(tables[0]?.columns.map((c) => c.key)).toEqual(['name', 'status', 'message', 'containers']);
    expect(tables[0]?.rows[1]).toEqual({
      name: 'worker',
      status: 'down',
      message: 'exited with code 137 (OOM killed)',
      containers: '1',
    });
  });

  it('shows containers and GPUs (arrays of records) with the union of their fields', () => {
    const { tables } = listDetailTables({
      containers: [
        { name: 'db', status: 'up', state: 'running', restartCount: 0 },
        {
          name: 'app',
          status: 'down',
          state: 'running',
          health: 'unhealthy',
          restartCount: 3,
          failingStreak: 4,
        },
      ],
      gpus: [{ index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-1' }],
    });
    expect(tables.map((t) => t.label)).toEqual(['Containers', 'GPUs']);
    expect(tables[0]?.columns.map((c) => c.label)).toEqual([
      'Name',
      'Status',
      'State',
      'Restarts',
      'Health',
      'Failed health checks in a row',
    ]);
    expect(tables[0]?.rows[0]?.health).toBeUndefined();
  });

  it('shows lists of sentences as lists, and leaves scalars and the heal record to other parts', () => {
    const { tables, lists } = listDetailTables({
      version: '7.2.4',
      problems: ['GPU 3: Unable to determine the device handle: GPU is lost'],
      heal: { ranAt: '2026-11-22T10:00:00.000Z', exitCode: 0, message: 'exit 0' },
      empty: [],
    });
    expect(tables).toEqual([]);
    expect(lists).toEqual([
      {
        name: 'problems',
        label: 'Problems',
        items: ['GPU 3: Unable to determine the device handle: GPU is lost'],
      },
    ]);
  });
});

describe('labelFromKey and describeMissingRate: detail words a reader understands', () => {
  it.each([
    ['cpuModel', 'CPU model'],
    ['hostname', 'Host name'],
    ['os', 'Operating system'],
    ['maxmemoryPolicy', 'Eviction policy'],
    ['mainPid', 'Main PID'],
    ['unitFileState', 'Unit file state'],
  ])('%s reads "%s"', (key, label) => {
    expect(labelFromKey(key)).toBe(label);
  });

  it('says when host rates will appear, never "Rates missing • first sample"', () => {
    const { lists } = listDetailTables({
      rates: 'no rate yet',
      ratesMissing: [
        'first sample',
        'disk: first sample',
        'eth1: counter went down',
        'last sample 90 min ago',
      ],
    });
    expect(lists).toEqual([
      {
        name: 'ratesMissing',
        label: 'Disk and network rates',
        items: [
          'first sample: rates appear after the next run',
          'disk: first sample: its rate appears after the next run',
          'eth1: its counter restarted: the rate returns after the next run',
          'last sample 90 min ago',
        ],
      },
    ]);
    expect(describeMissingRate('first sample')).toBe('first sample: rates appear after the next run');
  });
});

describe('findLastHeal', () => {
  it('finds the newest heal run in the retained results', () => {
    const samples = [
      sample(1, { heal: { ranAt: '2026-11-22T10:00:00.000Z', exitCode: 1, message: 'exit 1: failed' } }),
      sample(2, {
        heal: { ranAt: '2026-11-22T10:10:00.000Z', exitCode: null, message: 'timed out after 30 s' },
      }),
      sample(3, {}),
    ];
    expect(findLastHeal(samples)).toEqual({
      ranAt: '2026-11-22T10:10:00.000Z',
      exitCode: null,
      message: 'timed out after 30 s',
    });
    expect(findLastHeal([sample(1, {})])).toBeUndefined();
  });
});
