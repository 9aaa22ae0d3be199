import type { CheckOfType, CheckType, Metrics, ProbeStatus, Thresholds } from '../../core/model/index.ts';
import type { CommandRunner } from '../transport/run-command.ts';

/** What a probe is handed besides its check: everything with a side effect comes in through here. */
export interface ProbeContext {
  /** Aborted when the check's timeout or the run's deadline passes; pass it to every I/O call. */
  signal: AbortSignal;
  /** The check's timeout, for messages ("timed out after 5 s"). */
  timeoutMs: number;
  /** The clock. */
  now: () => Date;
  /** Runs a program without a shell (execa under the hood; a fake in tests). */
  run: CommandRunner;
  /** What this probe returned as `state` last run, if anything (e.g. I/O counters for rates). */
  previousState: unknown;
  /** The run's data directory, for probes that read what other programs leave there (heartbeat reports). */
  dataDir?: string;
  /**
   * The run's secrets (every value the config read from the environment): the collector masks them
   * in what a probe returns, but a probe that cuts text it did not write (a SQL table's cells) masks
   * them before the cut, or a secret crossing it would keep a part no redactor matches afterwards.
   */
  secrets?: readonly string[];
}

/**
 * What a probe saw. A probe measures; it does not apply thresholds (evaluation does). It sets
 * `status` to down when the target failed outright (refused, timed out, wrong status code,
 * assertion failed), and never throws for a down target.
 */
export interface Observation {
  status: ProbeStatus;
  /** Short human explanation: "HTTP 200 in 84 ms", "connect ECONNREFUSED 127.0.0.1:9". */
  message: string;
  metrics?: Metrics;
  /** Non-numeric facts worth keeping: versions, notes such as "no rate yet". */
  detail?: Record<string, unknown>;
  /** Memory to hand back as `previousState` next run. */
  state?: unknown;
  /**
   * How long the event loop of the process that probed was held up while this attempt ran (set by
   * the isolated probe runner, not by probes): a latency measured meanwhile includes Vigil's own work.
   */
  loopDelayMs?: number;
}

export type Probe<T extends CheckType> = (
  check: CheckOfType<T>,
  context: ProbeContext,
) => Promise<Observation>;

/** A check type's probe plus the thresholds it applies unless the config overrides them. */
export interface ProbeDefinition<T extends CheckType> {
  probe: Probe<T>;
  defaultThresholds?: Thresholds;
  /**
   * Loads the client library the probe needs, before any timing starts (a runner calls it once);
   * a probe that warms up against a loopback server is handed its WARM_UP_CHECKS entry, parsed.
   */
  preload?: (warmUpCheck?: CheckOfType<T>) => Promise<unknown>;
}
