import type { z } from 'zod';
import type { CheckType } from '../model/check-schema.ts';
import type { CheckResult, Metrics } from '../model/snapshot.ts';
import { CeleryDetailSchema, CeleryMetricsSchema } from './celery.ts';
import { CommandDetailSchema, CommandMetricsSchema } from './command.ts';
import { DnsDetailSchema, DnsMetricsSchema } from './dns.ts';
import { DockerDetailSchema, DockerMetricsSchema } from './docker.ts';
import { FilesystemDetailSchema, FilesystemMetricsSchema } from './filesystem.ts';
import { GpuDetailSchema, GpuMetricsSchema } from './gpu.ts';
import { GrpcDetailSchema, GrpcMetricsSchema } from './grpc.ts';
import { HEAL_DETAIL_KEY } from './heal-record.ts';
import { HeartbeatDetailSchema, HeartbeatMetricsSchema } from './heartbeat.ts';
import { HostDetailSchema, HostMetricsSchema } from './host.ts';
import { HttpDetailSchema, HttpMetricsSchema } from './http.ts';
import { JupyterhubDetailSchema, JupyterhubMetricsSchema } from './jupyterhub.ts';
import { LoginDetailSchema, LoginMetricsSchema } from './login.ts';
import { MailDetailSchema, MailMetricsSchema } from './mail.ts';
import { MysqlDetailSchema, MysqlMetricsSchema } from './mysql.ts';
import { PbsDetailSchema, PbsMetricsSchema } from './pbs.ts';
import { PingDetailSchema, PingMetricsSchema } from './ping.ts';
import { PostgresDetailSchema, PostgresMetricsSchema } from './postgres.ts';
import { ProcessDetailSchema, ProcessMetricsSchema } from './process.ts';
import { RedisDetailSchema, RedisMetricsSchema } from './redis.ts';
import { SlurmDetailSchema, SlurmMetricsSchema } from './slurm.ts';
import { SqliteDetailSchema, SqliteMetricsSchema } from './sqlite.ts';
import { SystemdDetailSchema, SystemdMetricsSchema } from './systemd.ts';
import { TcpDetailSchema, TcpMetricsSchema } from './tcp.ts';
import { TlsDetailSchema, TlsMetricsSchema } from './tls.ts';
import { WebsocketDetailSchema, WebsocketMetricsSchema } from './websocket.ts';

/**
 * What each check type's probe stores in a result's `detail` and `metrics`. A new check type adds
 * core/results/<type>.ts and one line here.
 */
export const RESULT_SCHEMAS = {
  http: { detail: HttpDetailSchema, metrics: HttpMetricsSchema },
  tcp: { detail: TcpDetailSchema, metrics: TcpMetricsSchema },
  celery: { detail: CeleryDetailSchema, metrics: CeleryMetricsSchema },
  command: { detail: CommandDetailSchema, metrics: CommandMetricsSchema },
  host: { detail: HostDetailSchema, metrics: HostMetricsSchema },
  docker: { detail: DockerDetailSchema, metrics: DockerMetricsSchema },
  jupyterhub: { detail: JupyterhubDetailSchema, metrics: JupyterhubMetricsSchema },
  login: { detail: LoginDetailSchema, metrics: LoginMetricsSchema },
  gpu: { detail: GpuDetailSchema, metrics: GpuMetricsSchema },
  filesystem: { detail: FilesystemDetailSchema, metrics: FilesystemMetricsSchema },
  slurm: { detail: SlurmDetailSchema, metrics: SlurmMetricsSchema },
  pbs: { detail: PbsDetailSchema, metrics: PbsMetricsSchema },
  redis: { detail: RedisDetailSchema, metrics: RedisMetricsSchema },
  postgres: { detail: PostgresDetailSchema, metrics: PostgresMetricsSchema },
  mysql: { detail: MysqlDetailSchema, metrics: MysqlMetricsSchema },
  sqlite: { detail: SqliteDetailSchema, metrics: SqliteMetricsSchema },
  process: { detail: ProcessDetailSchema, metrics: ProcessMetricsSchema },
  systemd: { detail: SystemdDetailSchema, metrics: SystemdMetricsSchema },
  grpc: { detail: GrpcDetailSchema, metrics: GrpcMetricsSchema },
  websocket: { detail: WebsocketDetailSchema, metrics: WebsocketMetricsSchema },
  heartbeat: { detail: HeartbeatDetailSchema, metrics: HeartbeatMetricsSchema },
  ping: { detail: PingDetailSchema, metrics: PingMetricsSchema },
  dns: { detail: DnsDetailSchema, metrics: DnsMetricsSchema },
  smtp: { detail: MailDetailSchema, metrics: MailMetricsSchema },
  imap: { detail: MailDetailSchema, metrics: MailMetricsSchema },
  pop3: { detail: MailDetailSchema, metrics: MailMetricsSchema },
  tls: { detail: TlsDetailSchema, metrics: TlsMetricsSchema },
} satisfies Record<
  CheckType,
  { detail: z.ZodType<Record<string, unknown>>; metrics: z.ZodType<Metrics, Metrics> }
