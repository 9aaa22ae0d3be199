import { toCheckId } from './discover-helpers.ts';
import type { Finding, FindingGroup, LeftOut } from './finding.ts';
import { describeHttpCheck } from './listener-http-check.ts';
import type { ListenerClass } from './listener-kinds.ts';
import {
  findHttpUrl,
  formatUrlHost,
  LISTENER_PROBE_TIMEOUT_MS,
  probeListenerTcp,
} from './listener-probes.ts';
import type { ListenerProcess } from './listener-processes.ts';

/** One listening port of one process (its IPv4 and IPv6 sockets together). */
export interface Listener {
  port: number;
  /** The address a check connects to: 127.0.0.1, ::1, or the bound address. */
  host: string;
  /** Every address it is bound on, as /proc shows them. */
  addresses: string[];
  process?: ListenerProcess;
  classified: ListenerClass;
}

export type ListenerOutcome = { finding: Finding } | { leftOut: LeftOut };

const WITHIN = `within ${LISTENER_PROBE_TIMEOUT_MS / 1000} s`;

/** Probes a listener as its kind asks and turns it into a finding, or says why it is left out. */
export async function describeListener(listener: Listener, signal: AbortSignal): Promise<ListenerOutcome> {
  const { kind } = listener.classified;
  const outcome = await describeByKind(listener, signal);
  // A probe cut by the discoverer's deadline says nothing about the listener.
  if (
    signal.aborted &&
    'leftOut' in outcome &&
    kind !== 'unknown' &&
    kind !== 'vigil' &&
    kind !== 'docker-proxy'
  )
    return leaveOut(listener, 'not probed: the time for listening ports ran out');
  return outcome;
}

function describeByKind(listener: Listener, signal: AbortSignal): Promise<ListenerOutcome> | ListenerOutcome {
  const { kind } = listener.classified;
  switch (kind) {
    case 'web-server':
    case 'app-server':
      return describeWebListener(listener, signal);
    case 'jupyterhub':
      return describeJupyterHub(listener, signal);
    case 'redis':
    case 'postgres':
    case 'mysql':
    case 'ssh':
      return describeTcpListener(listener, signal);
    case 'vigil':
      return leaveOut(listener, 'Vigil itself');
    case 'docker-proxy':
      return leaveOut(listener, "Docker's port forwarder: the container behind it is found under Containers");
    case 'unknown':
      return leaveOut(
        listener,
        listener.process === undefined
          ? "its process is not readable here (another user's, or another namespace's), and the port is not a well-known one"
          : 'no known check',
      );
  }
}

async function describeWebListener(listener: Listener, signal: AbortSignal): Promise<ListenerOutcome> {
  const { port, host, classified } = listener;
  const answer = await findHttpUrl(host, port, '/', signal);
  // A port that only its number says is a web server's: named for what it is, not "unknown process".
  const program = listener.process === undefined ? 'web' : classified.program;
  const id = toCheckId(`${program}-${port}`, `web-${port}`);
  const name = `${listener.process === undefined ? 'Web server' : program} (port ${port})`;
  if (answer === undefined) {
    if (classified.kind === 'app-server' || classified.byPortOnly)
      return leaveOut(listener, `does not answer HTTP ${WITHIN}`);
    // A web server's port that is not HTTP (an haproxy or nginx stream port): at least it accepts.
    return found(listener, 'web', {
      label: `${program} on ${formatUrlHost(host)}:${port} (not HTTP)`,
      check: { id, name, type: 'tcp', host, port },
      comment: [describeOwner(listener), `It did not answer HTTP ${WITHIN}: a TCP connect check.`],
    });
  }
  const http = describeHttpCheck(answer);
  return found(listener, 'web', {
    label: `${program} (${answer.url})`,
    check: { id, name, type: 'http', url: answer.url, ...http.fields },
    comment: [describeOwner(listener), `When vigil init ran: ${answer.message}.`, ...http.comment],
  });
}

