import type { Check, CheckType } from '../../core/model/index.ts';
import type { Observation } from '../probes/probe-types.ts';

// What the coordinator and a probe runner process say to each other over IPC.

export type RunnerRequest =
  /** Load these types' probes; warmUpChecks are the parsed WARM_UP_CHECKS of those that have one. */
  | { kind: 'preload'; types: CheckType[]; warmUpChecks: Check[] }
  | { kind: 'probe'; id: number; check: Check; timeoutMs: number; previousState: unknown; nowMs: number }
  | { kind: 'abort'; id: number }
  | { kind: 'report' };

export type RunnerReply =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; observation: Observation }
  | { kind: 'report'; loopDelayMaxMs: number };
