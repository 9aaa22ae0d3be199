import type { PartitionAllocation } from '../../../core/results/cluster-summary.ts';
import type { PbsJob } from './parse-qstat-jobs.ts';

/** Running (R), an array with running subjobs (B), or queued (Q): the jobs whose owners are active. */
const ACTIVE_STATES = new Set(['R', 'B', 'Q']);

export interface PbsJobFigures {
  /** Distinct owners of active jobs in the wanted queues. */
  activeUsers: number;
  /** Per queue: distinct active owners, and what its running jobs hold. */
  byQueue: Map<string, { activeUsers: number; allocated: PartitionAllocation }>;
}

/**
 * Reduces `qstat -f` jobs to users and allocations per queue. Nodes are distinct hosts where
 * exec_vnode names them (two jobs sharing a node count it once; a subjob listed by `qstat -t`
 * counts its own hosts, and its parent then adds nothing). An array's parent listed without its
 * subjobs says only Resource_List.nodect per running subjob, which may share nodes: those nodes
 * are capped by `maxNodes(queue)` (pbsnodes' busy nodes of the queue), so a queue never holds
 * more nodes than are running jobs.
 */
export function countPbsJobs(
  jobs: readonly PbsJob[],
  isWanted: (queue: string) => boolean,
  maxNodes: (queue: string) => number = () => Number.POSITIVE_INFINITY,
): PbsJobFigures {
  const users = new Set<string>();
  const queues = new Map<
    string,
    { users: Set<string>; cpus: number; gpus: number; hosts: Set<string>; extraNodes: number }
  >();
  const listedArrays = new Set<string>();
  for (const job of jobs) if (job.array !== undefined && !job.array.isParent) listedArrays.add(job.array.id);
  for (const job of jobs) {
    if (!isWanted(job.queue)) continue;
    let queue = queues.get(job.queue);
    if (queue === undefined) {
      queue = { users: new Set(), cpus: 0, gpus: 0, hosts: new Set(), extraNodes: 0 };
      queues.set(job.queue, queue);
    }
    if (ACTIVE_STATES.has(job.state) && job.owner !== '') {
      users.add(job.owner);
      queue.users.add(job.owner);
    }
    // The subjobs are listed: they say what the array holds.
    if (job.array?.isParent === true && listedArrays.has(job.array.id)) continue;
    queue.cpus += job.allocated.cpus;
    queue.gpus += job.allocated.gpus;
    if (job.hosts.length > 0) for (const host of job.hosts) queue.hosts.add(host);
    else queue.extraNodes += job.allocated.nodes;
  }
  const byQueue: PbsJobFigures['byQueue'] = new Map();
  for (const [name, queue] of queues) {
    const nodes = Math.max(queue.hosts.size, Math.min(queue.hosts.size + queue.extraNodes, maxNodes(name)));
    byQueue.set(name, {
      activeUsers: queue.users.size,
      allocated: { cpus: queue.cpus, gpus: queue.gpus, nodes },
    });
  }
  return { activeUsers: users.size, byQueue };
}
