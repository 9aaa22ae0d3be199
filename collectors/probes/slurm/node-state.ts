import type { NodeCondition } from '../../../core/results/cluster-summary.ts';

// Flag suffixes (`man sinfo`, NODE STATE CODES: `*` not responding, `~` powered off, `$` maintenance
// reservation, …) are stripped before a state word is classified.
const DOWN_STATES = new Set(['down', 'fail', 'inval', 'unk', 'futr', 'npc']);
const DRAINED_STATES = new Set(['drain', 'drng', 'drained', 'draining', 'failg', 'failing']);
const MAINTENANCE_STATES = new Set(['maint']);

export interface NodeState {
  /** The compact state word without suffixes: "alloc", "drng", "idle". */
  state: string;
  /** The suffix characters that were on it, e.g. "*$". */
  suffixes: string;
  condition: NodeCondition;
}

/**
 * Classifies one node from sinfo's StateCompact (`drng$`, `idle~`, `down*`) and StateComplete
 * (`allocated+drain+maintenance+reserved`). Order matters: an unreachable node is down even if
 * it is also drained; a node in a maintenance reservation is planned work, not an outage.
 */
export function classifyNodeState(compact: string, complete = ''): NodeState {
  const match = /^([^*~#!%$@^\-+]*)([*~#!%$@^\-+]*)$/.exec(compact.trim().toLowerCase());
  const state = match?.[1] || compact.trim().toLowerCase();
  const suffixes = match?.[2] ?? '';
  const flags = new Set(complete.toLowerCase().split('+'));
  let condition: NodeCondition = 'usable';
  if (DOWN_STATES.has(state) || suffixes.includes('*') || flags.has('not_responding')) condition = 'down';
  else if (MAINTENANCE_STATES.has(state) || suffixes.includes('$') || flags.has('maintenance'))
    condition = 'maintenance';
  else if (DRAINED_STATES.has(state) || flags.has('drain')) condition = 'drained';
  return { state, suffixes, condition };
}
