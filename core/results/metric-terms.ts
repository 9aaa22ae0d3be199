import type { CheckType } from '../model/check-schema.ts';
import type { CELERY_METRICS } from './celery.ts';
import type { CLUSTER_METRICS } from './cluster-metrics.ts';
import type { COMMAND_METRICS } from './command.ts';
import type { DNS_METRICS } from './dns.ts';
import type { DOCKER_METRICS } from './docker.ts';
import type { FILESYSTEM_METRICS } from './filesystem.ts';
import type { GPU_METRICS } from './gpu.ts';
import type { GRPC_METRICS } from './grpc.ts';
import type { HEARTBEAT_METRICS } from './heartbeat.ts';
import type { HOST_METRICS } from './host.ts';
import type { HTTP_METRICS } from './http.ts';
import type { JUPYTERHUB_METRICS } from './jupyterhub.ts';
import type { LOGIN_METRICS } from './login.ts';
import type { MAIL_METRICS } from './mail.ts';
import type { MetricUnit } from './metric-unit.ts';
import type { PING_METRICS } from './ping.ts';
import type { PROCESS_METRICS } from './process.ts';
import type { REDIS_METRICS } from './redis.ts';
import type { SQL_METRICS } from './sql.ts';
import type { SYSTEMD_METRICS } from './systemd.ts';
import type { TCP_METRICS } from './tcp.ts';
import type { TLS_METRICS } from './tls.ts';
import type { WEBSOCKET_METRICS } from './websocket.ts';

// The one name, unit and kind of every metric a probe stores (core/results/<type>.ts), used by the
// site's "Current values", chart titles, gauges, tables and API alike (and by anything else that
// names a metric to people). Percentages of something also counted
// read as "usage" or "allocation" ("Memory used" 12 GiB, "Memory usage" 41 %), so no two metrics
// of a check type share a label.

/** What a metric tells, in the order "Current values" groups them. */
export const METRIC_KINDS = {
  response: 'Response',
  nodes: 'Nodes',
  capacity: 'Capacity',
  usage: 'Usage',
  jobs: 'Jobs',
  activity: 'Activity',
  io: 'Disk and network',
  health: 'Health',
  custom: 'Reported by the check',
} as const;
export type MetricKind = keyof typeof METRIC_KINDS;

export interface MetricTerm {
  label: string;
  unit: MetricUnit;
  kind: MetricKind;
}

/** One term: `term('Memory used', 'bytes', 'usage')`. */
export const term = (label: string, unit: MetricUnit, kind: MetricKind): MetricTerm => ({
  label,
  unit,
  kind,
});

/** The one label for how long a check's target took to answer, on every page. */
export const RESPONSE_TIME_LABEL = 'Response time';
const responseTime = term(RESPONSE_TIME_LABEL, 'ms', 'response');
/** How long a command check's program ran: its response time, in the words of a program. */
export const RUN_TIME_LABEL = 'Run time';

type Terms<Names extends Record<string, string>> = Record<keyof Names, MetricTerm>;

const HTTP_TERMS = {
  latencyMs: responseTime,
  connectMs: term('Connect time', 'ms', 'response'),
  tlsMs: term('TLS handshake', 'ms', 'response'),
  firstByteMs: term('Time to first byte', 'ms', 'response'),
  statusCode: term('HTTP status', 'count', 'response'),
  bodyBytes: term('Response size', 'bytes', 'response'),
  certDaysLeft: term('Certificate expires in', 'days', 'health'),
} satisfies Terms<typeof HTTP_METRICS>;

const TCP_TERMS = { connectMs: responseTime } satisfies Terms<typeof TCP_METRICS>;

const MAIL_TERMS = {
  connectMs: responseTime,
  certDaysLeft: term('Certificate expires in', 'days', 'health'),
} satisfies Terms<typeof MAIL_METRICS>;

const TLS_TERMS = {
  handshakeMs: responseTime,
  connectMs: term('Connect time', 'ms', 'response'),
  certDaysLeft: term('Certificate expires in', 'days', 'health'),
} satisfies Terms<typeof TLS_METRICS>;

const GRPC_TERMS = { latencyMs: responseTime } satisfies Terms<typeof GRPC_METRICS>;

const WEBSOCKET_TERMS = {
  connectMs: responseTime,
  replyMs: term('Reply time', 'ms', 'response'),
  certDaysLeft: term('Certificate expires in', 'days', 'health'),
} satisfies Terms<typeof WEBSOCKET_METRICS>;

const COMMAND_TERMS = {
  durationMs: term(RUN_TIME_LABEL, 'ms', 'response'),
  exitCode: term('Exit code', 'count', 'response'),
} satisfies Terms<typeof COMMAND_METRICS>;

const CELERY_TERMS = {
  latencyMs: responseTime,
  workers: term('Workers answering', 'count', 'health'),
  active: term('Tasks running', 'count', 'jobs'),
  reserved: term('Tasks reserved', 'count', 'jobs'),
  scheduled: term('Tasks scheduled', 'count', 'jobs'),
  registeredTasks: term('Registered tasks', 'count', 'health'),
} satisfies Terms<typeof CELERY_METRICS>;

