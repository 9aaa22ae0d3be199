import type { NodeCondition } from '../../../core/results/cluster-summary.ts';
import { isPlainObject, parsePbsCount, parsePbsSize } from './pbs-values.ts';
import { parseTolerantJson } from './repair-json.ts';

export const PBSNODES_ARGS = ['-a', '-F', 'json'] as const;

export interface PbsNode {
  name: string;
  /** The word that decides the node's condition, e.g. "down" for "down,offline". */
  state: string;
  /** Every state word, as PBS joined them. */
  states: string[];
  condition: NodeCondition;
  cpus: { available: number; assigned: number };
  gpus: { available: number; assigned: number };
  /** resources_available.gpu_type, or "gpu" when not set. */
  gpuType: string;
  memoryBytes: { available: number; assigned: number };
  /** Queues the node serves (`queue`, or `resources_available.Qlist`). */
  queues: string[];
  /** resources_available.nodetype (or Qlist) to group nodes by; "" when neither is set. */
  nodeType: string;
  /** The value of the asked `resources_available` key (`nodeTypeResource`); undefined when not asked or not set. */
  typeResourceValue?: string;
  comment: string;
  /** ISO time of the last state change. */
  since?: string;
}

/** Most decisive first: the first state word of the node found in this list names it. */
const STATE_PRIORITY = [
  'down',
  'state-unknown',
  'unresolvable',
  'stale',
  'maintenance',
  'offline',
  'provisioning',
  'wait-provisioning',
  'job-exclusive',
  'resv-exclusive',
  'job-busy',
  'busy',
  'sleep',
  'free',
];
const MAX_TYPE_NAME_LENGTH = 64;
const DOWN = new Set(['down', 'state-unknown', 'unresolvable', 'stale']);

export type PbsnodesResult =
  | { ok: true; nodes: PbsNode[]; wasRepaired: boolean }
  | { ok: false; error: string };

export interface PbsnodesOptions {
  /** A `resources_available` key whose value names the node's type (a check's `nodeTypeResource`). */
  nodeTypeResource?: string;
}

/** Parses `pbsnodes -a -F json`; missing `resources_assigned` keys mean 0. */
export function parsePbsnodes(text: string, options: PbsnodesOptions = {}): PbsnodesResult {
  const parsed = parseTolerantJson(text);
  if (!parsed.ok) return { ok: false, error: `pbsnodes: ${parsed.error}` };
  const document = parsed.value;
  if (!isPlainObject(document) || !isPlainObject(document.nodes)) {
    return { ok: false, error: 'pbsnodes: expected an object with "nodes"' };
  }
  const nodes: PbsNode[] = [];
  for (const [name, raw] of Object.entries(document.nodes)) {
    if (isPlainObject(raw)) nodes.push(toNode(name, raw, options.nodeTypeResource));
  }
  return { ok: true, nodes, wasRepaired: parsed.wasRepaired };
}

function toNode(name: string, raw: Record<string, unknown>, typeResource: string | undefined): PbsNode {
  const available = isPlainObject(raw.resources_available) ? raw.resources_available : {};
  const assigned = isPlainObject(raw.resources_assigned) ? raw.resources_assigned : {};
  const states = String(raw.state ?? 'state-unknown')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const state = STATE_PRIORITY.find((s) => states.includes(s)) ?? states[0] ?? 'state-unknown';
  const queueText = typeof raw.queue === 'string' ? raw.queue : String(available.Qlist ?? '');
  const node: PbsNode = {
    name,
    state,
    states,
    condition: classify(states),
    cpus: { available: parsePbsCount(available.ncpus), assigned: parsePbsCount(assigned.ncpus) },
    gpus: { available: parsePbsCount(available.ngpus), assigned: parsePbsCount(assigned.ngpus) },
    gpuType: typeof available.gpu_type === 'string' ? available.gpu_type : 'gpu',
    memoryBytes: { available: parsePbsSize(available.mem), assigned: parsePbsSize(assigned.mem) },
    queues: queueText.split(',').filter((q) => q !== ''),
    nodeType: String(available.nodetype ?? available.Qlist ?? ''),
    comment: typeof raw.comment === 'string' ? raw.comment : '',
  };
  const typeValue = typeResource === undefined ? undefined : available[typeResource];
  if (typeof typeValue === 'string' || typeof typeValue === 'number') {
    // A type name ends up in metric names and table rows: keep it short.
    const text = String(typeValue).trim().slice(0, MAX_TYPE_NAME_LENGTH);
    if (text !== '') node.typeResourceValue = text;
  }
  const changed = parsePbsCount(raw.last_state_change_time);
  if (changed > 0) node.since = new Date(changed * 1000).toISOString();
  return node;
}

function classify(states: string[]): NodeCondition {
  if (states.some((s) => DOWN.has(s))) return 'down';
  if (states.includes('maintenance')) return 'maintenance';
  if (states.includes('offline')) return 'drained';
  return 'usable';
}
