import type { CheckType } from '../../core/model/index.ts';
import { commandProbe } from './command/probe-command.ts';
import { dockerProbe } from './docker/probe-docker.ts';
import { filesystemProbe } from './filesystem/probe-filesystem.ts';
import { gpuProbe } from './gpu/probe-gpu.ts';
import { hostProbe } from './host/probe-host.ts';
import { httpProbe } from './http/probe-http.ts';
import { jupyterhubProbe } from './jupyterhub/probe-jupyterhub.ts';
import { mysqlProbe } from './mysql/probe-mysql.ts';
import { pbsProbe } from './pbs/probe-pbs.ts';
import { postgresProbe } from './postgres/probe-postgres.ts';
import type { ProbeDefinition } from './probe-types.ts';
import { processProbe } from './process/probe-process.ts';
import { redisProbe } from './redis/probe-redis.ts';
import { slurmProbe } from './slurm/probe-slurm.ts';
import { sqliteProbe } from './sqlite/probe-sqlite.ts';
import { systemdProbe } from './systemd/probe-systemd.ts';
import { tcpProbe } from './tcp/probe-tcp.ts';

/** Every check type's probe. A new check type adds one line here (see docs/adding-a-check-type.md). */
export const PROBES = {
  http: httpProbe,
  tcp: tcpProbe,
  command: commandProbe,
  host: hostProbe,
  docker: dockerProbe,
  jupyterhub: jupyterhubProbe,
  gpu: gpuProbe,
  filesystem: filesystemProbe,
  slurm: slurmProbe,
  pbs: pbsProbe,
  redis: redisProbe,
  postgres: postgresProbe,
  mysql: mysqlProbe,
  sqlite: sqliteProbe,
  process: processProbe,
  systemd: systemdProbe,
} satisfies { [T in CheckType]: ProbeDefinition<T> };
