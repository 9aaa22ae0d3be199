// The shape both scheduler probes (slurm, pbs) reduce a cluster to; it is stored as the
// check's `detail` and is what the cluster pages render. Aggregates only, never one record
// per node, so a 2,500-node cluster costs about as many bytes as a web check.

/** How many nodes are in which condition; `byState` keeps the scheduler's own state words. */
export interface NodeCounts {
  total: number;
  /** Can take new work now or on demand (idle, allocated, mixed, completing, powered-off cloud nodes). */
  usable: number;
  /** Down, failed, not responding, or invalid. */
  down: number;
  /** Drained or draining (taken out of service by an administrator, often with a reason). */
  drained: number;
  /** In a maintenance reservation or state; planned, so not counted as down. */
  maintenance: number;
  /** Scheduler state word (without flag suffixes) → node count, e.g. { alloc: 12, idle: 3 }. */
  byState: Record<string, number>;
}

export interface CpuCounts {
  allocated: number;
  idle: number;
  /** Cores on nodes that cannot be used (down, drained). */
  other: number;
  total: number;
}

export interface GpuCounts {
  allocated: number;
  total: number;
  /** GPU model ("a100", or "gpu" when untyped) → counts. */
  byType: Record<string, { allocated: number; total: number }>;
}

export interface MemoryCounts {
  allocatedBytes: number;
  totalBytes: number;
}

export interface ResourceCounts {
  nodes: NodeCounts;
  cpus: CpuCounts;
  gpus: GpuCounts;
  memory: MemoryCounts;
}

export interface JobCounts {
  running: number;
  pending: number;
  /** Suspended, held, completing, exiting… */
  other: number;
}

/** Jobs over the whole cluster. */
export interface ClusterJobs extends JobCounts {
  /** Why jobs wait (SLURM's reason words) → jobs; empty for PBS, whose queue query does not say. */
  pendingReasons: Record<string, number>;
  /** Distinct users with running or pending jobs; absent for PBS (it would need `qstat -f`). */
  activeUsers?: number;
}

/** A SLURM partition or a PBS queue. */
export interface PartitionSummary {
  name: string;
  isDefault: boolean;
  /** "up", "down", "drain", "inactive" (SLURM); "enabled, started" style words (PBS). */
  availability: string;
  /** Absent for PBS queues that name no nodes. */
  resources?: ResourceCounts;
  jobs: JobCounts;
}

/** Nodes with the same features, GRES/GPUs, cores and memory. */
export interface NodeType {
  /** Features (SLURM) or node type resource (PBS), "" when none. */
  features: string;
  gpus: string;
  cpusPerNode: number;
  memoryBytesPerNode: number;
  nodes: number;
  usable: number;
}

export interface ProblemNode {
  name: string;
  state: string;
  reason: string;
  /** ISO time the reason was set, when the scheduler says. */
  since?: string;
}

export interface Reservation {
  name: string;
  /** ISO 8601. */
  start: string;
  end: string;
  nodes: string;
  nodeCount: number;
  flags: string[];
  isMaintenance: boolean;
  isActive: boolean;
}

export interface ClusterSummary {
  scheduler: 'slurm' | 'pbs';
  cluster?: string;
  resources: ResourceCounts;
  /** null when the job query failed. */
  jobs: ClusterJobs | null;
  partitions: PartitionSummary[];
  nodeTypes: NodeType[];
  /** Down, drained and maintenance nodes with reasons, at most the configured number. */
  problemNodes: ProblemNode[];
  /** Problem nodes left out of `problemNodes` by the cap. */
  problemNodesOmitted: number;
  /** null when the reservation query failed. */
  reservations: Reservation[] | null;
}

export function emptyResources(): ResourceCounts {
  return {
    nodes: { total: 0, usable: 0, down: 0, drained: 0, maintenance: 0, byState: {} },
    cpus: { allocated: 0, idle: 0, other: 0, total: 0 },
    gpus: { allocated: 0, total: 0, byType: {} },
    memory: { allocatedBytes: 0, totalBytes: 0 },
  };
}

export function emptyJobs(): JobCounts {
  return { running: 0, pending: 0, other: 0 };
}

/** Where a node stands for counting, whatever the scheduler calls it. */
export type NodeCondition = 'usable' | 'down' | 'drained' | 'maintenance';

/** One node's share of the counts, already normalised by a scheduler parser. */
export interface NodeFacts {
  state: string;
  condition: NodeCondition;
  cpus: { allocated: number; idle: number; other: number; total: number };
  gpus: Record<string, { allocated: number; total: number }>;
  memoryTotalBytes: number;
  memoryAllocatedBytes: number;
}

/** Adds one node to a tally (cluster, partition or node type). */
export function addNode(into: ResourceCounts, node: NodeFacts): void {
  const nodes = into.nodes;
  nodes.total += 1;
  nodes[node.condition] += 1;
  nodes.byState[node.state] = (nodes.byState[node.state] ?? 0) + 1;
  into.cpus.allocated += node.cpus.allocated;
  into.cpus.idle += node.cpus.idle;
  into.cpus.other += node.cpus.other;
  into.cpus.total += node.cpus.total;
  for (const [type, gpu] of Object.entries(node.gpus)) {
    const slot = into.gpus.byType[type] ?? { allocated: 0, total: 0 };
    into.gpus.byType[type] = slot;
    slot.allocated += gpu.allocated;
    slot.total += gpu.total;
    into.gpus.allocated += gpu.allocated;
    into.gpus.total += gpu.total;
  }
  into.memory.totalBytes += node.memoryTotalBytes;
  into.memory.allocatedBytes += node.memoryAllocatedBytes;
}

/** Orders problem nodes (down first, then drained, then maintenance) and caps the list. */
export function capProblemNodes(
  nodes: Array<ProblemNode & { condition: NodeCondition }>,
  max: number,
): { problemNodes: ProblemNode[]; problemNodesOmitted: number } {
  const rank: Record<NodeCondition, number> = { down: 0, drained: 1, maintenance: 2, usable: 3 };
  const sorted = [...nodes].sort(
    (a, b) => rank[a.condition] - rank[b.condition] || a.name.localeCompare(b.name, 'en', { numeric: true }),
  );
  return {
    problemNodes: sorted.slice(0, max).map(({ condition: _condition, ...node }) => node),
    problemNodesOmitted: Math.max(0, sorted.length - max),
  };
}