async function describeJupyterHub(listener: Listener, signal: AbortSignal): Promise<ListenerOutcome> {
  const { port, host } = listener;
  const answer = await findHttpUrl(host, port, '/hub/api', signal);
  if (answer === undefined) return leaveOut(listener, `does not answer HTTP ${WITHIN}`);
  if (answer.statusCode < 200 || answer.statusCode > 299)
    return leaveOut(listener, `answers HTTP ${answer.statusCode} at /hub/api: not the hub's API`);
  const base = answer.url.replace(/\/hub\/api$/, '');
  const insecure = answer.isCertificateUnverified ? { insecure: true } : {};
  return found(listener, 'hpc', {
    label: `JupyterHub (${answer.url})`,
    check: { id: 'jupyterhub', name: 'JupyterHub', type: 'http', url: answer.url, ...insecure },
    comment: [
      describeOwner(listener),
      `When vigil init ran: ${answer.message}. /hub/api answers without a token.`,
      'The full check counts active users and running servers: a token in JUPYTERHUB_API_TOKEN.',
    ],
    fullCheck: {
      id: 'jupyterhub',
      name: 'JupyterHub',
      type: 'jupyterhub',
      url: base,
      token: '${JUPYTERHUB_API_TOKEN}',
      ...insecure,
    },
  });
}

interface TcpService {
  name: string;
  id: string;
  defaultPort: number;
  group: FindingGroup;
  /** The check's own field: a handshake or a banner. */
  fields: Record<string, unknown>;
  /** The full check (without id, name) and the comment that explains it. */
  full?: (
    url: { host: string; port: number },
    authRequired: boolean,
  ) => { check: Record<string, unknown>; comment: string };
}

const TCP_SERVICES: Record<'redis' | 'postgres' | 'mysql' | 'ssh', TcpService> = {
  redis: {
    name: 'Redis',
    id: 'redis',
    defaultPort: 6379,
    group: 'databases',
    fields: { handshake: 'redis' },
    full: ({ host, port }, authRequired) => ({
      check: {
        type: 'redis',
        url: `redis://${formatUrlHost(host)}:${port}`,
        ...(authRequired ? { password: '${REDIS_PASSWORD}' } : {}),
      },
      comment: authRequired
        ? 'The full check reads INFO and queue lengths: the password in REDIS_PASSWORD.'
        : 'The full check reads INFO and queue lengths; this server asked no password.',
    }),
  },
  postgres: {
    name: 'PostgreSQL',
    id: 'postgres',
    defaultPort: 5432,
    group: 'databases',
    fields: { handshake: 'postgres' },
    full: ({ host, port }) => ({
      check: {
        type: 'postgres',
        url: `postgres://monitor@${formatUrlHost(host)}:${port}/postgres`,
        password: '${POSTGRES_PASSWORD}',
      },
      comment:
        "The full check times SELECT 1 and reads the size: a login role (CREATE ROLE monitor LOGIN PASSWORD '…' IN ROLE pg_monitor), its password in POSTGRES_PASSWORD.",
    }),
  },
  mysql: {
    name: 'MySQL',
    id: 'mysql',
    defaultPort: 3306,
    group: 'databases',
    fields: { handshake: 'mysql' },
    full: ({ host, port }) => ({
      check: {
        type: 'mysql',
        url: `mysql://monitor@${formatUrlHost(host)}:${port}`,
        password: '${MYSQL_PASSWORD}',
      },
      comment:
        "The full check times SELECT 1: an account (CREATE USER 'monitor'@'localhost' IDENTIFIED BY '…'), its password in MYSQL_PASSWORD.",
    }),
  },
  ssh: { name: 'SSH', id: 'ssh', defaultPort: 22, group: 'services', fields: { banner: 'SSH-' } },
};