>;

type ResultSchemas = typeof RESULT_SCHEMAS;
/** A stored detail of check type T, as its schema reads it. */
export type ResultDetail<T extends CheckType> = z.output<ResultSchemas[T]['detail']>;
/** Stored metrics of check type T, as its schema reads them. */
export type ResultMetrics<T extends CheckType> = z.output<ResultSchemas[T]['metrics']>;

/** A reading of stored data, shaped like zod's safeParse outcome. */
export type ResultParse<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/** Both parts of a stored result; `detail` is undefined where the probe stored none. */
export interface ResultReading<T extends CheckType> {
  detail: ResultDetail<T> | undefined;
  metrics: ResultMetrics<T>;
}

/**
 * True when a stored detail holds nothing of the probe's: a run that failed before it saw anything,
 * or one cut at the run's deadline. The runner's heal record (`detail.heal`) does not count.
 */
export function hasNoProbeDetail(detail: Record<string, unknown>): boolean {
  return Object.keys(detail).every((key) => key === HEAL_DETAIL_KEY);
}

/** Reads a stored detail with its check type's schema; data is undefined when the probe stored none. */
export function parseResultDetail<T extends CheckType>(
  type: T,
  detail: Record<string, unknown>,
): ResultParse<ResultDetail<T> | undefined> {
  if (hasNoProbeDetail(detail)) return { success: true, data: undefined };
  const { [HEAL_DETAIL_KEY]: _heal, ...stored } = detail;
  // The registry is indexed by a type parameter, which TypeScript cannot follow into the schema's output.
  return RESULT_SCHEMAS[type].detail.safeParse(stored) as ResultParse<ResultDetail<T>>;
}

/** Reads stored metrics with their check type's schema. */
export function parseResultMetrics<T extends CheckType>(
  type: T,
  metrics: Metrics,
): ResultParse<ResultMetrics<T>> {
  return RESULT_SCHEMAS[type].metrics.safeParse(metrics) as ResultParse<ResultMetrics<T>>;
}

/** Reads a stored result's detail and metrics with its check type's schemas. */
export function readResult<T extends CheckType>(
  type: T,
  result: Pick<CheckResult, 'detail' | 'metrics'>,
): ResultParse<ResultReading<T>> {
  const detail = parseResultDetail(type, result.detail);
  if (!detail.success) return detail;
  const metrics = parseResultMetrics(type, result.metrics);
  if (!metrics.success) return metrics;
  return { success: true, data: { detail: detail.data, metrics: metrics.data } };
}

/** The first problem of an unreadable result, in a few words: `resources: expected object, received undefined`. */
export function describeResultProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'does not match its check type';
  const path = issue.path.map(String).join('.');
  // zod's "Invalid input: " / "Invalid option: " lead-ins say nothing the rest does not.
  const message = issue.message.replace(/^Invalid (input|option): /, '');
  return path === '' ? message : `${path}: ${message}`;
}
