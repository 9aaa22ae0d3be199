import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckType } from '../../../../core/model/index.ts';
import { CELERY_METRICS } from '../../../../core/results/celery.ts';
import {
  CLUSTER_METRICS,
  CLUSTER_NODE_TYPE_METRICS,
  CLUSTER_PARTITION_RESOURCE_METRICS,
} from '../../../../core/results/cluster-metrics.ts';
import { COMMAND_METRICS } from '../../../../core/results/command.ts';
import { DNS_METRICS } from '../../../../core/results/dns.ts';
import { DOCKER_METRICS } from '../../../../core/results/docker.ts';
import { FILESYSTEM_METRICS } from '../../../../core/results/filesystem.ts';
import { GPU_METRICS, GPU_READING_FIELDS } from '../../../../core/results/gpu.ts';
import { GRPC_METRICS } from '../../../../core/results/grpc.ts';
import { HEARTBEAT_METRICS } from '../../../../core/results/heartbeat.ts';
import {
  HOST_METRICS,
  HostFilesystemFieldSchema,
  hostFilesystemMetric,
} from '../../../../core/results/host.ts';
import { HTTP_METRICS } from '../../../../core/results/http.ts';
import { RESULT_SCHEMAS } from '../../../../core/results/index.ts';
import { JUPYTERHUB_METRICS } from '../../../../core/results/jupyterhub.ts';
import { LOGIN_METRICS } from '../../../../core/results/login.ts';
import { MAIL_METRICS } from '../../../../core/results/mail.ts';
import { METRIC_SUBJECTS } from '../../../../core/results/metric-subjects.ts';
import { METRIC_TERMS } from '../../../../core/results/metric-terms.ts';
import {
  describeCustomMetric,
  describeMetric,
  findResponseTimeMetric,
  RESPONSE_TIME_LABEL,
  tidyMetricLabel,
} from '../../../../core/results/metric-vocabulary.ts';
import { PING_METRICS } from '../../../../core/results/ping.ts';
import { PROCESS_METRICS } from '../../../../core/results/process.ts';
import { REDIS_METRICS } from '../../../../core/results/redis.ts';
import { SQL_METRICS } from '../../../../core/results/sql.ts';
import { SYSTEMD_METRICS } from '../../../../core/results/systemd.ts';
import { TCP_METRICS } from '../../../../core/results/tcp.ts';
import { TLS_METRICS } from '../../../../core/results/tls.ts';
import { WEBSOCKET_METRICS } from '../../../../core/results/websocket.ts';

// The metric-name constants of core/results/, by the check types that store them.
const NAME_CONSTANTS: Record<string, [constant: Record<string, string>, types: CheckType[]]> = {
  HTTP_METRICS: [HTTP_METRICS, ['http']],
  TCP_METRICS: [TCP_METRICS, ['tcp']],
  CELERY_METRICS: [CELERY_METRICS, ['celery']],
  COMMAND_METRICS: [COMMAND_METRICS, ['command']],
  HOST_METRICS: [HOST_METRICS, ['host']],
  DOCKER_METRICS: [DOCKER_METRICS, ['docker']],
  JUPYTERHUB_METRICS: [JUPYTERHUB_METRICS, ['jupyterhub']],
  LOGIN_METRICS: [LOGIN_METRICS, ['login']],
  GPU_METRICS: [GPU_METRICS, ['gpu']],
  FILESYSTEM_METRICS: [FILESYSTEM_METRICS, ['filesystem']],
  CLUSTER_METRICS: [CLUSTER_METRICS, ['slurm', 'pbs']],
  REDIS_METRICS: [REDIS_METRICS, ['redis']],
  SQL_METRICS: [SQL_METRICS, ['postgres', 'mysql', 'sqlite']],
  PROCESS_METRICS: [PROCESS_METRICS, ['process']],
  SYSTEMD_METRICS: [SYSTEMD_METRICS, ['systemd']],
  MAIL_METRICS: [MAIL_METRICS, ['smtp', 'imap', 'pop3']],
  TLS_METRICS: [TLS_METRICS, ['tls']],
  GRPC_METRICS: [GRPC_METRICS, ['grpc']],
  WEBSOCKET_METRICS: [WEBSOCKET_METRICS, ['websocket']],
  HEARTBEAT_METRICS: [HEARTBEAT_METRICS, ['heartbeat']],
  PING_METRICS: [PING_METRICS, ['ping']],
  DNS_METRICS: [DNS_METRICS, ['dns']],
};

