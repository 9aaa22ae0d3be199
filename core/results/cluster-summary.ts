import { z } from 'zod';

// The shape both scheduler probes (slurm, pbs) reduce a cluster to; it is stored as the
// check's `detail` and is what the cluster pages render. Aggregates only, never one record
// per node, so a 2,500-node cluster costs about as many bytes as a web check.

/** Count of something per word the scheduler uses (state, GPU model, pending reason). */
const CountByWordSchema = z.record(z.string(), z.number());

/** How many nodes are in which condition; `byState` keeps the scheduler's own state words. */
export const NodeCountsSchema = z.object({
  total: z.number(),
  /** Can take new work now or on demand (idle, allocated, mixed, completing, powered-off cloud nodes). */
  usable: z.number(),
  /** Down, failed, not responding, or invalid. */
  down: z.number(),
  /** Drained or draining (taken out of service by an administrator, often with a reason). */
  drained: z.number(),
  /** In a maintenance reservation or state; planned, so not counted as down. */
  maintenance: z.number(),
  /** Scheduler state word (without flag suffixes) → node count, e.g. { alloc: 12, idle: 3 }. */
  byState: CountByWordSchema,
});
export type NodeCounts = z.infer<typeof NodeCountsSchema>;

export const CpuCountsSchema = z.object({
  allocated: z.number(),
  idle: z.number(),
  /** Cores on nodes that cannot be used (down, drained). */
  other: z.number(),
  total: z.number(),
});
export type CpuCounts = z.infer<typeof CpuCountsSchema>;

const AllocationSchema = z.object({ allocated: z.number(), total: z.number() });

export const GpuCountsSchema = z.object({
  allocated: z.number(),
  total: z.number(),
  /** GPU model ("a100", or "gpu" when untyped) → counts. */
  byType: z.record(z.string(), AllocationSchema),
});
export type GpuCounts = z.infer<typeof GpuCountsSchema>;

export const MemoryCountsSchema = z.object({
  allocatedBytes: z.number(),
  totalBytes: z.number(),
});
export type MemoryCounts = z.infer<typeof MemoryCountsSchema>;

/** A tally a stored summary lacks (a line written before it was kept) reads as empty. */
export const ResourceCountsSchema = z.object({
  nodes: NodeCountsSchema.default(() => emptyResources().nodes),
  cpus: CpuCountsSchema.default(() => emptyResources().cpus),
  gpus: GpuCountsSchema.default(() => emptyResources().gpus),
  memory: MemoryCountsSchema.default(() => emptyResources().memory),
});
export type ResourceCounts = z.infer<typeof ResourceCountsSchema>;

export const JobCountsSchema = z.object({
  running: z.number(),
  pending: z.number(),
  /** Suspended, held, completing, exiting… */
  other: z.number(),
});
export type JobCounts = z.infer<typeof JobCountsSchema>;

/** Jobs over the whole cluster. */
export const ClusterJobsSchema = JobCountsSchema.extend({
  /** Why jobs wait (SLURM's reason words) → jobs; empty for PBS, whose queue query does not say. */
  pendingReasons: CountByWordSchema,
  /**
   * Distinct users with running or pending jobs (SLURM: squeue; PBS: job owners in `qstat -f`,
   * running or queued); absent when the jobs were not listed (PBS without `jobs: true`).
   */
  activeUsers: z.number().exactOptional(),
});
export type ClusterJobs = z.infer<typeof ClusterJobsSchema>;

export const PartitionAllocationSchema = z.object({ cpus: z.number(), gpus: z.number(), nodes: z.number() });
export type PartitionAllocation = z.infer<typeof PartitionAllocationSchema>;

/** A SLURM partition or a PBS queue. */
export const PartitionSummarySchema = z.object({
  name: z.string(),
  isDefault: z.boolean(),
  /** "up", "down", "drain", "inactive" (SLURM); "enabled, started" style words (PBS). */
  availability: z.string(),
  /** Absent for PBS queues that name no nodes. */
  resources: ResourceCountsSchema.exactOptional(),
  jobs: JobCountsSchema,
  /** Distinct users with running or pending jobs here; absent when the jobs were not listed. */
  activeUsers: z.number().exactOptional(),
  /**
   * What the running jobs of this queue/partition hold: PBS from exec_vnode (else Resource_List),
   * SLURM from squeue's CPUs, NodeList and allocated (else requested) TRES. Nodes are distinct
   * where the scheduler names them, and never more than the nodes that run jobs there.
   */
  allocated: PartitionAllocationSchema.exactOptional(),
});
export type PartitionSummary = z.infer<typeof PartitionSummarySchema>;

