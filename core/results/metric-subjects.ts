import type { CheckType } from '../model/check-schema.ts';
import {
  CLUSTER_METRICS,
  type CLUSTER_NODE_TYPE_METRICS,
  CLUSTER_PARTITION_RESOURCE_METRICS,
} from './cluster-metrics.ts';
import type { GPU_READING_FIELDS } from './gpu.ts';
import type { HostFilesystemField } from './host.ts';
import { METRIC_TERMS, type MetricTerm, term } from './metric-terms.ts';

// The metrics a probe names after the things it found — partitions, mounts, interfaces, GPUs,
// queues, containers — as `<prefix>:<thing>:<field>`: one term per field, one table row per thing.

/** Metrics a probe names after a thing it found (`partition:<name>:jobsRunning`): one table row per thing. */
export interface MetricSubject {
  /** The name's first part: `partition` in `partition:gpu:jobsRunning`. */
  prefix: string;
  /** "Per partition": the heading of its table. */
  heading: string;
  /** "Partition": the heading of the table's first column. */
  noun: string;
  /** Whether a label names the thing with its noun ("partition gpu") or by itself ("/home"). */
  isNamedByNoun: boolean;
  fields: Record<string, MetricTerm>;
  /** Shown by the detail's own table (Docker's containers), so "Current values" leaves it out. */
  isShownInDetail?: boolean;
}

const FILESYSTEM_FIELD_TERMS = {
  sizeBytes: METRIC_TERMS.filesystem.sizeBytes,
  usedBytes: METRIC_TERMS.filesystem.usedBytes,
  availableBytes: METRIC_TERMS.filesystem.availableBytes,
  usedPercent: METRIC_TERMS.filesystem.usedPercent,
  inodesUsedPercent: METRIC_TERMS.filesystem.inodesUsedPercent,
} satisfies Record<HostFilesystemField, MetricTerm>;

const PARTITION_FIELD_TERMS = Object.fromEntries(
  [
    ...CLUSTER_PARTITION_RESOURCE_METRICS,
    CLUSTER_METRICS.jobsRunning,
    CLUSTER_METRICS.jobsPending,
    CLUSTER_METRICS.activeUsers,
  ].map((name) => [name, METRIC_TERMS.slurm[name]]),
);

const GPU_FIELD_TERMS = {
  utilizationPercent: term('Utilization', 'percent', 'usage'),
  memoryUtilizationPercent: term('Memory activity', 'percent', 'usage'),
  memoryTotalBytes: term('Memory', 'bytes', 'capacity'),
  memoryUsedBytes: term('Memory used', 'bytes', 'usage'),
  memoryUsedPercent: term('Memory usage', 'percent', 'usage'),
  temperatureC: term('Temperature', 'celsius', 'health'),
  powerW: term('Power draw', 'watts', 'usage'),
  powerLimitW: term('Power limit', 'watts', 'capacity'),
} satisfies Record<(typeof GPU_READING_FIELDS)[number] | 'memoryUsedPercent', MetricTerm>;

const subject = (
  prefix: string,
  heading: string,
  noun: string,
  fields: Record<string, MetricTerm>,
  options: { isNamedByNoun?: boolean; isShownInDetail?: boolean } = {},
): MetricSubject => ({
  prefix,
  heading,
  noun,
  fields,
  isNamedByNoun: options.isNamedByNoun ?? true,
  ...options,
});

const partitions = subject('partition', 'Per partition', 'Partition', PARTITION_FIELD_TERMS);

const nodeTypes = subject('nodetype', 'Per node type', 'Node type', {
  nodesDown: term('Nodes down or drained', 'count', 'nodes'),
  nodesAvailable: term('Nodes available', 'count', 'nodes'),
  utilisationPercent: METRIC_TERMS.slurm.cpuUtilizationPercent,
} satisfies Record<(typeof CLUSTER_NODE_TYPE_METRICS)[number], MetricTerm>);

/** The named things of each check type; PBS queues are stored as partitions. */
export const METRIC_SUBJECTS = {
  http: [],
  tcp: [],
  celery: [],
  command: [],
  host: [
    subject('fs', 'Per filesystem', 'Filesystem', FILESYSTEM_FIELD_TERMS, { isNamedByNoun: false }),
    subject('net', 'Per network interface', 'Interface', {
      rxBytesPerSecond: term('Received', 'bytesPerSecond', 'io'),
      txBytesPerSecond: term('Sent', 'bytesPerSecond', 'io'),
    }),
    subject('disk', 'Per disk', 'Disk', {
      readBytesPerSecond: term('Reads', 'bytesPerSecond', 'io'),
      writeBytesPerSecond: term('Writes', 'bytesPerSecond', 'io'),
    }),
  ],
  docker: [
    subject(
      'container',
      'Per container',
      'Container',
      {
        restarts: METRIC_TERMS.docker.restarts,
        failingStreak: term('Failed health checks in a row', 'count', 'health'),
      },
      { isShownInDetail: true },
    ),
  ],
  jupyterhub: [],
  login: [],
  gpu: [subject('gpu', 'Per GPU', 'GPU', GPU_FIELD_TERMS)],
  filesystem: [],
  slurm: [partitions, nodeTypes],
  pbs: [{ ...partitions, heading: 'Per queue', noun: 'Queue' }, nodeTypes],
  redis: [subject('queue', 'Per queue', 'Queue', { length: term('Length', 'count', 'activity') })],
  postgres: [],
  mysql: [],
  sqlite: [],
  process: [],
  systemd: [],
  heartbeat: [],
  ping: [],
  dns: [],
  smtp: [],
  imap: [],
  pop3: [],
  tls: [],
  websocket: [],
  grpc: [],
} satisfies Record<CheckType, MetricSubject[]>;