const HOST_TERMS = {
  cpuPercent: term('CPU usage', 'percent', 'usage'),
  cpuCores: term('CPU cores', 'count', 'capacity'),
  cpuPhysicalCores: term('Physical CPU cores', 'count', 'capacity'),
  load1: term('Load (1 min)', 'count', 'usage'),
  load5: term('Load (5 min)', 'count', 'usage'),
  load15: term('Load (15 min)', 'count', 'usage'),
  memTotalBytes: term('Memory', 'bytes', 'capacity'),
  memUsedBytes: term('Memory used', 'bytes', 'usage'),
  memAvailableBytes: term('Memory available', 'bytes', 'usage'),
  memUsedPercent: term('Memory usage', 'percent', 'usage'),
  swapTotalBytes: term('Swap', 'bytes', 'capacity'),
  swapUsedBytes: term('Swap used', 'bytes', 'usage'),
  diskReadBytesPerSecond: term('Disk reads', 'bytesPerSecond', 'io'),
  diskWriteBytesPerSecond: term('Disk writes', 'bytesPerSecond', 'io'),
  netRxBytesPerSecond: term('Network received', 'bytesPerSecond', 'io'),
  netTxBytesPerSecond: term('Network sent', 'bytesPerSecond', 'io'),
  uptimeSeconds: term('Uptime', 'seconds', 'health'),
  processRssBytes: term('Collector memory', 'bytes', 'health'),
} satisfies Terms<typeof HOST_METRICS>;

const CLUSTER_TERMS = {
  durationMs: responseTime,
  nodesTotal: term('Nodes', 'count', 'nodes'),
  nodesUsable: term('Nodes usable', 'count', 'nodes'),
  nodesDown: term('Nodes down', 'count', 'nodes'),
  nodesDrained: term('Nodes drained', 'count', 'nodes'),
  nodesMaintenance: term('Nodes in maintenance', 'count', 'nodes'),
  nodesDownPercent: term('Nodes down or drained', 'percent', 'nodes'),
  cpusTotal: term('CPU cores', 'count', 'capacity'),
  gpusTotal: term('GPUs', 'count', 'capacity'),
  memoryTotalBytes: term('Memory', 'bytes', 'capacity'),
  cpusAllocated: term('CPU cores allocated', 'count', 'usage'),
  cpusIdle: term('CPU cores idle', 'count', 'usage'),
  cpuUtilizationPercent: term('CPU allocation', 'percent', 'usage'),
  gpusAllocated: term('GPUs allocated', 'count', 'usage'),
  gpuUtilizationPercent: term('GPU allocation', 'percent', 'usage'),
  memoryAllocatedBytes: term('Memory allocated', 'bytes', 'usage'),
  memoryUtilizationPercent: term('Memory allocation', 'percent', 'usage'),
  jobsRunning: term('Jobs running', 'count', 'jobs'),
  jobsPending: term('Jobs pending', 'count', 'jobs'),
  activeUsers: term('Users with jobs', 'count', 'jobs'),
  reservationsActive: term('Reservations active', 'count', 'jobs'),
} satisfies Terms<typeof CLUSTER_METRICS>;

const DOCKER_TERMS = {
  containers: term('Containers', 'count', 'health'),
  containersUp: term('Containers up', 'count', 'health'),
  containersDegraded: term('Containers degraded', 'count', 'health'),
  containersDown: term('Containers down', 'count', 'health'),
  services: term('Services', 'count', 'health'),
  servicesUp: term('Services up', 'count', 'health'),
  restarts: term('Restarts', 'count', 'health'),
} satisfies Terms<typeof DOCKER_METRICS>;

const GPU_TERMS = {
  gpuCount: term('GPUs', 'count', 'capacity'),
  memoryTotalBytes: term('GPU memory', 'bytes', 'capacity'),
  utilizationPercent: term('GPU utilization', 'percent', 'usage'),
  memoryUsedBytes: term('GPU memory used', 'bytes', 'usage'),
  memoryUsedPercent: term('GPU memory usage', 'percent', 'usage'),
  powerW: term('Power draw', 'watts', 'usage'),
  temperatureMaxC: term('Hottest GPU', 'celsius', 'health'),
} satisfies Terms<typeof GPU_METRICS>;

const JUPYTERHUB_TERMS = {
  latencyMs: responseTime,
  usersTotal: term('Users', 'count', 'activity'),
  usersActive: term('Active users', 'count', 'activity'),
  serversRunning: term('Servers running', 'count', 'activity'),
  serversPending: term('Servers starting', 'count', 'activity'),
} satisfies Terms<typeof JUPYTERHUB_METRICS>;

