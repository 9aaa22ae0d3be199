import {
  addNode,
  type ClusterJobs,
  capProblemNodes,
  emptyJobs,
  emptyResources,
  type NodeCondition,
  type NodeFacts,
  type PartitionSummary,
  type ProblemNode,
  type Reservation,
} from '../../../core/results/cluster-summary.ts';
import type { SlurmSummary } from '../../../core/results/slurm.ts';
import { createNodeTypeTally, type NodeTypeFacts } from '../cluster/node-types.ts';
import { classifyNodeState } from './node-state.ts';
import { countGpus } from './parse-gres.ts';
import type { SinfoRow } from './parse-sinfo.ts';
import type { SqueueRow } from './parse-squeue.ts';

const MIB = 1_048_576;
/** Distinct pending reasons kept; the rest are counted under "other". */
const MAX_PENDING_REASONS = 20;

export interface SlurmFacts {
  cluster?: string;
  nodes: SinfoRow[];
  /** null when squeue failed. */
  jobs: SqueueRow[] | null;
  /** null when scontrol failed. */
  reservations: Reservation[] | null;
  maxProblemNodes: number;
  /** The check's `nodeTypeFeatures`: a node's type is the first of these it has, counted in full. */
  nodeTypeFeatures?: readonly string[];
}

/**
 * Reduces sinfo/squeue/scontrol rows to a cluster summary. sinfo prints a node once per
 * partition; cluster totals count each node once, partitions count their own nodes.
 */
export function aggregateSlurm(facts: SlurmFacts): SlurmSummary {
  const resources = emptyResources();
  const partitions = new Map<string, PartitionSummary>();
  const types = createNodeTypeTally(facts.nodeTypeFeatures !== undefined);
  const problems: Array<ProblemNode & { condition: NodeCondition }> = [];
  const seen = new Set<string>();
  for (const row of facts.nodes) {
    const node = toNodeFacts(row);
    const partition = ensurePartition(partitions, row);
    partition.resources ??= emptyResources();
    addNode(partition.resources, node);
    if (seen.has(row.node)) continue;
    seen.add(row.node);
    addNode(resources, node);
    types.add(toNodeTypeFacts(row, node, facts.nodeTypeFeatures));
    if (node.condition !== 'usable') problems.push(toProblemNode(row, node.condition));
  }
  const jobs = facts.jobs === null ? null : countJobs(facts.jobs, partitions, countBusyNodes(facts.nodes));
  return {
    scheduler: 'slurm',
    ...(facts.cluster === undefined ? {} : { cluster: facts.cluster }),
    resources,
    jobs,
    partitions: [...partitions.values()],
    nodeTypes: types.list(),
    ...capProblemNodes(problems, facts.maxProblemNodes),
    reservations: facts.reservations,
  };
}

function toNodeFacts(row: SinfoRow): NodeFacts {
  const { state, condition } = classifyNodeState(row.stateCompact, row.stateComplete);
  const totals = countGpus(row.gres);
  const used = countGpus(row.gresUsed);
  const gpus: NodeFacts['gpus'] = {};
  for (const [type, total] of Object.entries(totals)) gpus[type] = { allocated: 0, total };
  const onlyType = Object.keys(totals).length === 1 ? Object.keys(totals)[0] : undefined;
  for (const [type, allocated] of Object.entries(used)) {
    // A node configured with untyped GPUs may report typed usage (or the reverse): one model, one slot.
    const slot = gpus[type] ?? (onlyType === undefined ? undefined : gpus[onlyType]);
    if (slot === undefined) gpus[type] = { allocated, total: 0 };
    else slot.allocated += allocated;
  }
  return {
    state,
    condition,
    cpus: row.cpus,
    gpus,
    memoryTotalBytes: row.memoryMiB * MIB,
    memoryAllocatedBytes: row.allocatedMemoryMiB * MIB,
  };
}

function ensurePartition(partitions: Map<string, PartitionSummary>, row: SinfoRow): PartitionSummary {
  let partition = partitions.get(row.partition);
  if (partition === undefined) {
    partition = {
      name: row.partition,
      isDefault: row.isDefaultPartition,
      availability: row.availability,
      resources: emptyResources(),
      jobs: emptyJobs(),
    };
    partitions.set(row.partition, partition);
  }
  return partition;
}

/** States of a node that runs a job (sinfo's compact words), whatever its allocated-core count says. */
const JOB_STATES = new Set(['alloc', 'mix', 'comp', 'allocated', 'mixed', 'completing']);

function toNodeTypeFacts(
  row: SinfoRow,
  node: NodeFacts,
  typeFeatures: readonly string[] | undefined,
): NodeTypeFacts {
  const gpus = row.gres
    .map((g) => [g.name, g.type, g.count].filter((p) => p !== undefined).join(':'))
    .join(',');
  const own = row.features === '' ? [] : row.features.split(',').map((f) => f.trim());
  const slots = Object.entries(node.gpus);
  const gpuAllocated = slots.reduce((sum, [, gpu]) => sum + Math.min(gpu.allocated, gpu.total), 0);
  return {
    typeName: typeFeatures?.find((feature) => own.includes(feature)),
    features: row.features,
    gpus,
    gpuModel: slots
      .filter(([, gpu]) => gpu.total > 0)
      .map(([model]) => model)
      .sort()
      .join(','),
    gpuCount: slots.reduce((sum, [, gpu]) => sum + gpu.total, 0),
    gpusAllocated: gpuAllocated,
    cpusTotal: row.cpus.total,
    cpusAllocated: row.cpus.allocated,
    memoryBytes: row.memoryMiB * MIB,
    condition: node.condition,
    isAllocated: runsJobs(row, node.state) || gpuAllocated > 0,
  };
}

