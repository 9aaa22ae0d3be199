import type { Check, CheckType } from '../../core/model/index.ts';
import type { Observation } from '../probes/probe-types.ts';

// What the coordinator and a probe runner process say to each other over IPC. Each side sends the
// messages of one event-loop turn together, as one array: one write for the hundred results that
// arrive together, not a hundred.

export type RunnerRequest =
  /**
   * Load these types' probes; warmUpChecks are the parsed WARM_UP_CHECKS of those that have one;
   * checks are the run's checks this runner probes, sent once so each probe names its check by id;
   * ignoreStopSignals: SIGINT/SIGTERM sent to the process group leave it running (vigil watch, whose
   * coordinator finishes the runs in flight and then ends it); secrets: the run's, handed to every
   * probe (ProbeContext.secrets).
   */
  | {
      kind: 'preload';
      types: CheckType[];
      warmUpChecks: Check[];
      checks: Check[];
      ignoreStopSignals?: boolean;
      secrets?: string[];
    }
  | {
      kind: 'probe';
      id: number;
      checkId: string;
      timeoutMs: number;
      previousState: unknown;
      nowMs: number;
      dataDir?: string;
    }
  | { kind: 'abort'; id: number }
  | { kind: 'report' };

export type RunnerReply =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; observation: Observation }
  | { kind: 'report'; loopDelayMaxMs: number };
