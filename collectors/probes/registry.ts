import type { CheckType } from '../../core/model/index.ts';
import { DEFAULT_THRESHOLDS } from './default-thresholds.ts';
import type { Probe, ProbeDefinition } from './probe-types.ts';

/**
 * Where every check type's probe lives. A new check type adds one line here (see
 * docs/adding-a-check-type.md). Each is imported the first time a check of its type is probed or
 * preloaded, so a run loads only the probes (and client libraries) of the checks it has.
 */
const PROBE_MODULES = {
  http: () => import('./http/probe-http.ts').then((module) => module.httpProbe),
  tcp: () => import('./tcp/probe-tcp.ts').then((module) => module.tcpProbe),
  celery: () => import('./celery/probe-celery.ts').then((module) => module.celeryProbe),
  command: () => import('./command/probe-command.ts').then((module) => module.commandProbe),
  host: () => import('./host/probe-host.ts').then((module) => module.hostProbe),
  docker: () => import('./docker/probe-docker.ts').then((module) => module.dockerProbe),
  jupyterhub: () => import('./jupyterhub/probe-jupyterhub.ts').then((module) => module.jupyterhubProbe),
  login: () => import('./login/probe-login.ts').then((module) => module.loginProbe),
  gpu: () => import('./gpu/probe-gpu.ts').then((module) => module.gpuProbe),
  filesystem: () => import('./filesystem/probe-filesystem.ts').then((module) => module.filesystemProbe),
  slurm: () => import('./slurm/probe-slurm.ts').then((module) => module.slurmProbe),
  pbs: () => import('./pbs/probe-pbs.ts').then((module) => module.pbsProbe),
  redis: () => import('./redis/probe-redis.ts').then((module) => module.redisProbe),
  postgres: () => import('./postgres/probe-postgres.ts').then((module) => module.postgresProbe),
  mysql: () => import('./mysql/probe-mysql.ts').then((module) => module.mysqlProbe),
  sqlite: () => import('./sqlite/probe-sqlite.ts').then((module) => module.sqliteProbe),
  process: () => import('./process/probe-process.ts').then((module) => module.processProbe),
  systemd: () => import('./systemd/probe-systemd.ts').then((module) => module.systemdProbe),
  grpc: () => import('./grpc/probe-grpc.ts').then((module) => module.grpcProbe),
  websocket: () => import('./websocket/probe-websocket.ts').then((module) => module.websocketProbe),
  heartbeat: () => import('./heartbeat/probe-heartbeat.ts').then((module) => module.heartbeatProbe),
  ping: () => import('./ping/probe-ping.ts').then((module) => module.pingProbe),
  dns: () => import('./dns/probe-dns.ts').then((module) => module.dnsProbe),
  smtp: () => import('./smtp/probe-smtp.ts').then((module) => module.smtpProbe),
  imap: () => import('./imap/probe-imap.ts').then((module) => module.imapProbe),
  pop3: () => import('./pop3/probe-pop3.ts').then((module) => module.pop3Probe),
  tls: () => import('./tls/probe-tls.ts').then((module) => module.tlsProbe),
} satisfies { [T in CheckType]: () => Promise<ProbeDefinition<T>> };

/**
 * The checks a probe warms up with against a loopback server of its runner (see warm-up.ts),
 * before any real check is timed: parsed by the coordinator, which has the config schema loaded
 * already; the runner only points them at its server's port.
 */
export const WARM_UP_CHECKS: Partial<Record<CheckType, Record<string, unknown>>> = {
  http: { id: 'warm-up', type: 'http', url: 'http://127.0.0.1/' },
  tcp: { id: 'warm-up', type: 'tcp', host: '127.0.0.1', port: 1 },
};

const loaded = new Map<CheckType, Promise<ProbeDefinition<CheckType>>>();

/** The probe of one check type, imported once per process. */
export function loadProbe<T extends CheckType>(type: T): Promise<ProbeDefinition<T>> {
  let loading = loaded.get(type);
  if (loading === undefined) {
    loading = (PROBE_MODULES[type] as () => Promise<ProbeDefinition<CheckType>>)();
    loaded.set(type, loading);
  }
  return loading as unknown as Promise<ProbeDefinition<T>>;
}

function defineLazily<T extends CheckType>(type: T): ProbeDefinition<T> {
  const probe: Probe<T> = async (check, context) => (await loadProbe(type)).probe(check, context);
  const thresholds = (
    DEFAULT_THRESHOLDS as Partial<Record<CheckType, ProbeDefinition<T>['defaultThresholds']>>
  )[type];
  return {
    probe,
    preload: async (warmUpCheck) => (await loadProbe(type)).preload?.(warmUpCheck),
    ...(thresholds && { defaultThresholds: thresholds }),
  };
}

/** Every check type's probe, each imported when first used (see PROBE_MODULES). */
export const PROBES = Object.fromEntries(
  (Object.keys(PROBE_MODULES) as CheckType[]).map((type) => [type, defineLazily(type)]),
) as { [T in CheckType]: ProbeDefinition<T> };
