import type { Check, CheckType } from '../../core/model/index.ts';
import type { Observation } from '../probes/probe-types.ts';

// What the coordinator and a probe runner process say to each other over IPC.

export type RunnerRequest =
  | { kind: 'preload'; types: CheckType[] }
  | { kind: 'probe'; id: number; check: Check; timeoutMs: number; previousState: unknown; nowMs: number }
  | { kind: 'abort'; id: number }
  | { kind: 'report' };

export type RunnerReply =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; observation: Observation }
  | { kind: 'report'; loopDelayMaxMs: number };
