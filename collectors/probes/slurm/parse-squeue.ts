import { countGpus, parseGres } from './parse-gres.ts';

/**
 * The squeue columns (`--Format`, Slurm 17.11 and later), `|`-separated, width 0: the first eight
 * are the older `--format=%i|%P|%T|%u|%r|%C|%b|%D` in the same order, so replays of that output
 * still parse. NodeList names the nodes a running job holds (counted once per partition), and the
 * GPUs come from the allocated TRES (`gres/gpu=8`, where accounting tracks GPUs), else from what
 * the job asked per job, per task or per node (`--gpus=8` leaves the per-node column N/A).
 */
export const SQUEUE_FIELDS = [
  'JobArrayID',
  'Partition',
  'State',
  'UserName',
  'Reason',
  'NumCPUs',
  'tres-per-node',
  'NumNodes',
  'NodeList',
  'NumTasks',
  'tres-per-job',
  'tres-per-task',
  'tres-alloc',
] as const;

export const SQUEUE_FORMAT = SQUEUE_FIELDS.map((field, i) =>
  i === SQUEUE_FIELDS.length - 1 ? `${field}:0` : `${field}:0|`,
).join(',');

/** `--array` prints one line per array task, so a 1,000-task array counts as 1,000 jobs. */
export const SQUEUE_ARGS = ['--noheader', '--array', `--Format=${SQUEUE_FORMAT}`] as const;

/** Hosts expanded from one job's NodeList at most; a longer list counts its NumNodes instead. */
const MAX_LISTED_HOSTS = 100_000;

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
  /** The nodes it holds, expanded from NodeList (`node[01-03]`); empty when squeue did not say. */
  hosts: string[];
  /** GPUs the job holds (running) or asks for: allocated TRES, else per job, per task × tasks, per node × nodes. */
  gpus: number;
  /**
   * How many jobs this line stands for: 1, or the number of tasks of a pending array that squeue
   * still prints as one line (`1234_[5-100%10]`).
   */
  count: number;
}

/** Parses `squeue` output in SQUEUE_FORMAT (or the older 7/8-column form); shorter lines are skipped. */
export function parseSqueue(text: string): SqueueRow[] {
  const rows: SqueueRow[] = [];
  for (const line of text.split('\n')) {
    const parts = line.split('|');
    if (parts.length < 7) continue;
    const [id, partitions, state, user, reason, cpus, perNode, nodes, nodeList, tasks, perJob, perTask] =
      parts as [string, string, string, string, string, string, string, ...Array<string | undefined>];
    // The allocated TRES is last and never holds "|"; join in case a later Slurm adds columns.
    const alloc = parts.length > 12 ? parts.slice(12).join('|') : '';
    const nodeCount = toCount(nodes, 1);
    const hosts = nodeList === undefined ? [] : expandHostlist(nodeList.trim(), MAX_LISTED_HOSTS);
    rows.push({
      id: id.trim(),
      partitions: partitions.includes(',') ? partitions.split(',').filter((p) => p !== '') : [partitions],
      state,
      user,
      reason,
      cpus: toCount(cpus, 0),
      nodes: nodeCount,
      hosts,
      gpus: countJobGpus({ alloc, perJob, perTask, perNode, tasks: toCount(tasks, 1), nodes: nodeCount }),
      count: countArrayTasks(id.trim()),
    });
  }
  return rows;
}

function toCount(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : fallback;
}

function countJobGpus(job: {
  alloc: string;
  perJob: string | undefined;
  perTask: string | undefined;
  perNode: string;
  tasks: number;
  nodes: number;
}): number {
  const allocated = countAllocatedTresGpus(job.alloc);
  if (allocated !== undefined) return allocated;
  const perJob = countTresGpus(job.perJob ?? '');
  if (perJob > 0) return perJob;
  const perTask = countTresGpus(job.perTask ?? '');
  if (perTask > 0) return perTask * job.tasks;
  return countTresGpus(job.perNode) * job.nodes;
}

/**
 * `cpu=4,mem=8G,node=1,billing=4,gres/gpu=8,gres/gpu:a100=8` (squeue's tres-alloc) → 8: the
 * untyped total, else the typed ones summed; undefined when it names no GPU (accounting that
 * does not track `gres/gpu` prints none, whatever the job holds).
 */
export function countAllocatedTresGpus(text: string): number | undefined {
  let total: number | undefined;
  let typed = 0;
  let hasTyped = false;
  for (const item of text.split(',')) {
    const match = /^gres\/gpu(:[^=]+)?=(\d+)$/.exec(item.trim());
    if (match === null) continue;
    if (match[1] === undefined) total = Number(match[2]);
    else {
      typed += Number(match[2]);
      hasTyped = true;
    }
  }
  return total ?? (hasTyped ? typed : undefined);
}

/**
 * `gres:gpu:2`, `gres/gpu:a100:1,gres:nvme:1`, `gres/gpu=2` (squeue's requested TRES per node, job
 * or task) → GPUs.
 */
export function countTresGpus(text: string): number {
  const items = parseGres(text.replaceAll(/(^|,)gres[:/]/g, '$1').replaceAll('=', ':'));
  return Object.values(countGpus(items)).reduce((sum, n) => sum + n, 0);
}

/**
 * Slurm's hostlist (`node[01-03,07],gpu1`, `r[1-2]n[1-2]`) → host names; [] for "", "(null)",
 * "N/A", or a list longer than `max` (counted by NumNodes instead).
 */
export function expandHostlist(text: string, max = MAX_LISTED_HOSTS): string[] {
  if (text === '' || text === '(null)' || text === 'N/A') return [];
  const hosts: string[] = [];
  for (const piece of splitOutsideBrackets(text)) {
    const expanded = expandPiece(piece.trim(), max - hosts.length);
    if (expanded === undefined) return [];
    hosts.push(...expanded);
  }
  return hosts;
}

function expandPiece(piece: string, max: number): string[] | undefined {
  const open = piece.indexOf('[');
  if (open < 0) return piece === '' ? [] : max >= 1 ? [piece] : undefined;
  const close = piece.indexOf(']', open);
  if (close < 0) return max >= 1 ? [piece] : undefined;
  const head = piece.slice(0, open);
  const rest = expandPiece(piece.slice(close + 1), max);
  if (rest === undefined) return undefined;
  const tails = rest.length === 0 ? [''] : rest;
  const out: string[] = [];
  for (const range of piece.slice(open + 1, close).split(',')) {
    const bounds = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
    if (bounds === null) continue;
    const [, first = '', last = first] = bounds;
    const width = first.length;
    for (let n = Number(first); n <= Number(last); n++) {
      const name = `${head}${String(n).padStart(width, '0')}`;
      for (const tail of tails) {
        if (out.length >= max) return undefined;
        out.push(name + tail);
      }
    }
  }
  return out;
}

function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
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