/** Every name a probe of the type builds from a pattern, for one thing of each kind. */
function listPatternNames(type: CheckType): string[] {
  switch (type) {
    case 'host':
      return [
        ...HostFilesystemFieldSchema.options.map((field) => hostFilesystemMetric('/scratch', field)),
        'net:eth0:rxBytesPerSecond',
        'net:eth0:txBytesPerSecond',
      ];
    case 'slurm':
    case 'pbs':
      return [
        ...[...CLUSTER_PARTITION_RESOURCE_METRICS, 'jobsRunning', 'jobsPending'].map(
          (name) => `partition:gpudev:${name}`,
        ),
        ...CLUSTER_NODE_TYPE_METRICS.map((name) => `nodetype:gpu-v100:${name}`),
      ];
    case 'gpu':
      return [...GPU_READING_FIELDS, 'memoryUsedPercent'].map((field) => `gpu:3:${field}`);
    case 'docker':
      return ['container:web:restarts', 'container:web:failingStreak'];
    case 'redis':
      return ['queue:celery:length'];
    default:
      return [];
  }
}

const CHECK_TYPES = Object.keys(RESULT_SCHEMAS) as CheckType[];
const RAW_KEY = /[a-z][A-Z]|_|^[a-z]/;

describe('the metric vocabulary: one label, unit and kind per stored metric', () => {
  it('covers every metric-name constant core/results/ exports', async () => {
    const files = readdirSync('core/results').filter((file) => file.endsWith('.ts'));
    const exported: string[] = [];
    for (const file of files) {
      const module = (await import(`../../../../core/results/${file}`)) as Record<string, unknown>;
      // Lists of field names (CLUSTER_PARTITION_RESOURCE_METRICS) are covered by listPatternNames.
      exported.push(
        ...Object.keys(module).filter(
          (name) => /^[A-Z_]+_METRICS$/.test(name) && !Array.isArray(module[name]),
        ),
      );
    }
    expect(exported.sort()).toEqual(Object.keys(NAME_CONSTANTS).sort());
  });

  it.each(Object.entries(NAME_CONSTANTS))(
    '%s: every name has a term of its own',
    (_constant, [names, types]) => {
      for (const type of types) {
        for (const name of Object.values(names)) {
          const terms = METRIC_TERMS[type] as Record<string, unknown>;
          expect(terms[name], `${type}: ${name}`).toBeDefined();
          const { label, kind } = describeMetric(type, name);
          expect(kind).not.toBe('custom');
          expect(label, `${type}: ${name}`).not.toMatch(RAW_KEY);
        }
      }
    },
  );

  it.each(CHECK_TYPES)('%s: no two metrics share a label, patterned ones included', (type) => {
    const names = [...Object.keys(METRIC_TERMS[type]), ...listPatternNames(type)];
    const labels = names.map((name) => describeMetric(type, name).label);
    expect(labels.filter((label, index) => labels.indexOf(label) !== index)).toEqual([]);
    for (const name of listPatternNames(type)) {
      const { kind, subject } = describeMetric(type, name);
      expect(kind, name).not.toBe('custom');
      expect(subject?.fieldLabel, name).not.toMatch(RAW_KEY);
    }
    for (const subject of METRIC_SUBJECTS[type]) {
      const fieldLabels = Object.values(subject.fields).map((term) => term.label);
      expect(new Set(fieldLabels).size).toBe(fieldLabels.length);
    }
  });

  it('names response time the same on every check type that measures it', () => {
    const responseMetric: Partial<Record<CheckType, string>> = {
      http: 'latencyMs',
      jupyterhub: 'latencyMs',
      tcp: 'connectMs',
      redis: 'pingMs',
      postgres: 'queryMs',
      filesystem: 'statMs',
      slurm: 'durationMs',
    };
    for (const [type, name] of Object.entries(responseMetric)) {
      expect(describeMetric(type as CheckType, name)).toEqual({
        label: RESPONSE_TIME_LABEL,
        unit: 'ms',
        kind: 'response',
      });
    }
    // A generated fixture (or an older line) may give any type a latencyMs: never "Latency".
    expect(describeMetric('tcp', 'latencyMs').label).toBe(RESPONSE_TIME_LABEL);
    expect(findResponseTimeMetric('redis', ['usedMemoryBytes', 'pingMs'])).toBe('pingMs');
    // A command's run time stands for it, under its own name.
    expect(findResponseTimeMetric('command', ['exitCode', 'durationMs'])).toBe('durationMs');
    expect(findResponseTimeMetric('host', ['cpuPercent', 'uptimeSeconds'])).toBeUndefined();
  });

  it.each([
    ['host', 'memUsedBytes', 'Memory used', 'bytes', 'usage'],
    ['host', 'memUsedPercent', 'Memory usage', 'percent', 'usage'],
    ['slurm', 'cpusTotal', 'CPU cores', 'count', 'capacity'],
    ['pbs', 'jobsPending', 'Jobs pending', 'count', 'jobs'],
    ['gpu', 'temperatureMaxC', 'Hottest GPU', 'celsius', 'health'],
    ['http', 'certDaysLeft', 'Certificate expires in', 'days', 'health'],
    ['redis', 'opsPerSecond', 'Commands per second', 'perSecond', 'activity'],
  ] as const)('%s %s: "%s" (%s, %s)', (type, name, label, unit, kind) => {
    expect(describeMetric(type, name)).toEqual({ label, unit, kind });
  });

  it('labels a metric named after a thing with the thing: partition, queue, mount, GPU', () => {
    expect(describeMetric('slurm', 'partition:gpudev:jobsRunning')).toMatchObject({
      label: 'Jobs running — partition gpudev',
      unit: 'count',
      subject: { prefix: 'partition', name: 'gpudev', field: 'jobsRunning', fieldLabel: 'Jobs running' },
    });
    expect(describeMetric('pbs', 'partition:workq:cpusTotal').label).toBe('CPU cores — queue workq');
    expect(describeMetric('host', 'fs:/home:usedPercent')).toMatchObject({
      label: 'Disk usage — /home',
      unit: 'percent',
    });
    expect(describeMetric('gpu', 'gpu:0:temperatureC')).toMatchObject({
      label: 'Temperature — GPU 0',
      unit: 'celsius',
    });
    expect(describeMetric('redis', 'queue:celery:length').label).toBe('Length — queue celery');
    expect(describeMetric('pbs', 'nodetype:gpu-v100:nodesDown').label).toBe(
      'Nodes down or drained — node type gpu-v100',
    );
    // A field a newer version stores: tidy, never raw.
    expect(describeMetric('host', 'fs:/home:reservedBytes')).toMatchObject({
      label: 'Reserved — /home',
      unit: 'bytes',
    });
  });
});

describe('metrics a user named (JSON paths, SQL queries, regex groups)', () => {
  it.each([
    ['jobs_waiting', 'Jobs waiting', 'count'],
    ['queueDepth', 'Queue depth', 'count'],
    ['queue_age_seconds', 'Queue age', 'seconds'],
    ['replicationLagMs', 'Replication lag', 'ms'],
    ['cache_hit_percent', 'Cache hit', 'percent'],
    ['backupSizeBytes', 'Backup size', 'bytes'],
    ['data.items.count', 'Data items count', 'count'],
    ['gpu_temp', 'GPU temp', 'count'],
    ['HTTPErrors', 'HTTP errors', 'count'],
  ] as const)('%s reads "%s" (%s)', (name, label, unit) => {
    expect(describeCustomMetric(name)).toEqual({ label, unit, kind: 'custom' });
    expect(describeMetric('command', name)).toEqual({ label, unit, kind: 'custom' });
  });

  it('keeps a name that is only a unit as its own word', () => {
    expect(describeCustomMetric('ms')).toEqual({ label: 'Ms', unit: 'count', kind: 'custom' });
    expect(tidyMetricLabel('Bytes')).toBe('Bytes');
  });
});
