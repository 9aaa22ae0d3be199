import { describe, expect, it } from 'vitest';
import { readSummary, stateKind, toSegments } from '../../../../src/data/clusters.ts';

describe('cluster page data (slurm and pbs results)', () => {
  it('orders bar segments busy, idle, maintenance, drained, down, other, with shares of 100', () => {
    const segments = toSegments({ down: 1, idle: 2, alloc: 4, drng: 1, maint: 1, weird: 1, 'job-busy': 0 });
    expect(segments.map((s) => [s.state, s.kind])).toEqual([
      ['alloc', 'busy'],
      ['idle', 'idle'],
      ['maint', 'maintenance'],
      ['drng', 'drained'],
      ['down', 'down'],
      ['weird', 'other'],
    ]);
    expect(segments.reduce((sum, s) => sum + s.percent, 0)).toBeCloseTo(100);
  });

  it('knows both schedulers’ words', () => {
    expect(['free', 'job-exclusive', 'offline', 'state-unknown', 'mix', 'drain'].map(stateKind)).toEqual([
      'idle',
      'busy',
      'drained',
      'down',
      'busy',
      'drained',
    ]);
  });

  it('reads a stored detail as a cluster summary only when it has the shape the probes write', () => {
    expect(readSummary({})).toBeUndefined();
    expect(readSummary({ scheduler: 'lsf', resources: {}, partitions: [] })).toBeUndefined();
    expect(readSummary({ scheduler: 'slurm', resources: {}, partitions: [] })).toBeDefined();
  });
});
