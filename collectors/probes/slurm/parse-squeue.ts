import { countGpus, parseGres } from './parse-gres.ts';

/** Job id, partition(s), state, user, reason, CPUs, TRES per node, nodes; `|`-separated, no padding. */
export const SQUEUE_FORMAT = '%i|%P|%T|%u|%r|%C|%b|%D';

/** `--array` prints one line per array task, so a 1,000-task array counts as 1,000 jobs. */
export const SQUEUE_ARGS = ['--noheader', '--array', `--format=${SQUEUE_FORMAT}`] as const;

export interface SqueueRow {
  id: string;
  /** A pending job may name several partitions ("batch,debug"). */
  partitions: string[];
  /** RUNNING, PENDING, SUSPENDED, COMPLETING, CONFIGURING… */
  state: string;
  user: string;
  /** Why it is pending ("Resources", "Priority"); "None" for running jobs. */
  reason: string;
  cpus: number;
  /** Nodes it holds (running) or asks for (pending); 1 when the line has no nodes column. */
  nodes: number;
  /** GPUs per node from the TRES column (`gres:gpu:2`, `gres/gpu:a100:1`); 0 when none or "N/A". */
  gpusPerNode: number;
  /**
   * How many jobs this line stands for: 1, or the number of tasks of a pending array that squeue
   * still prints as one line (`1234_[5-100%10]`).
   */
  count: number;
}

/** Parses `squeue` output in SQUEUE_FORMAT; a line without the first seven columns is skipped. */
export function parseSqueue(text: string): SqueueRow[] {
  const rows: SqueueRow[] = [];
  for (const line of text.split('\n')) {
    const parts = line.split('|');
    if (parts.length < 7) continue;
    const [id, partitions, state, user, reason, cpus, tres, nodes] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    const cpuCount = Number(cpus);
    const nodeCount = Number(nodes ?? '1');
    rows.push({
      id,
      partitions: partitions.includes(',') ? partitions.split(',').filter((p) => p !== '') : [partitions],
      state,
      user,
      reason,
      cpus: Number.isFinite(cpuCount) ? cpuCount : 0,
      nodes: Number.isFinite(nodeCount) ? nodeCount : 1,
      gpusPerNode: countTresGpus(tres),
      count: countArrayTasks(id),
    });
  }
  return rows;
}

/** `gres:gpu:2`, `gres/gpu:a100:1,gres:nvme:1` (the TRES per node squeue prints) → GPUs per node. */
export function countTresGpus(text: string): number {
  const items = parseGres(text.replaceAll(/(^|,)gres[:/]/g, '$1'));
  return Object.values(countGpus(items)).reduce((sum, n) => sum + n, 0);
}

/**
 * `123` → 1; `123_4` → 1; `123_[1-5,7,10-20:5%2]` → 9 (ranges, single ids and steps; the `%`
 * throttle does not change the count).
 */
export function countArrayTasks(id: string): number {
  if (!id.endsWith(']')) return 1;
  const bracket = /_\[([^\]]*)\]$/.exec(id);
  if (bracket === null) return 1;
  let count = 0;
  for (const piece of (bracket[1] ?? '').replace(/%\d+$/, '').split(',')) {
    const range = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(piece.trim());
    if (range === null) continue;
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    const step = Math.max(1, Number(range[3] ?? 1));
    if (last >= first) count += Math.floor((last - first) / step) + 1;
  }
  return Math.max(count, 1);
}
