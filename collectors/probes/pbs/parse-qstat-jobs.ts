import { isPlainObject, parsePbsCount } from './pbs-values.ts';
import { parseTolerantJson } from './repair-json.ts';
import { JsonScanner, ScanCut, ScanError } from './scan-json.ts';

export const QSTAT_JOBS_ARGS = ['-f', '-F', 'json'] as const;

/** One job as far as the cluster summary needs it; never stored. */
export interface PbsJob {
  queue: string;
  /** PBS's one-letter job_state: R running, Q queued, B an array with started subjobs, H, W, T, E, S… */
  state: string;
  /** The user part of Job_Owner ("alice@derecho1" → "alice"), else euser. */
  owner: string;
  /** What the job holds while running (zeros otherwise). */
  allocated: { cpus: number; gpus: number; nodes: number };
  /** Hosts of exec_vnode, so a queue's nodes are counted once; empty when PBS did not say. */
  hosts: string[];
  /**
   * For an array's parent (`123[]`) or one of its subjobs (`123[4]`, listed by `qstat -t`): the
   * array's id ("123") and which of the two this is; absent for other jobs.
   */
  array?: { id: string; isParent: boolean };
}

export type QstatJobsResult =
  | { ok: true; jobs: PbsJob[]; wasRepaired: boolean; isCut: boolean }
  | { ok: false; error: string };

/** Job attributes read; the rest (Variable_List, the bulk of each job) is skipped unparsed. */
const WANTED = new Set([
  'job_state',
  'queue',
  'Job_Owner',
  'euser',
  'exec_vnode',
  'Resource_List',
  'array_state_count',
]);

/** Characters scanned between pauses: about a millisecond of work, so the collector's timers keep running. */
export const QSTAT_SLICE_CHARS = 1_048_576;

/**
 * Parses `qstat -f -F json` one job at a time: a scanner walks the document and JSON-parses only
 * the few attributes it needs, so 50,000 jobs (over 100 MB) never become one object tree, and PBS's
 * invalid JSON in the attributes it skips (openpbs#830, #2049, #2541) costs nothing. An attribute
 * that is not valid JSON is repaired as the other PBS parsers do. A document that ends early (the
 * output cap, or qstat stopping mid-document) keeps the jobs before its end and says so. The scan
 * pauses (setImmediate) after each `sliceChars` of text, so a 256 MiB document never holds the
 * collector's event loop for long.
 */
export async function parseQstatJobs(
  text: string,
  sliceChars: number = QSTAT_SLICE_CHARS,
): Promise<QstatJobsResult> {
  const jobs: PbsJob[] = [];
  const repaired = { value: false };
  const scanner = new JsonScanner(text);
  try {
    if (scanner.isAtEnd()) return { ok: true, jobs, wasRepaired: false, isCut: false };
    const nextTop = scanner.members();
    for (let key = nextTop(); key !== undefined; key = nextTop()) {
      if (key !== 'Jobs' || !scanner.isAtObject()) {
        scanner.skipValue();
        continue;
      }
      const nextJob = scanner.members();
      let pauseAt = scanner.position + sliceChars;
      for (let id = nextJob(); id !== undefined; id = nextJob()) {
        if (!scanner.isAtObject()) scanner.skipValue();
        else {
          const fields = new Map<string, string>();
          scanner.forEachMember((name) => {
            const start = scanner.position;
            scanner.skipValue();
            if (WANTED.has(name)) fields.set(name, text.slice(start, scanner.position));
          });
          jobs.push(toJob(id, fields, repaired));
        }
        if (scanner.position >= pauseAt) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          pauseAt = scanner.position + sliceChars;
        }
      }
    }
    return { ok: true, jobs, wasRepaired: repaired.value, isCut: false };
  } catch (error) {
    if (error instanceof ScanCut) return { ok: true, jobs, wasRepaired: repaired.value, isCut: true };
    if (error instanceof ScanError) return { ok: false, error: `qstat -f: ${error.message}` };
    throw error;
  }
}

function toJob(id: string, fields: Map<string, string>, repaired: { value: boolean }): PbsJob {
  const read = (name: string): unknown => {
    const raw = fields.get(name);
    if (raw === undefined) return undefined;
    // Most wanted values are plain strings: no parse needed.
    if (raw.charCodeAt(0) === 34 && !raw.includes('\\')) return raw.slice(1, -1);
    try {
      return JSON.parse(raw);
    } catch {
      const parsed = parseTolerantJson(raw);
      if (!parsed.ok) return undefined;
      repaired.value = true;
      return parsed.value;
    }
  };
  const state = String(read('job_state') ?? '');
  const owner = String(read('Job_Owner') ?? read('euser') ?? '').split('@')[0] ?? '';
  const job: PbsJob = {
    queue: String(read('queue') ?? ''),
    state,
    owner,
    allocated: { cpus: 0, gpus: 0, nodes: 0 },
    hosts: [],
  };
  const isArray = id.includes('[]');
  const arrayMatch = /^([^[]+)\[(\d*)\]/.exec(id);
  if (arrayMatch !== null) job.array = { id: arrayMatch[1] ?? '', isParent: arrayMatch[2] === '' };
  const running = isArray
    ? countRunningSubjobs(String(read('array_state_count') ?? ''))
    : state === 'R'
      ? 1
      : 0;
  if (running === 0) return job;
  const execVnode = read('exec_vnode');
  if (!isArray && typeof execVnode === 'string' && execVnode !== '') {
    const held = readExecVnode(execVnode);
    job.allocated = { cpus: held.cpus, gpus: held.gpus, nodes: held.hosts.length };
    job.hosts = held.hosts;
    return job;
  }
  // An array's parent (and a job PBS printed without exec_vnode): what each running part asked for.
  const list = read('Resource_List');
  const asked = isPlainObject(list) ? list : {};
  job.allocated = {
    cpus: parsePbsCount(asked.ncpus) * running,
    gpus: parsePbsCount(asked.ngpus) * running,
    nodes: Math.max(1, parsePbsCount(asked.nodect)) * running,
  };
  return job;
}

/** "Queued:5 Running:2 Exiting:0 Expired:3" → 2 (an array's subjobs running now). */
function countRunningSubjobs(text: string): number {
  const at = text.indexOf('Running:');
  return at < 0 ? 0 : parsePbsCount(text.slice(at + 8).split(/\s/, 1)[0]);
}

/**
 * exec_vnode: chunks in parentheses joined by "+", each one or more `vnode:res=value:…` joined by
 * "+" — "(dec0001:ncpus=128:mem=235gb)+(casper10[0]:ncpus=2:ngpus=1+casper10[1]:ncpus=2)". A
 * vnode's host is its name before "[".
 */
export function readExecVnode(text: string): { cpus: number; gpus: number; hosts: string[] } {
  let cpus = 0;
  let gpus = 0;
  const hosts = new Set<string>();
  for (const piece of text.replaceAll('(', '').replaceAll(')', '').split('+')) {
    const parts = piece.trim().split(':');
    const vnode = parts[0] ?? '';
    if (vnode === '') continue;
    hosts.add(vnode.split('[', 1)[0] ?? vnode);
    for (const part of parts.slice(1)) {
      const equals = part.indexOf('=');
      const name = part.slice(0, equals);
      if (name === 'ncpus') cpus += parsePbsCount(part.slice(equals + 1));
      else if (name === 'ngpus') gpus += parsePbsCount(part.slice(equals + 1));
    }
  }
  return { cpus, gpus, hosts: [...hosts] };
}
