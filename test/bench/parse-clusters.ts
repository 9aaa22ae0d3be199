// Cluster parsers on big inputs: Derecho's 2,570-node and a 10,000-node `pbsnodes -a -F json`, 100,000 lines of
// `squeue`, Derecho's 50,000 jobs of `qstat -f -F json`. Prints figures; asserts nothing. Run
// alone (`node test/bench/parse-clusters.ts`) or
// at the end of `npm run bench`.
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregatePbs } from '../../collectors/probes/pbs/aggregate-pbs.ts';
import { parsePbsnodes } from '../../collectors/probes/pbs/parse-pbsnodes.ts';
import { parseQstatJobs } from '../../collectors/probes/pbs/parse-qstat-jobs.ts';
import { parseQstatQueues } from '../../collectors/probes/pbs/parse-qstat-queues.ts';
import { repairJson } from '../../collectors/probes/pbs/repair-json.ts';
import { aggregateSlurm } from '../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseSqueue } from '../../collectors/probes/slurm/parse-squeue.ts';
import { generateDerechoPbsnodes, generatePbsnodes } from '../fixtures/pbs/generate-pbsnodes.ts';
import { generateQstatJobs } from '../fixtures/pbs/generate-qstat-jobs.ts';

const TARGET_MS = 500;
const PENDING_REASONS = [
  'Resources',
  'Priority',
  'Dependency',
  'QOSMaxJobsPerUserLimit',
  'ReqNodeNotAvail, UnavailableNodes:cn[001-040]',
];

/** Best of a few runs, so one garbage collection does not decide the figure. */
function timeBest(runs: number, work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const startedAt = performance.now();
    work();
    best = Math.min(best, performance.now() - startedAt);
  }
  return best;
}

/** The same for work that pauses between slices: the time includes the pauses (nothing else runs here). */
async function timeBestAsync(runs: number, work: () => Promise<void>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const startedAt = performance.now();
    await work();
    best = Math.min(best, performance.now() - startedAt);
  }
  return best;
}

function makeSqueue(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const isRunning = i % 4 === 0;
    const id = i % 10 === 0 ? `${1_000_000 + i}_${i % 100}` : String(1_000_000 + i);
    const partition = i % 7 === 0 ? 'gpu' : i % 11 === 0 ? 'cpu,bigmem' : 'cpu';
    const reason = isRunning ? 'None' : (PENDING_REASONS[i % PENDING_REASONS.length] ?? 'Priority');
    out.push(
      `${id}|${partition}|${isRunning ? 'RUNNING' : 'PENDING'}|user${i % 700}|${reason}|${1 + (i % 64)}|N/A|${1 + (i % 3)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const verdict = (value: number) => (value < TARGET_MS ? 'within' : 'OVER');

// Derecho's 2,570 nodes, grouped into node types by resources_available.nodetype, run first so the
// peak memory printed is this row's (with the bench's own start-up).
const derecho = generateDerechoPbsnodes();
let derechoTypes = 0;
const derechoMs = timeBest(3, () => {
  const parsed = parsePbsnodes(derecho.text, { nodeTypeResource: 'nodetype' });
  if (!parsed.ok) throw new Error(parsed.error);
  const summary = aggregatePbs({
    nodes: parsed.nodes,
    queues: [],
    reservations: [],
    maxProblemNodes: 50,
    onlyQueues: [],
    nodeTypeResource: 'nodetype',
  });
  derechoTypes = summary.nodeTypes.length;
  flattenClusterMetrics(summary);
});
const derechoPeakMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  `pbsnodes -a -F json, Derecho's 2,570 nodes (${(derecho.text.length / 1_048_576).toFixed(1)} MB) in ${derechoTypes} node types: parse + aggregate ${ms(derechoMs)} (${verdict(derechoMs)} the ${TARGET_MS} ms target), peak memory ${derechoPeakMiB.toFixed(0)} MiB RSS`,
);

const pbs = generatePbsnodes(10_000);
let pbsNodes = 0;
const pbsMs = timeBest(3, () => {
  const parsed = parsePbsnodes(pbs.text);
  if (!parsed.ok) throw new Error(parsed.error);
  const summary = aggregatePbs({
    nodes: parsed.nodes,
    queues: [],
    reservations: [],
    maxProblemNodes: 50,
    onlyQueues: [],
  });
  pbsNodes = flattenClusterMetrics(summary).nodesTotal ?? 0;
});
console.log(
  `pbsnodes -a -F json, ${pbsNodes.toLocaleString('en')} nodes (${(pbs.text.length / 1_048_576).toFixed(1)} MB): parse + aggregate ${ms(pbsMs)} (${verdict(pbsMs)} the ${TARGET_MS} ms target)`,
);
const repairMs = timeBest(3, () => repairJson(pbs.text));
console.log(`  the invalid-JSON repair pass over the same document, if PBS needed it: ${ms(repairMs)}`);

const squeue = makeSqueue(100_000);
let jobs = 0;
const squeueMs = timeBest(3, () => {
  const summary = aggregateSlurm({
    nodes: [],
    jobs: parseSqueue(squeue),
    reservations: [],
    maxProblemNodes: 50,
  });
  jobs = (summary.jobs?.running ?? 0) + (summary.jobs?.pending ?? 0);
});
console.log(
  `squeue, ${jobs.toLocaleString('en')} jobs (${(squeue.length / 1_048_576).toFixed(1)} MB): parse + aggregate ${ms(squeueMs)} (${verdict(squeueMs)} the ${TARGET_MS} ms target)`,
);

// Derecho's 50,000 jobs of `qstat -f -F json` (jobs: true): scanned one job at a time, then users
// and holdings per queue. Last, so its peak memory includes the rows above and its own document.
const qstatJobs = generateQstatJobs(50_000);
const qstatQueues = parseQstatQueues(qstatJobs.queuesText);
if (!qstatQueues.ok) throw new Error(qstatQueues.error);
const beforeQstatMiB = process.resourceUsage().maxRSS / 1024;
let qstatUsers = 0;
// The longest slice the scan holds the event loop for, measured by a timer beside it.
let longestStallMs = 0;
const qstatMs = await timeBestAsync(3, async () => {
  let last = performance.now();
  const watch = setInterval(() => {
    const now = performance.now();
    longestStallMs = Math.max(longestStallMs, now - last);
    last = now;
  }, 1);
  const parsed = await parseQstatJobs(qstatJobs.text);
  clearInterval(watch);
  if (!parsed.ok) throw new Error(parsed.error);
  const summary = aggregatePbs({
    nodes: [],
    queues: qstatQueues.queues,
    reservations: [],
    maxProblemNodes: 50,
    onlyQueues: [],
    jobs: parsed.jobs,
  });
  qstatUsers = flattenClusterMetrics(summary).activeUsers ?? 0;
});
const qstatPeakMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  `qstat -f -F json, 50,000 jobs (${(qstatJobs.text.length / 1_048_576).toFixed(1)} MB, ${qstatUsers.toLocaleString('en')} active users): parse + aggregate ${ms(qstatMs)} (${verdict(qstatMs)} the ${TARGET_MS} ms target), peak memory ${qstatPeakMiB.toFixed(0)} MiB RSS (${beforeQstatMiB.toFixed(0)} MiB before it, with the generated document); the event loop waited at most ${ms(longestStallMs)} while it scanned`,
);
const wholeParseMs = timeBest(3, () => JSON.parse(qstatJobs.text));
console.log(
  `  one JSON.parse of the same document, for comparison (what the scan avoids): ${ms(wholeParseMs)}`,
);
