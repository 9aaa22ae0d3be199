import { z } from 'zod';
import { applyCheckConditions } from './check-conditions.ts';
import { CeleryCheckSchema } from './checks/celery-check.ts';
import { CommandCheckSchema } from './checks/command-check.ts';
import { DnsCheckSchema } from './checks/dns-check.ts';
import { DockerCheckSchema } from './checks/docker-check.ts';
import { FilesystemCheckSchema } from './checks/filesystem-check.ts';
import { GpuCheckSchema } from './checks/gpu-check.ts';
import { GrpcCheckSchema } from './checks/grpc-check.ts';
import { HeartbeatCheckSchema } from './checks/heartbeat-check.ts';
import { HostCheckSchema } from './checks/host-check.ts';
import { HttpCheckSchema } from './checks/http-check.ts';
import { ImapCheckSchema } from './checks/imap-check.ts';
import { JupyterhubCheckSchema } from './checks/jupyterhub-check.ts';
import { LoginCheckSchema } from './checks/login-check.ts';
import { MysqlCheckSchema } from './checks/mysql-check.ts';
import { PbsCheckSchema } from './checks/pbs-check.ts';
import { PingCheckSchema } from './checks/ping-check.ts';
import { Pop3CheckSchema } from './checks/pop3-check.ts';
import { PostgresCheckSchema } from './checks/postgres-check.ts';
import { ProcessCheckSchema } from './checks/process-check.ts';
import { RedisCheckSchema } from './checks/redis-check.ts';
import { SlurmCheckSchema } from './checks/slurm-check.ts';
import { SmtpCheckSchema } from './checks/smtp-check.ts';
import { SqliteCheckSchema } from './checks/sqlite-check.ts';
import { SystemdCheckSchema } from './checks/systemd-check.ts';
import { TcpCheckSchema } from './checks/tcp-check.ts';
import { TlsCheckSchema } from './checks/tls-check.ts';
import { WebsocketCheckSchema } from './checks/websocket-check.ts';

/** Every check type's schema; a new type is one schema file plus one line here. */
export const CHECK_SCHEMAS = [
  HttpCheckSchema,
  TcpCheckSchema,
  CeleryCheckSchema,
  CommandCheckSchema,
  HostCheckSchema,
  DockerCheckSchema,
  JupyterhubCheckSchema,
  LoginCheckSchema,
  GpuCheckSchema,
  FilesystemCheckSchema,
  SlurmCheckSchema,
  PbsCheckSchema,
  RedisCheckSchema,
  PostgresCheckSchema,
  MysqlCheckSchema,
  SqliteCheckSchema,
  ProcessCheckSchema,
  SystemdCheckSchema,
  HeartbeatCheckSchema,
  PingCheckSchema,
  DnsCheckSchema,
  SmtpCheckSchema,
  ImapCheckSchema,
  Pop3CheckSchema,
  TlsCheckSchema,
  WebsocketCheckSchema,
  GrpcCheckSchema,
] as const;

export const CHECK_TYPES = CHECK_SCHEMAS.map((schema) => schema.shape.type.value);

const CheckUnionSchema = z.discriminatedUnion('type', CHECK_SCHEMAS, {
  error: (issue) =>
    issue.code === 'invalid_union' && issue.note === 'No matching discriminator'
      ? `unknown check type ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)}; expected one of ${CHECK_TYPES.join(', ')}`
      : undefined,
});

/** One check of the config: Gatus `conditions` are compiled into their fields first (check-conditions.ts). */
export const CheckSchema = z.preprocess(
  (input, ctx) => applyCheckConditions(input, (issue) => ctx.addIssue({ code: 'custom', input, ...issue })),
  CheckUnionSchema,
);

/** One check as its schema parses it, before the config applies `name` and `source` defaults. */
export type ParsedCheck = z.infer<typeof CheckSchema>;
/**
 * A check as the loaded config holds it: `name` and `source` always resolved. A check seen from
 * several places keeps `sources` (its enabled places, at least two, `source` = the first) and
 * `quorum` resolved to a number; a check run from one place has neither.
 */
export type Check = ParsedCheck & { name: string; source: string; quorum?: number };
export type CheckType = Check['type'];
/** What a probe of one type reads: its own fields (a probe needs neither name nor source). */
export type CheckOfType<T extends CheckType> = Extract<ParsedCheck, { type: T }>;
