// Starts a real single-node SLURM cluster (munged, slurmctld, slurmd from Debian's slurm-wlm)
// in a temp dir, as root, bound to 127.0.0.1 on free ports. Every Slurm command gets SLURM_CONF:
// without it Slurm looks its controller up in DNS.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { $, type ProcessOutput, type Shell } from 'zx';
import { findClosedPort } from '../loopback-server.ts';

export const SLURM_NODE = 'vigiln1';
export const SLURM_CLUSTER = 'vigiltest';
/** Two fake GPU devices (empty files: slurmd logs that they are no devices, and counts them). */
export const SLURM_GPUS = 2;
export const SLURM_MEMORY_MIB = 1000;
const START_WAIT_MS = 30_000;
const STOP_WAIT_MS = 15_000;

export interface SlurmCluster {
  dir: string;
  slurmConf: string;
  cpus: number;
  /** Runs a Slurm client command with SLURM_CONF set; never throws, returns its output. */
  slurm: (command: string, ...args: string[]) => Promise<ProcessOutput>;
  /** Like `slurm` but throws with Slurm's message when the command fails. */
  slurmOrThrow: (command: string, ...args: string[]) => Promise<string>;
  /** Waits (bounded) until the node's compact state matches. */
  waitForNodeState: (pattern: RegExp) => Promise<string>;
  stop: () => Promise<void>;
}

/** Why a SLURM cluster cannot start on this machine, or undefined when it can. */
export function whySlurmCannotRun(): string | undefined {
  if (process.getuid?.() !== 0) return 'slurmctld and slurmd must run as root here (SlurmUser=root)';
  for (const binary of ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sinfo']) {
    if (!existsSync(binary)) return `${binary} is missing: install the Debian packages slurm-wlm and munge`;
  }
  return undefined;
}

export async function startSlurm(): Promise<SlurmCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-slurm-'));
  // munged wants every directory on its socket path searchable, and nothing group/other-writable.
  await chmod(dir, 0o711);
  const file = (name: string) => path.join(dir, name);
  await Promise.all(['state', 'spool', 'jobs'].map((sub) => mkdir(file(sub))));
  const cpus = availableParallelism();
  const slurmConf = file('slurm.conf');
  const env = { ...process.env, SLURM_CONF: slurmConf, LC_ALL: 'C' };
  const sh = $({ env, quiet: true, nothrow: true, cwd: dir, timeout: '20s' });

  await writeFile(file('munge.key'), randomBytes(1024), { mode: 0o400 });
  const munged =
    await sh`/usr/sbin/munged --socket=${file('munge.socket')} --key-file=${file('munge.key')} --pid-file=${file('munged.pid')} --log-file=${file('munged.log')} --seed-file=${file('munged.seed')}`;
  if (munged.exitCode !== 0) throw new Error(`munged did not start: ${munged.stderr.trim()}`);

  const ctldPort = await findClosedPort();
  let slurmdPort = await findClosedPort();
  while (slurmdPort === ctldPort) slurmdPort = await findClosedPort();
  await Promise.all([writeFile(file('gpu0'), ''), writeFile(file('gpu1'), '')]);
  await writeFile(file('gres.conf'), `NodeName=${SLURM_NODE} Name=gpu Type=a100 File=${file('gpu[0-1]')}\n`);
  await writeFile(slurmConf, slurmConfText({ dir, ctldPort, slurmdPort, cpus }));

  const cluster: SlurmCluster = {
    dir,
    slurmConf,
    cpus,
    slurm: (command, ...args) => sh`${command} ${args}`,
    slurmOrThrow: async (command, ...args) => {
      const out = await sh`${command} ${args}`;
      if (out.exitCode !== 0)
        throw new Error(`${command} ${args.join(' ')}: ${out.stderr.trim() || out.stdout}`);
      return out.stdout;
    },
    waitForNodeState: async (pattern) => {
      let last = '';
      for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
        last = (await sh`sinfo --noheader --Node --Format=StateCompact:0`).stdout.trim().split('\n')[0] ?? '';
        if (pattern.test(last)) return last;
        await sleep(250);
      }
      throw new Error(`node ${SLURM_NODE} did not reach ${pattern} (last state "${last}"); see ${dir}/*.log`);
    },
    stop: () => stopSlurm(dir, sh),
  };
  try {
    for (const [daemon, args] of [
      ['/usr/sbin/slurmctld', ['-i']],
      ['/usr/sbin/slurmd', ['-N', SLURM_NODE]],
    ] as const) {
      const out = await sh`${daemon} ${args}`;
      if (out.exitCode !== 0) throw new Error(`${daemon} did not start: ${out.stderr.trim()}`);
    }
    await cluster.waitForNodeState(/^idle$/);
  } catch (error) {
    const log = await readFile(file('slurmctld.log'), 'utf8').catch(() => '');
    await cluster.stop();
    throw new Error(`${(error as Error).message}\nslurmctld.log:\n${log.split('\n').slice(-15).join('\n')}`);
  }
  return cluster;
}

function slurmConfText(o: { dir: string; ctldPort: number; slurmdPort: number; cpus: number }): string {
  return `# Written by test/helpers/services/start-slurm.ts
ClusterName=${SLURM_CLUSTER}
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=${o.ctldPort}
SlurmdPort=${o.slurmdPort}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${o.dir}/munge.socket
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
StateSaveLocation=${o.dir}/state
SlurmdSpoolDir=${o.dir}/spool
SlurmctldPidFile=${o.dir}/slurmctld.pid
SlurmdPidFile=${o.dir}/slurmd.pid
SlurmctldLogFile=${o.dir}/slurmctld.log
SlurmdLogFile=${o.dir}/slurmd.log
GresTypes=gpu
NodeName=${SLURM_NODE} NodeAddr=127.0.0.1 CPUs=${o.cpus} RealMemory=${SLURM_MEMORY_MIB} Gres=gpu:a100:${SLURM_GPUS} Feature=standard,test State=UNKNOWN
PartitionName=batch Nodes=${SLURM_NODE} Default=YES MaxTime=INFINITE State=UP
PartitionName=debug Nodes=${SLURM_NODE} MaxTime=60 State=UP
`;
}

// Cancels every job first (so no slurmstepd outlives the test), then stops the daemons by pid file.
async function stopSlurm(dir: string, sh: Shell): Promise<void> {
  if (existsSync(path.join(dir, 'slurmctld.pid'))) {
    await sh`scancel --full --user=root`;
    for (const deadline = Date.now() + STOP_WAIT_MS; Date.now() < deadline; ) {
      const queue = await sh`squeue --noheader --format=%i`;
      if (queue.exitCode !== 0 || queue.stdout.trim() === '') break;
      await sleep(250);
    }
  }
  for (const pidFile of ['slurmd.pid', 'slurmctld.pid', 'munged.pid']) {
    await stopByPidFile(path.join(dir, pidFile));
  }
  await rm(dir, { recursive: true, force: true });
}

async function stopByPidFile(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (!signal(pid, 'SIGTERM')) return;
  for (const deadline = Date.now() + STOP_WAIT_MS; Date.now() < deadline; ) {
    if (!signal(pid, 0)) return;
    await sleep(100);
  }
  signal(pid, 'SIGKILL');
}

/** Sends a signal; false when the process is gone (or a zombie nobody has reaped yet). */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
