import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slurmProbe } from '../../../../../collectors/probes/slurm/probe-slurm.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { SlurmCheckSchema } from '../../../../../core/model/index.ts';
import type { ClusterSummary } from '../../../../../core/results/cluster-summary.ts';
import { findClosedPort } from '../../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import {
  SLURM_CLUSTER,
  SLURM_GPUS,
  SLURM_MEMORY_MIB,
  SLURM_NODE,
  type SlurmCluster,
  startSlurm,
  whySlurmCannotRun,
} from '../../../../helpers/services/start-slurm.ts';

const MIB = 1_048_576;
const WAIT_MS = 20_000;
const cannotRun = whySlurmCannotRun();

describe.skipIf(cannotRun !== undefined)(
  `slurm probe against a real single-node SLURM cluster (slurmctld + slurmd + munged)${cannotRun === undefined ? '' : ` — skipped: ${cannotRun}`}`,
  () => {
    let cluster: SlurmCluster;

    beforeAll(async () => {
      cluster = await startSlurm();
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    async function probe(fields: Record<string, unknown> = {}) {
      const check = SlurmCheckSchema.parse({
        id: 'hpc',
        type: 'slurm',
        slurmConf: cluster.slurmConf,
        ...fields,
      });
      const observation = await slurmProbe.probe(
        check,
        makeProbeContext({ run: runCommand, timeoutMs: 30_000 }),
      );
      return {
        ...observation,
        metrics: observation.metrics ?? {},
        summary: observation.detail as unknown as ClusterSummary,
      };
    }

    /** sinfo's own per-partition summary, "A/I/O/T", in a format the probe does not use. */
    async function sinfoCpus(partition: string): Promise<number[]> {
      const out = await cluster.slurmOrThrow(
        'sinfo',
        '--noheader',
        `--partition=${partition}`,
        '--format=%C',
      );
      return out.trim().split('/').map(Number);
    }

    /** squeue's own count of jobs in a state, one line per array task. */
    async function squeueCount(state: string, partition?: string): Promise<number> {
      const args = ['--noheader', '--array', `--states=${state}`, '--format=%i'];
      if (partition !== undefined) args.push(`--partition=${partition}`);
      const out = await cluster.slurmOrThrow('squeue', ...args);
      return out.split('\n').filter((l) => l.trim() !== '').length;
    }

    async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
      for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
        if (await condition()) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    function sbatch(...args: string[]): Promise<string> {
      return cluster.slurmOrThrow(
        'sbatch',
        `--chdir=${cluster.dir}/jobs`,
        '--output=/dev/null',
        '--parsable',
        ...args,
        '--wrap',
        'sleep 30',
      );
    }

    it('an idle cluster: the node is counted once although both partitions list it', async () => {
      const { status, message, metrics, summary } = await probe({ cluster: SLURM_CLUSTER });
      expect(status).toBe('up');
      expect(message).toBe('1 of 1 nodes usable; 0 jobs running, 0 pending');
      expect(metrics).toMatchObject({
        nodesTotal: 1,
        nodesUsable: 1,
        nodesDown: 0,
        nodesDownPercent: 0,
        cpusTotal: cluster.cpus,
        cpusAllocated: 0,
        gpusTotal: SLURM_GPUS,
        gpusAllocated: 0,
        memoryTotalBytes: SLURM_MEMORY_MIB * MIB,
        jobsRunning: 0,
        jobsPending: 0,
        'partition:batch:nodesTotal': 1,
        'partition:debug:nodesTotal': 1,
      });
      expect(summary.cluster).toBe(SLURM_CLUSTER);
      expect(summary.partitions.map((p) => [p.name, p.isDefault, p.availability])).toEqual([
        ['batch', true, 'up'],
        ['debug', false, 'up'],
      ]);
      expect(summary.resources.nodes.byState).toEqual({ idle: 1 });
      expect(summary.resources.gpus.byType).toEqual({ a100: { allocated: 0, total: SLURM_GPUS } });
      expect(summary.nodeTypes).toEqual([
        {
          features: 'standard,test',
          gpus: `gpu:a100:${SLURM_GPUS}`,
          cpusPerNode: cluster.cpus,
          memoryBytesPerNode: SLURM_MEMORY_MIB * MIB,
          nodes: 1,
          usable: 1,
        },
      ]);
      expect(summary.reservations).toEqual([]);
    });

    it('running and pending jobs, array tasks expanded, equal what squeue and sinfo say', async () => {
      await sbatch('--partition=batch', '--cpus-per-task=1', '--mem=100', '--gres=gpu:a100:1');
      // Each task wants every CPU, so none can start beside the first job.
      await sbatch('--partition=debug', '--array=0-3', `--cpus-per-task=${cluster.cpus}`, '--mem=100');
      await waitFor('one running job and four pending tasks with a reason', async () => {
        const out = await cluster.slurmOrThrow('squeue', '--noheader', '--array', '--format=%T|%r');
        const lines = out.trim().split('\n');
        return (
          lines.filter((l) => l.startsWith('RUNNING')).length === 1 &&
          lines.filter((l) => l.startsWith('PENDING') && !l.endsWith('|None')).length === 4
        );
      });

      const { status, metrics, summary } = await probe();
      expect(status).toBe('up');
      expect(metrics.jobsRunning).toBe(await squeueCount('RUNNING'));
      expect(metrics.jobsPending).toBe(await squeueCount('PENDING'));
      expect([metrics.jobsRunning, metrics.jobsPending]).toEqual([1, 4]);
      expect(metrics['partition:batch:jobsRunning']).toBe(await squeueCount('RUNNING', 'batch'));
      expect(metrics['partition:debug:jobsPending']).toBe(await squeueCount('PENDING', 'debug'));
      expect(metrics.activeUsers).toBe(1);
      expect(Object.values(summary.jobs?.pendingReasons ?? {}).reduce((a, b) => a + b, 0)).toBe(4);

      const [allocated, idle, other, total] = await sinfoCpus('batch');
      expect([metrics.cpusAllocated, metrics.cpusIdle, metrics.cpusTotal]).toEqual([allocated, idle, total]);
      expect(summary.resources.cpus.other).toBe(other);
      expect(metrics.cpusAllocated).toBe(1);
      const gresUsed = await cluster.slurmOrThrow('sinfo', '--noheader', '--Node', '--Format=GresUsed:0');
      expect(gresUsed.split('\n')[0]).toMatch(/^gpu:a100:1\(IDX:\d\)$/);
      expect(metrics.gpusAllocated).toBe(1);
      expect(metrics.memoryAllocatedBytes).toBe(100 * MIB);
    }, 40_000);

    it('a drained node: nothing usable, so the cluster is down, with the admin reason', async () => {
      const reason = 'vigil test: replacing a disk | ticket 42';
      await cluster.slurmOrThrow(
        'scontrol',
        'update',
        `nodename=${SLURM_NODE}`,
        'state=drain',
        `reason=${reason}`,
      );
      try {
        const state = await cluster.waitForNodeState(/^(drng|drain)$/);
        const { status, message, metrics, summary } = await probe();
        expect(status).toBe('down');
        expect(message).toBe('no usable node: 1 drained of 1');
        expect(metrics).toMatchObject({ nodesDrained: 1, nodesUsable: 0, nodesDownPercent: 100 });
        expect(summary.resources.nodes.byState).toEqual({ [state]: 1 });
        expect(summary.problemNodes).toEqual([
          { name: SLURM_NODE, state, reason, since: expect.stringMatching(/^\d{4}-.*Z$/) },
        ]);
      } finally {
        await cluster.slurmOrThrow('scontrol', 'update', `nodename=${SLURM_NODE}`, 'state=resume');
      }
      await cluster.waitForNodeState(/^(mix|alloc|idle)$/);
      const { status, metrics } = await probe();
      expect(status).toBe('up');
      expect(metrics.nodesDrained).toBe(0);
    });

    it('a maintenance reservation is listed with its MAINT flag, times and nodes', async () => {
      await cluster.slurmOrThrow(
        'scontrol',
        'create',
        'reservation',
        'reservationname=vigil_maint',
        'starttime=now+1hour',
        'duration=90',
        `nodes=${SLURM_NODE}`,
        'users=root',
        'flags=maint,ignore_jobs',
      );
      const { metrics, summary } = await probe();
      const [reservation] = summary.reservations ?? [];
      expect(reservation).toMatchObject({
        name: 'vigil_maint',
        nodes: SLURM_NODE,
        nodeCount: 1,
        isMaintenance: true,
        isActive: false,
      });
      expect(reservation?.flags).toContain('MAINT');
      const startsInMs = Date.parse(reservation?.start ?? '') - Date.now();
      expect(startsInMs).toBeGreaterThan(50 * 60_000);
      expect(startsInMs).toBeLessThan(70 * 60_000);
      expect(Date.parse(reservation?.end ?? '') - Date.parse(reservation?.start ?? '')).toBe(90 * 60_000);
      expect(metrics.reservationsActive).toBe(0);
      expect(metrics.nodesMaintenance).toBe(0);
    });

    it('a partition filter asks sinfo and squeue for that partition only', async () => {
      const { metrics, summary } = await probe({ partitions: ['debug'] });
      expect(summary.partitions.map((p) => p.name)).toEqual(['debug']);
      expect(metrics.jobsPending).toBe(await squeueCount('PENDING', 'debug'));
      expect(metrics.jobsRunning).toBe(await squeueCount('RUNNING', 'debug'));
    });

    it('a controller that does not answer: down with Slurm’s own message', async () => {
      const conf = await cluster.slurmOrThrow('cat', cluster.slurmConf);
      const unreachable = path.join(cluster.dir, 'unreachable.conf');
      await writeFile(
        unreachable,
        conf.replace(/^SlurmctldPort=\d+$/m, `SlurmctldPort=${await findClosedPort()}`),
      );
      const { status, message } = await probe({ slurmConf: unreachable, reservations: false, jobs: false });
      expect(status).toBe('down');
      expect(message).toBe('slurm_load_partitions: Unable to contact slurm controller (connect failure)');
    }, 40_000);

    it('a missing sinfo is a clear down, not an exception', async () => {
      const { status, message } = await probe({ commands: { sinfo: '/nonexistent/sinfo' } });
      expect(status).toBe('down');
      expect(message).toBe('command not found: /nonexistent/sinfo');
    });
  },
);