async function describeTcpListener(listener: Listener, signal: AbortSignal): Promise<ListenerOutcome> {
  const { port, host, classified } = listener;
  const service = TCP_SERVICES[classified.kind as keyof typeof TCP_SERVICES];
  const check: Record<string, unknown> = { type: 'tcp', host, port, ...service.fields };
  const observation = await probeListenerTcp({ id: service.id, ...check }, signal);
  if (classified.byPortOnly && observation.status !== 'up')
    return leaveOut(listener, `port ${port} is ${service.name}'s, but: ${observation.message}`);
  // The server's other ports speak other protocols (MySQL's X Protocol on 33060, a Redis TLS or
  // cluster-bus port): a connect check there, not a handshake that would be down from its first run.
  if (observation.status !== 'up' && port !== service.defaultPort) {
    const connectCheck = { type: 'tcp', host, port };
    const connected = await probeListenerTcp({ id: service.id, ...connectCheck }, signal);
    if (connected.status === 'up')
      return found(listener, service.group, {
        label: `${service.name}'s port ${port} (${classified.program})`,
        check: { id: `${service.id}-${port}`, name: `${service.name} (port ${port})`, ...connectCheck },
        comment: [
          describeOwner(listener),
          `When vigil init ran it did not answer a ${service.name} handshake (${observation.message}): another of the server's protocols, so a connect check.`,
        ],
      });
    return leaveOut(listener, `${classified.program} listens there but: ${observation.message}`);
  }
  const serverVersion = observation.detail?.serverVersion;
  const isMariadb =
    classified.program === 'mariadbd' ||
    (typeof serverVersion === 'string' && serverVersion.includes('MariaDB'));
  const serviceName = classified.kind === 'mysql' && isMariadb ? 'MariaDB' : service.name;
  const baseId = classified.kind === 'mysql' && isMariadb ? 'mariadb' : service.id;
  const isDefaultPort = port === service.defaultPort;
  const id = isDefaultPort ? baseId : `${baseId}-${port}`;
  const name = isDefaultPort ? serviceName : `${serviceName} (port ${port})`;
  const authRequired = observation.detail?.authRequired === true;
  const full = service.full?.({ host, port }, authRequired);
  return found(listener, service.group, {
    label: `${serviceName} on ${formatUrlHost(host)}:${port} (${classified.program})`,
    check: { id, name, ...check },
    comment: [
      describeOwner(listener),
      `When vigil init ran: ${observation.message}.`,
      ...(full === undefined ? [] : [full.comment]),
      ...(classified.kind === 'mysql' && !isLoopbackHost(host)
        ? [
            'The handshake check hangs up before logging in, which MySQL counts against this host (max_connect_errors, 100 by default, then "Host is blocked") unless a login from it succeeds in between: use the full check here.',
          ]
        : []),
    ],
    ...(full === undefined ? {} : { fullCheck: { id, name, ...full.check } }),
  });
}

function isLoopbackHost(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}

function found(
  listener: Listener,
  group: FindingGroup,
  finding: Omit<Finding, 'key' | 'group'>,
): ListenerOutcome {
  const unit = listener.process?.systemdUnit;
  return {
    finding: {
      key: `listen:${listener.host}:${listener.port}`,
      group,
      ...finding,
      ...(unit === undefined ? {} : { covers: [`systemd:${unit}`] }),
    },
  };
}

function leaveOut(listener: Listener, reason: string): ListenerOutcome {
  return { leftOut: { label: `port ${listener.port} (${listener.classified.program})`, reason } };
}

/** "redis-server (pid 812) listens on 127.0.0.1, ::1 port 6379" — the comment's first line. */
function describeOwner(listener: Listener): string {
  const owner =
    listener.process === undefined
      ? 'A process vigil init could not see'
      : `${listener.classified.program} (pid ${listener.process.pid})`;
  const unit = listener.process?.systemdUnit === undefined ? '' : ` of ${listener.process.systemdUnit}`;
  return `${owner}${unit} listens on ${listener.addresses.join(', ')} port ${listener.port}.`;
}