/** sinfo says the node runs a job: cores allocated, or a job state (`mix+drain`'s draining word is `drng`). */
function runsJobs(row: SinfoRow, state: string): boolean {
  if (row.cpus.allocated > 0 || JOB_STATES.has(state)) return true;
  return row.stateComplete
    .toLowerCase()
    .split('+')
    .some((flag) => JOB_STATES.has(flag));
}

/** Per partition, the nodes sinfo shows running jobs: no partition holds more nodes than these. */
function countBusyNodes(rows: readonly SinfoRow[]): Map<string, number> {
  const busy = new Map<string, number>();
  for (const row of rows) {
    const { state } = classifyNodeState(row.stateCompact, row.stateComplete);
    if (runsJobs(row, state)) busy.set(row.partition, (busy.get(row.partition) ?? 0) + 1);
  }
  return busy;
}

function toProblemNode(row: SinfoRow, condition: NodeCondition): ProblemNode & { condition: NodeCondition } {
  return {
    name: row.node,
    state: row.stateCompact,
    reason: row.reason,
    ...(row.reasonSince === undefined ? {} : { since: row.reasonSince }),
    condition,
  };
}

function countJobs(
  rows: SqueueRow[],
  partitions: Map<string, PartitionSummary>,
  busyNodes: ReadonlyMap<string, number>,
): ClusterJobs {
  const totals: ClusterJobs = { ...emptyJobs(), pendingReasons: {}, activeUsers: 0 };
  const users = new Set<string>();
  const partitionUsers = new Map<string, Set<string>>();
  // Nodes each partition's running jobs hold: distinct hosts of NodeList, plus NumNodes of a job
  // squeue printed without one (older output), at most the partition's nodes sinfo shows busy.
  const partitionHosts = new Map<string, { hosts: Set<string>; unnamed: number }>();
  for (const partition of partitions.values()) {
    partitionUsers.set(partition.name, new Set());
    partitionHosts.set(partition.name, { hosts: new Set(), unnamed: 0 });
    partition.activeUsers = 0;
    partition.allocated = { cpus: 0, gpus: 0, nodes: 0 };
  }
  const reasons = new Map<string, number>();
  for (const row of rows) {
    const kind = row.state === 'RUNNING' ? 'running' : row.state === 'PENDING' ? 'pending' : 'other';
    totals[kind] += row.count;
    if (kind !== 'other') users.add(row.user);
    if (kind === 'pending') countReason(reasons, normalizeReason(row.reason), row.count);
    // A running job is in one partition; a pending one is waiting in each it names.
    const names = kind === 'running' ? row.partitions.slice(0, 1) : row.partitions;
    for (const name of names) {
      const partition = partitions.get(name);
      if (partition === undefined) continue;
      partition.jobs[kind] += row.count;
      if (kind !== 'other') partitionUsers.get(name)?.add(row.user);
      // What a running job holds; a node shared by two jobs counts once.
      if (kind === 'running' && partition.allocated !== undefined) {
        partition.allocated.cpus += row.cpus;
        partition.allocated.gpus += row.gpus;
        const held = partitionHosts.get(name);
        if (held === undefined) continue;
        if (row.hosts.length > 0) for (const host of row.hosts) held.hosts.add(host);
        else held.unnamed += row.nodes;
      }
    }
  }
  for (const partition of partitions.values()) {
    partition.activeUsers = partitionUsers.get(partition.name)?.size ?? 0;
    const held = partitionHosts.get(partition.name);
    if (partition.allocated === undefined || held === undefined) continue;
    const total = partition.resources?.nodes.total ?? 0;
    const busy = busyNodes.get(partition.name) ?? 0;
    partition.allocated.nodes = Math.min(
      held.hosts.size + held.unnamed,
      total,
      Math.max(busy, held.hosts.size),
    );
  }
  totals.activeUsers = users.size;
  totals.pendingReasons = Object.fromEntries(reasons);
  return totals;
}

// "ReqNodeNotAvail, UnavailableNodes:node[01-40]" names nodes; keep the reason, not the list.
function normalizeReason(reason: string): string {
  if (!reason.includes('UnavailableNodes')) return reason || 'None';
  return reason.replace(/,?\s*UnavailableNodes:.*$/, '').trim() || 'None';
}

function countReason(reasons: Map<string, number>, reason: string, count: number): void {
  const key = reasons.has(reason) || reasons.size < MAX_PENDING_REASONS ? reason : 'other';
  reasons.set(key, (reasons.get(key) ?? 0) + count);
}