const LOGIN_TERMS = {
  users: term('Users logged in', 'count', 'activity'),
  load1: term('Load (1 min)', 'count', 'usage'),
  load5: term('Load (5 min)', 'count', 'usage'),
  load15: term('Load (15 min)', 'count', 'usage'),
} satisfies Terms<typeof LOGIN_METRICS>;

const FILESYSTEM_TERMS = {
  statMs: responseTime,
  sizeBytes: term('Size', 'bytes', 'capacity'),
  ostCount: term('Object storage targets', 'count', 'capacity'),
  mdtCount: term('Metadata targets', 'count', 'capacity'),
  usedBytes: term('Used', 'bytes', 'usage'),
  availableBytes: term('Available', 'bytes', 'usage'),
  usedPercent: term('Disk usage', 'percent', 'usage'),
  inodesUsedPercent: term('Inode usage', 'percent', 'usage'),
  ostUsedPercentMax: term('Fullest target usage', 'percent', 'usage'),
  targetsFlagged: term('Targets flagged', 'count', 'health'),
  targetsInactive: term('Targets inactive', 'count', 'health'),
} satisfies Terms<typeof FILESYSTEM_METRICS>;

const REDIS_TERMS = {
  pingMs: responseTime,
  writeMs: term('Write round trip', 'ms', 'response'),
  maxMemoryBytes: term('Memory limit', 'bytes', 'capacity'),
  usedMemoryBytes: term('Memory used', 'bytes', 'usage'),
  usedMemoryPercent: term('Memory usage', 'percent', 'usage'),
  peakMemoryBytes: term('Peak memory used', 'bytes', 'usage'),
  rssBytes: term('Resident memory', 'bytes', 'usage'),
  connectedClients: term('Clients connected', 'count', 'activity'),
  blockedClients: term('Clients blocked', 'count', 'activity'),
  opsPerSecond: term('Commands per second', 'perSecond', 'activity'),
  totalCommands: term('Commands processed', 'count', 'activity'),
  connectedReplicas: term('Replicas connected', 'count', 'activity'),
  uptimeSeconds: term('Uptime', 'seconds', 'health'),
  evictedKeys: term('Keys evicted', 'count', 'health'),
  rejectedConnections: term('Connections rejected', 'count', 'health'),
} satisfies Terms<typeof REDIS_METRICS>;

const SQL_TERMS = {
  queryMs: responseTime,
  connectMs: term('Connect time', 'ms', 'response'),
  sizeBytes: term('Database size', 'bytes', 'capacity'),
} satisfies Terms<typeof SQL_METRICS>;

const PROCESS_TERMS = {
  count: term('Processes', 'count', 'activity'),
  rssBytes: term('Resident memory', 'bytes', 'usage'),
  vmsBytes: term('Virtual memory', 'bytes', 'usage'),
  threads: term('Threads', 'count', 'activity'),
} satisfies Terms<typeof PROCESS_METRICS>;

const SYSTEMD_TERMS = {
  uptimeSeconds: term('Uptime', 'seconds', 'health'),
  restarts: term('Restarts', 'count', 'health'),
} satisfies Terms<typeof SYSTEMD_METRICS>;

const HEARTBEAT_TERMS = {
  reportAgeSeconds: term('Report age', 'seconds', 'health'),
} satisfies Terms<typeof HEARTBEAT_METRICS>;

const PING_TERMS = {
  rttAvgMs: responseTime,
  rttMinMs: term('Fastest round trip', 'ms', 'response'),
  rttMaxMs: term('Slowest round trip', 'ms', 'response'),
  packetLossPercent: term('Packet loss', 'percent', 'health'),
} satisfies Terms<typeof PING_METRICS>;

const DNS_TERMS = {
  queryMs: responseTime,
  answerCount: term('Answers', 'count', 'response'),
} satisfies Terms<typeof DNS_METRICS>;

/** Every check type's named metrics, in the order they are shown. */
export const METRIC_TERMS = {
  http: HTTP_TERMS,
  tcp: TCP_TERMS,
  celery: CELERY_TERMS,
  command: COMMAND_TERMS,
  host: HOST_TERMS,
  docker: DOCKER_TERMS,
  jupyterhub: JUPYTERHUB_TERMS,
  login: LOGIN_TERMS,
  gpu: GPU_TERMS,
  filesystem: FILESYSTEM_TERMS,
  slurm: CLUSTER_TERMS,
  pbs: CLUSTER_TERMS,
  redis: REDIS_TERMS,
  postgres: SQL_TERMS,
  mysql: SQL_TERMS,
  sqlite: SQL_TERMS,
  process: PROCESS_TERMS,
  systemd: SYSTEMD_TERMS,
  heartbeat: HEARTBEAT_TERMS,
  ping: PING_TERMS,
  dns: DNS_TERMS,
  smtp: MAIL_TERMS,
  imap: MAIL_TERMS,
  pop3: MAIL_TERMS,
  tls: TLS_TERMS,
  websocket: WEBSOCKET_TERMS,
  grpc: GRPC_TERMS,
} satisfies Record<CheckType, Record<string, MetricTerm>>;
