import type { CommandOutcome } from '../transport/run-command.ts';

/**
 * What `vigil init` found on this machine. Every discoverer returns findings (each becomes one check
 * in the written config) and the things it saw and left out, each with its reason; none throws, and
 * none changes anything on the machine.
 */

/**
 * The groups of the written config, in the order they are written; `id` is the group's id in the
 * config (check ids never take one: incidents name both in `affected`).
 */
export const FINDING_GROUPS = {
  host: {
    id: 'machine',
    name: 'This machine',
    description: 'CPU, memory, filesystems and I/O of the collector host.',
  },
  web: {
    id: 'web-servers',
    name: 'Web',
    description: 'Web servers and applications listening on this machine.',
  },
  databases: { id: 'databases', name: 'Databases', description: 'Databases and caches on this machine.' },
  containers: {
    id: 'containers',
    name: 'Containers',
    description: 'Docker containers and Compose projects.',
  },
  services: { id: 'services', name: 'Services', description: 'System services and other listening daemons.' },
  hpc: { id: 'clusters', name: 'Clusters', description: 'Batch schedulers and notebook hubs.' },
  filesystems: {
    id: 'filesystems',
    name: 'Filesystems',
    description: 'Mounted filesystems: do they answer, how full are they.',
  },
  gpus: { id: 'gpus', name: 'GPUs', description: 'NVIDIA GPUs of this machine.' },
} as const;
export type FindingGroup = keyof typeof FINDING_GROUPS;

export interface Finding {
  /**
   * Stable identity across discoverers, e.g. "listen:tcp:127.0.0.1:6379", "docker:compose:lab",
   * "systemd:nginx.service": two findings with the same key are one thing, the first kept.
   */
  key: string;
  group: FindingGroup;
  /** One line a person reads in the prompt and the summary: "nginx (http://127.0.0.1:8080/)". */
  label: string;
  /**
   * The check to write, in config form (`id`, `name`, `type`, the type's fields; no `group`, the
   * writer sets it). Written as found; `vigil validate` must accept it without credentials. The
   * writer makes ids unique.
   */
  check: Record<string, unknown>;
  /** Comment lines written above the check (without "# "). */
  comment?: readonly string[];
  /**
   * The full check that needs credentials, written commented out under the check, ready for
   * `${VAR}` references (never a guessed value), e.g. a `redis` check with `password: ${REDIS_PASSWORD}`.
   * Also in config form, without `group`.
   */
  fullCheck?: Record<string, unknown>;
  /** Keys of findings this one stands for (a systemd unit whose port is already a check): those are dropped. */
  covers?: readonly string[];
}

export interface LeftOut {
  /** What was seen: "tmpfs on /run", "port 39211 (node)". */
  label: string;
  /** Why it is not a check: "memory-backed, not a real filesystem". */
  reason: string;
}

export interface Discovery {
  findings: Finding[];
  leftOut: LeftOut[];
}

export interface DiscoverContext {
  /** Aborted when the discoverer's time is up; every probe and program stops with it. */
  signal: AbortSignal;
  /** The environment init runs in (DOCKER_HOST, PATH). */
  env: NodeJS.ProcessEnv;
  /** Where /proc is (tests point it at fixtures); default "/proc". */
  procRoot: string;
  /** Runs a program with its own deadline (ms) and the context's signal; never throws. */
  run: (argv: readonly string[], timeoutMs: number) => Promise<CommandOutcome>;
}

/** One discoverer: what it looks at, and the search. */
export interface Discoverer {
  /** "listening ports", "Docker", "systemd", …: named in the summary and when it runs out of time. */
  name: string;
  discover: (context: DiscoverContext) => Promise<Discovery>;
}
