import type { NodeCondition, NodeType } from '../../../core/results/cluster-summary.ts';

// Node types for both schedulers. Without a node-type config a type is the nodes sharing
// features, GPUs, cores and memory, stored with its first six fields only (so the data of a site
// that names no node-type property stays byte for byte what it was); with one, a type is the
// nodes sharing that property's value, counted in full (name, available, allocated, down,
// maintenance, cores, GPUs): every node is in exactly one of available (usable, running nothing),
// allocated (running a job, draining ones too), down (down, or drained/offline and idle) and maintenance.

/** One node as the node-type tally sees it, already normalised by a scheduler's aggregator. */
export interface NodeTypeFacts {
  /** The configured property's value; undefined when the config names none or the node lacks it. */
  typeName: string | undefined;
  /** Features (SLURM) or node-type resource (PBS); "" when none. */
  features: string;
  /** GRES text, e.g. "gpu:a100:4"; "" without GPUs. */
  gpus: string;
  gpuModel: string;
  gpuCount: number;
  gpusAllocated: number;
  cpusTotal: number;
  cpusAllocated: number;
  memoryBytes: number;
  condition: NodeCondition;
  /** Running at least one job. */
  isAllocated: boolean;
}

/** A type with every count, as a config that names types stores it. */
type CountedNodeType = Required<NodeType>;

interface TypeTally {
  type: CountedNodeType;
  /** Spec key → nodes, to report the most common node's cores, memory and GPUs. */
  specs: Map<string, { count: number; facts: NodeTypeFacts }>;
  models: Set<string>;
}

/** Types kept by name; the nodes of any further type are counted under "other" (a property unique per node). */
export const MAX_NODE_TYPES = 50;

/** Collects nodes into types; `isDetailed` says whether the config names a node-type property. */
export function createNodeTypeTally(isDetailed: boolean) {
  const tallies = new Map<string, TypeTally>();
  return {
    add(node: NodeTypeFacts): void {
      const specKey = [node.features, node.gpus, node.cpusTotal, node.memoryBytes].join('|');
      let name = node.typeName ?? (node.features === '' ? 'standard' : node.features);
      if (isDetailed && !tallies.has(name) && tallies.size >= MAX_NODE_TYPES - 1) name = 'other';
      const key = isDetailed ? name : specKey;
      let tally = tallies.get(key);
      if (tally === undefined) {
        tally = {
          type: startType(node, name),
          specs: new Map(),
          models: new Set(),
        };
        tallies.set(key, tally);
      }
      const type = tally.type;
      type.nodes += 1;
      if (node.condition === 'usable') type.usable += 1;
      if (!isDetailed) return;
      const spec = tally.specs.get(specKey) ?? { count: 0, facts: node };
      spec.count += 1;
      tally.specs.set(specKey, spec);
      for (const model of node.gpuModel.split(',')) if (model !== '') tally.models.add(model);
      if (node.condition === 'usable') {
        if (node.isAllocated) type.allocated += 1;
        else type.available += 1;
        type.cpusUsable.total += node.cpusTotal;
        type.cpusUsable.allocated += node.cpusAllocated;
      } else if (node.condition === 'drained' && node.isAllocated) {
        // Draining (SLURM `drng`, `mix+drain`) or offline with jobs (PBS): its jobs run on, so it
        // is allocated; its busy cores count as used, its idle ones cannot take work.
        type.allocated += 1;
        type.cpusUsable.total += node.cpusAllocated;
        type.cpusUsable.allocated += node.cpusAllocated;
      } else if (node.condition === 'maintenance') type.maintenance += 1;
      else {
        type.down += 1;
        if (node.condition === 'drained') type.drained += 1;
      }
      type.cpus.total += node.cpusTotal;
      type.cpus.allocated += node.cpusAllocated;
      type.gpuAllocation.total += node.gpuCount;
      type.gpuAllocation.allocated += node.gpusAllocated;
    },
    /** The types, most nodes first (by name among equals when detailed). */
    list(): NodeType[] {
      const types = [...tallies.values()].map((tally) => (isDetailed ? finishType(tally) : tally.type));
      types.sort(
        (a, b) =>
          b.nodes - a.nodes || (isDetailed ? a.name.localeCompare(b.name, 'en', { numeric: true }) : 0),
      );
      return isDetailed ? types : types.map(toSpecType);
    },
  };
}

/** The six fields a type had before types could be named: all a config without a node-type property stores. */
function toSpecType({ features, gpus, cpusPerNode, memoryBytesPerNode, nodes, usable }: NodeType): NodeType {
  return { features, gpus, cpusPerNode, memoryBytesPerNode, nodes, usable };
}

function startType(node: NodeTypeFacts, name: string): CountedNodeType {
  return {
    features: node.features,
    gpus: node.gpus,
    cpusPerNode: node.cpusTotal,
    memoryBytesPerNode: node.memoryBytes,
    nodes: 0,
    usable: 0,
    name,
    available: 0,
    allocated: 0,
    down: 0,
    drained: 0,
    maintenance: 0,
    cpus: { allocated: 0, total: 0 },
    cpusUsable: { allocated: 0, total: 0 },
    gpuAllocation: { allocated: 0, total: 0 },
    utilisationPercent: 0,
    gpuModel: '',
    gpusPerNode: 0,
  };
}

function finishType(tally: TypeTally): CountedNodeType {
  let common: { count: number; facts: NodeTypeFacts } | undefined;
  for (const spec of tally.specs.values())
    if (common === undefined || spec.count > common.count) common = spec;
  const type = tally.type;
  if (common !== undefined) {
    type.features = common.facts.features;
    type.gpus = common.facts.gpus;
    type.cpusPerNode = common.facts.cpusTotal;
    type.memoryBytesPerNode = common.facts.memoryBytes;
    type.gpusPerNode = common.facts.gpuCount;
  }
  type.gpuModel = [...tally.models].sort().join(',');
  type.utilisationPercent = percent(type.cpusUsable.allocated, type.cpusUsable.total);
  return type;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}