/**
 * Nodes of one type. Without a node-type config (pbs `nodeTypeResource`, slurm `nodeTypeFeatures`)
 * a type is nodes with the same features, GRES/GPUs, cores and memory, and only the first six
 * fields are stored (as before they existed); with one, a type is the nodes sharing that
 * property's value, and every field is stored. The counts are optional, so lines of either kind
 * read back unchanged; `name` is present exactly when the counts are.
 */
export const NodeTypeSchema = z.object({
  /** Features (SLURM) or node type resource (PBS), "" when none. */
  features: z.string(),
  gpus: z.string(),
  /** Cores, memory and GPUs of the type's most common node. */
  cpusPerNode: z.number(),
  memoryBytesPerNode: z.number(),
  nodes: z.number(),
  usable: z.number(),
  /** The configured property's value ("gpu-v100"), else the node's features ("standard" when none). */
  name: z.string().exactOptional(),
  /**
   * Usable nodes running no job (shown as "Idle"): they can take a whole job now. PBS `free` nodes
   * running a job are `allocated`, not here. available + allocated + down + maintenance = nodes.
   */
  available: z.number().exactOptional(),
  /** Nodes running at least one job (all or part of their cores), draining/offline ones included. */
  allocated: z.number().exactOptional(),
  /** Down plus drained/offline nodes running nothing (`drained` says how many of them are drained). */
  down: z.number().exactOptional(),
  /** Drained (SLURM) or offline (PBS) nodes running nothing, counted in `down` too. */
  drained: z.number().exactOptional(),
  /** Nodes in maintenance (a maintenance reservation or state): planned, so not down. */
  maintenance: z.number().exactOptional(),
  /** Cores of all the type's nodes, and those allocated to jobs. */
  cpus: AllocationSchema.exactOptional(),
  /**
   * The cores `utilisationPercent` is of: usable nodes' cores plus the busy cores of draining
   * nodes, and those allocated.
   */
  cpusUsable: AllocationSchema.exactOptional(),
  /** The GPU counts (`gpus` already names the GRES text, so the contract's `gpus` is stored here). */
  gpuAllocation: AllocationSchema.exactOptional(),
  /** `cpusUsable` allocated as a share of its total, to one decimal. */
  utilisationPercent: z.number().exactOptional(),
  /** GPU model ("a100", "v100"; "gpu" when untyped; models joined by "," when mixed); "" without GPUs. */
  gpuModel: z.string().exactOptional(),
  gpusPerNode: z.number().exactOptional(),
});
export type NodeType = z.infer<typeof NodeTypeSchema>;

export const ProblemNodeSchema = z.object({
  name: z.string(),
  state: z.string(),
  reason: z.string(),
  /** ISO time the reason was set, when the scheduler says. */
  since: z.string().exactOptional(),
});
export type ProblemNode = z.infer<typeof ProblemNodeSchema>;

export const ReservationSchema = z.object({
  name: z.string(),
  /** ISO 8601. */
  start: z.string(),
  end: z.string(),
  nodes: z.string(),
  nodeCount: z.number(),
  flags: z.array(z.string()),
  isMaintenance: z.boolean(),
  isActive: z.boolean(),
  /** The reservation's queue (PBS, e.g. "R123") or partition (SLURM PartitionName); absent when none. */
  queue: z.string().exactOptional(),
});
export type Reservation = z.infer<typeof ReservationSchema>;

/**
 * A cluster as one run saw it. Parts a stored line lacks read as unknown or empty (jobs and
 * reservations null, lists empty), so lines from before a part was kept still render.
 */
export const ClusterSummarySchema = z.object({
  scheduler: z.enum(['slurm', 'pbs']),
  cluster: z.string().exactOptional(),
  resources: ResourceCountsSchema,
  /** null when the job query failed. */
  jobs: ClusterJobsSchema.nullable().default(null),
  partitions: z.array(PartitionSummarySchema),
  nodeTypes: z.array(NodeTypeSchema).default(() => []),
  /** Down, drained and maintenance nodes with reasons, at most the configured number. */
  problemNodes: z.array(ProblemNodeSchema).default(() => []),
  /** Problem nodes left out of `problemNodes` by the cap. */
  problemNodesOmitted: z.number().default(0),
  /** null when the reservation query failed. */
  reservations: z.array(ReservationSchema).nullable().default(null),
});
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

/** What a scheduler probe stores as `detail`: its summary, plus notes on what it could not ask or count. */
export function describeClusterDetail<Scheduler extends ClusterSummary['scheduler']>(scheduler: Scheduler) {
  return ClusterSummarySchema.extend({
    scheduler: z.literal(scheduler),
    /** "squeue failed: …", "sinfo output was cut at 1048576 bytes": the run's figures are partial. */
    notes: z.array(z.string()).exactOptional(),
  });
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

/** One node's share of the counts, already normalised by a scheduler parser (never stored). */
export interface NodeFacts {
  state: string;
  condition: NodeCondition;
  cpus: CpuCounts;
  gpus: GpuCounts['byType'];
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
