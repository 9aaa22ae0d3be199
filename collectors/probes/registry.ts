import type { CheckType } from '../model/index.ts';
import { commandProbe } from './probe-command.ts';
import { dockerProbe } from './probe-docker.ts';
import { filesystemProbe } from './probe-filesystem.ts';
import { gpuProbe } from './probe-gpu.ts';
import { hostProbe } from './probe-host.ts';
import { httpProbe } from './probe-http.ts';
import { jupyterhubProbe } from './probe-jupyterhub.ts';
import { mysqlProbe } from './probe-mysql.ts';
import { pbsProbe } from './probe-pbs.ts';
import { postgresProbe } from './probe-postgres.ts';
import { processProbe } from './probe-process.ts';
import { redisProbe } from './probe-redis.ts';
import { slurmProbe } from './probe-slurm.ts';
import { sqliteProbe } from './probe-sqlite.ts';
import { systemdProbe } from './probe-systemd.ts';
import { tcpProbe } from './probe-tcp.ts';
import type { ProbeDefinition } from './probe-types.ts';

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
