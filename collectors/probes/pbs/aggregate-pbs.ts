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
  type ResourceCounts,
} from '../../../core/results/cluster-summary.ts';
import type { PbsSummary } from '../../../core/results/pbs.ts';
import { createNodeTypeTally, type NodeTypeFacts } from '../cluster/node-types.ts';
import { countPbsJobs } from './count-pbs-jobs.ts';
import type { PbsNode } from './parse-pbsnodes.ts';
import type { PbsJob } from './parse-qstat-jobs.ts';
import type { PbsQueue } from './parse-qstat-queues.ts';

export interface PbsFacts {
  cluster?: string;
  nodes: PbsNode[];
  /** null when qstat failed. */
  queues: PbsQueue[] | null;
  /** null when pbs_rstat failed. */
  reservations: Reservation[] | null;
  /** `qstat -f` jobs; absent when not asked (`jobs: false`), null when it failed. */
  jobs?: PbsJob[] | null;
  maxProblemNodes: number;
  /** Only these queues (and their nodes); empty means all. */
  onlyQueues: readonly string[];
  /** The check's `nodeTypeResource`: node types by that resource's value, counted in full. */
  nodeTypeResource?: string;
}

/** Reduces pbsnodes/qstat -Q/pbs_rstat to the same cluster summary as SLURM's; queues play partitions. */
export function aggregatePbs(facts: PbsFacts): PbsSummary {
  const only = new Set(facts.onlyQueues);
  const wanted = (queue: string) => only.size === 0 || only.has(queue);
  const resources = emptyResources();
  const queueResources = new Map<string, ResourceCounts>();
  const types = createNodeTypeTally(facts.nodeTypeResource !== undefined);
  const problems: Array<ProblemNode & { condition: NodeCondition }> = [];
  // Nodes running jobs, per queue and in all: no queue's jobs hold more nodes than these.
  const busyByQueue = new Map<string, number>();
  let busy = 0;
  for (const node of facts.nodes) {
    if (only.size > 0 && !node.queues.some(wanted)) continue;
    const nodeFacts = toNodeFacts(node);
    const typeFacts = toNodeTypeFacts(node);
    addNode(resources, nodeFacts);
    if (typeFacts.isAllocated) busy += 1;
    for (const queue of node.queues) {
      if (!wanted(queue)) continue;
      const tally = queueResources.get(queue) ?? emptyResources();
      queueResources.set(queue, tally);
      addNode(tally, nodeFacts);
      if (typeFacts.isAllocated) busyByQueue.set(queue, (busyByQueue.get(queue) ?? 0) + 1);
    }
    types.add(typeFacts);
    if (node.condition !== 'usable') {
      problems.push({
        name: node.name,
        state: node.states.join(','),
        reason: node.comment,
        ...(node.since === undefined ? {} : { since: node.since }),
        condition: node.condition,
      });
    }
  }
  const queues = (facts.queues ?? []).filter((q) => wanted(q.name));
  // A queue that names no nodes (its jobs go where a resource says) is bounded by the cluster's busy nodes.
  const maxNodes = (queue: string) => (queueResources.has(queue) ? (busyByQueue.get(queue) ?? 0) : busy);
  const figures = facts.jobs == null ? undefined : countPbsJobs(facts.jobs, wanted, maxNodes);
  const partitions: PartitionSummary[] = queues.map((queue) => {
    const own = queueResources.get(queue.name);
    return {
      name: queue.name,
      isDefault: false,
      availability: describeAvailability(queue),
      ...(own === undefined ? {} : { resources: own }),
      jobs: queue.jobs,
      ...(figures === undefined
        ? {}
        : (figures.byQueue.get(queue.name) ?? { activeUsers: 0, allocated: { cpus: 0, gpus: 0, nodes: 0 } })),
    };
  });
  return {
    scheduler: 'pbs',
    ...(facts.cluster === undefined ? {} : { cluster: facts.cluster }),
    resources,
    jobs:
      facts.queues === null
        ? null
        : { ...sumJobs(queues), ...(figures === undefined ? {} : { activeUsers: figures.activeUsers }) },
    partitions,
    nodeTypes: types.list(),
    ...capProblemNodes(problems, facts.maxProblemNodes),
    reservations: facts.reservations,
  };
}

function toNodeFacts(node: PbsNode): NodeFacts {
  const cpusTotal = node.cpus.available;
  const cpusAllocated = Math.min(node.cpus.assigned, cpusTotal);
  const free = cpusTotal - cpusAllocated;
  const isUsable = node.condition === 'usable';
  return {
    state: node.state,
    condition: node.condition,
    cpus: {
      allocated: cpusAllocated,
      idle: isUsable ? free : 0,
      other: isUsable ? 0 : free,
      total: cpusTotal,
    },
    gpus:
      node.gpus.available > 0 || node.gpus.assigned > 0
        ? { [node.gpuType]: { allocated: node.gpus.assigned, total: node.gpus.available } }
        : {},
    memoryTotalBytes: node.memoryBytes.available,
    memoryAllocatedBytes: node.memoryBytes.assigned,
  };
}

/** A node runs a job when it holds assigned cores or GPUs, or PBS says a job holds it. */
const JOB_STATES = ['job-exclusive', 'job-busy'];

function toNodeTypeFacts(node: PbsNode): NodeTypeFacts {
  const hasGpus = node.gpus.available > 0;
  return {
    typeName: node.typeResourceValue,
    features: node.nodeType,
    gpus: hasGpus ? `${node.gpuType}:${node.gpus.available}` : '',
    gpuModel: hasGpus ? node.gpuType : '',
    gpuCount: node.gpus.available,
    gpusAllocated: Math.min(node.gpus.assigned, node.gpus.available),
    cpusTotal: node.cpus.available,
    cpusAllocated: Math.min(node.cpus.assigned, node.cpus.available),
    memoryBytes: node.memoryBytes.available,
    condition: node.condition,
    isAllocated:
      node.cpus.assigned > 0 || node.gpus.assigned > 0 || node.states.some((s) => JOB_STATES.includes(s)),
  };
}

function describeAvailability(queue: PbsQueue): string {
  if (queue.isEnabled && queue.isStarted) return 'up';
  if (queue.isEnabled) return 'not started';
  if (queue.isStarted) return 'disabled';
  return 'down';
}

function sumJobs(queues: PbsQueue[]): ClusterJobs {
  const totals: ClusterJobs = { ...emptyJobs(), pendingReasons: {} };
  for (const queue of queues) {
    totals.running += queue.jobs.running;
    totals.pending += queue.jobs.pending;
    totals.other += queue.jobs.other;
  }
  return totals;
}
