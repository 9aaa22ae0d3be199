import { describe, expect, it } from 'vitest';
import { CHECK_TYPES } from '../../../../core/model/index.ts';
import { CLUSTER_METRICS } from '../../../../core/results/cluster-metrics.ts';
import {
  HOST_METRICS,
  hostFilesystemMetric,
  readHostFilesystemMetric,
} from '../../../../core/results/host.ts';
import {
  hasNoProbeDetail,
  parseResultDetail,
  parseResultMetrics,
  RESULT_SCHEMAS,
} from '../../../../core/results/index.ts';

describe('RESULT_SCHEMAS', () => {
  it('has a detail and a metrics schema for every check type', () => {
    expect(Object.keys(RESULT_SCHEMAS).sort()).toEqual([...CHECK_TYPES].sort());
  });

  it.each([
    { name: 'nothing', detail: {}, isEmpty: true },
    {
      name: 'only the heal record',
      detail: { heal: { ranAt: 'x', exitCode: 0, message: 'exit 0' } },
      isEmpty: true,
    },
    { name: 'a probe field', detail: { banner: 'SSH-2.0' }, isEmpty: false },
  ])('a detail with $name holds no probe detail: $isEmpty', ({ detail, isEmpty }) => {
    expect(hasNoProbeDetail(detail)).toBe(isEmpty);
    expect(parseResultDetail('tcp', detail)).toEqual({
      success: true,
      data: isEmpty ? undefined : detail,
    });
  });

  it('keeps fields a newer version wrote, and reads parts an older one left out as empty or unknown', () => {
    const parsed = parseResultDetail('pbs', {
      scheduler: 'pbs',
      resources: {},
      partitions: [],
      futureField: { kept: true },
    });
    expect(parsed).toMatchObject({
      success: true,
      data: {
        futureField: { kept: true },
        jobs: null,
        reservations: null,
        nodeTypes: [],
        problemNodes: [],
        problemNodesOmitted: 0,
        resources: { nodes: { total: 0, byState: {} }, gpus: { byType: {} } },
      },
    });
  });

  it('reads a detail of the wrong scheduler or wrong types as unreadable', () => {
    expect(parseResultDetail('slurm', { scheduler: 'pbs', resources: {}, partitions: [] }).success).toBe(
      false,
    );
    expect(parseResultDetail('gpu', { gpus: [{ index: '0', name: 'A100', uuid: 'GPU-1' }] }).success).toBe(
      false,
    );
  });

  it('keeps every metric name, pattern and user-chosen ones included', () => {
    const metrics = {
      [CLUSTER_METRICS.cpuUtilizationPercent]: 50,
      'partition:gpu:jobsPending': 3,
      'partition:odd:name:nodesTotal': 4,
      somethingNew: 1,
    };
    expect(parseResultMetrics('slurm', metrics)).toEqual({ success: true, data: metrics });
    expect(parseResultMetrics('http', { latencyMs: 12, queueDepth: 7 })).toEqual({
      success: true,
      data: { latencyMs: 12, queueDepth: 7 },
    });
  });
});

describe('host metric names', () => {
  it('builds and reads back filesystem metric names, mounts with colons included', () => {
    expect(hostFilesystemMetric('/scratch', 'usedPercent')).toBe('fs:/scratch:usedPercent');
    expect(readHostFilesystemMetric('fs:/mnt/a:b:usedPercent')).toEqual({
      mount: '/mnt/a:b',
      field: 'usedPercent',
    });
    expect(readHostFilesystemMetric('fs:/:freeBytes')).toBeUndefined();
    expect(readHostFilesystemMetric(HOST_METRICS.memUsedPercent)).toBeUndefined();
  });
});
