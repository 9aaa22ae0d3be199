import type { CheckType, Config } from '../../core/model/index.ts';

/**
 * How many probes of each kind run at once. Network probes mostly wait on a socket, so many can
 * be in flight on a small machine; command and local probes fork programs or read the machine
 * (and a hung mount fills the thread pool), so fewer do.
 */
const KIND_OF_TYPE = {
  http: 'network',
  tcp: 'network',
  jupyterhub: 'network',
  login: 'commands',
  websocket: 'network',
  grpc: 'network',
  redis: 'network',
  postgres: 'network',
  mysql: 'network',
  celery: 'commands',
  command: 'commands',
  host: 'commands',
  docker: 'commands',
  systemd: 'commands',
  process: 'commands',
  filesystem: 'commands',
  sqlite: 'commands',
  gpu: 'commands',
  slurm: 'commands',
  pbs: 'commands',
  heartbeat: 'commands',
  ping: 'commands',
  dns: 'network',
  smtp: 'network',
  imap: 'network',
  pop3: 'network',
  tls: 'network',
} as const satisfies Record<CheckType, 'network' | 'commands'>;

export type ConcurrencyKind = (typeof KIND_OF_TYPE)[CheckType];

/** One pool of the run: its name and how many of its probes may be in flight at once. */
export interface ConcurrencyPool {
  name: string;
  limit: number;
}

/**
 * The pool a check's probe runs in: one pool for every check when the config gives one number
 * (that number caps them all), else the pool of its kind.
 */
export function getConcurrencyPool(
  type: CheckType,
  concurrency: Config['collect']['concurrency'],
): ConcurrencyPool {
  if (typeof concurrency === 'number') return { name: 'all', limit: concurrency };
  const kind = KIND_OF_TYPE[type];
  return { name: kind, limit: concurrency[kind] };
}
