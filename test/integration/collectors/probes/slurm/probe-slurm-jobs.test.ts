import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slurmProbe } from '../../../../../collectors/probes/slurm/probe-slurm.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { SlurmCheckSchema } from '../../../../../core/model/index.ts';
import { SlurmDetailSchema } from '../../../../../core/results/slurm.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import {
  type SlurmCluster,
  startSlurm,
  whySlurmCannotRun,
} from '../../../../helpers/services/start-slurm.ts';

const WAIT_MS = 20_000;
const cannotRun = whySlurmCannotRun();
if (cannotRun !== undefined && process.env.CI)
  throw new Error(`the real SLURM cluster cannot start on CI: ${cannotRun}`);

describe.skipIf(cannotRun !== undefined)(
  `slurm jobs per partition against a real single-node SLURM cluster${cannotRun === undefined ? '' : ` — skipped: ${cannotRun}`}`,
  () => {
    let cluster: SlurmCluster;

    beforeAll(async () => {
      cluster = await startSlurm();
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    async function probe() {
      const check = SlurmCheckSchema.parse({ id: 'hpc', type: 'slurm', slurmConf: cluster.slurmConf });
      const observation = await slurmProbe.probe(
        check,
        makeProbeContext({ run: runCommand, timeoutMs: 30_000 }),
      );
      return {
        ...observation,
        metrics: observation.metrics ?? {},
        // Read back as the site reads a stored line.
        summary: SlurmDetailSchema.parse(JSON.parse(JSON.stringify(observation.detail))),
      };
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

    async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
      for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
        if (await condition()) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    it('idle: every partition has no users and holds nothing; reservations name their partition', async () => {
      await cluster.slurmOrThrow(
        'scontrol',
        'create',
        'reservation',
        'reservationname=vigil_debug',
        'starttime=now+2hours',
        'duration=30',
        'partitionname=debug',
        'nodecnt=1',
        'users=root',
      );
      const { metrics, summary } = await probe();
      expect(summary.partitions.map((p) => [p.name, p.activeUsers, p.allocated])).toEqual([
        ['batch', 0, { cpus: 0, gpus: 0, nodes: 0 }],
        ['debug', 0, { cpus: 0, gpus: 0, nodes: 0 }],
      ]);
      expect(metrics['partition:batch:activeUsers']).toBe(0);
      expect(summary.reservations?.map((r) => [r.name, r.queue])).toEqual([['vigil_debug', 'debug']]);
      await cluster.slurmOrThrow('scontrol', 'delete', 'reservationname=vigil_debug');
    });

    it('a running one-core one-GPU job and a pending array: users and holdings per partition, as squeue says', async () => {
      await sbatch('--partition=batch', '--cpus-per-task=1', '--mem=100', '--gres=gpu:a100:1');
      // Each task wants every CPU, so none can start beside the first job.
      await sbatch('--partition=debug', '--array=0-2', `--cpus-per-task=${cluster.cpus}`, '--mem=100');
      await waitFor('one running job and three pending tasks', async () => {
        const out = await cluster.slurmOrThrow('squeue', '--noheader', '--array', '--format=%T');
        const lines = out.trim().split('\n');
        return (
          lines.filter((l) => l === 'RUNNING').length === 1 &&
          lines.filter((l) => l === 'PENDING').length === 3
        );
      });
      // squeue's own view of the running job, in a format the probe does not use.
      const running = await cluster.slurmOrThrow(
        'squeue',
        '--noheader',
        '--states=RUNNING',
        '--format=%C %D %b',
      );
      expect(running.trim()).toMatch(/^1 1 \S*gpu:(a100:)?1$/);

      const { metrics, summary } = await probe();
      const byName = Object.fromEntries(summary.partitions.map((p) => [p.name, p]));
      expect(byName.batch).toMatchObject({ activeUsers: 1, allocated: { cpus: 1, gpus: 1, nodes: 1 } });
      // Pending tasks make their user active there, but hold nothing.
      expect(byName.debug).toMatchObject({ activeUsers: 1, allocated: { cpus: 0, gpus: 0, nodes: 0 } });
      expect(metrics).toMatchObject({
        activeUsers: 1,
        'partition:batch:activeUsers': 1,
        'partition:debug:activeUsers': 1,
      });
      await cluster.slurmOrThrow('scancel', '--user=root');
    }, 40_000);

    it('two jobs sharing the one node, GPUs asked per job (--gpus) and per task: one node, both GPUs', async () => {
      await cluster.waitForNodeState(/^idle$/);
      await sbatch('--partition=batch', '--gpus=1', '--cpus-per-task=1', '--mem=100');
      await sbatch('--partition=batch', '--ntasks=1', '--gpus-per-task=1', '--cpus-per-task=1', '--mem=100');
      await waitFor('two running jobs', async () => {
        const out = await cluster.slurmOrThrow('squeue', '--noheader', '--states=RUNNING', '--format=%i');
        return (
          out
            .trim()
            .split('\n')
            .filter((l) => l !== '').length === 2
        );
      });
      // squeue's per-node TRES column says nothing of these GPUs.
      const perNode = await cluster.slurmOrThrow('squeue', '--noheader', '--format=%b');
      expect(perNode.trim().split('\n')).toEqual(['N/A', 'N/A']);

      const { summary } = await probe();
      const byName = Object.fromEntries(summary.partitions.map((p) => [p.name, p]));
      expect(byName.batch).toMatchObject({ activeUsers: 1, allocated: { cpus: 2, gpus: 2, nodes: 1 } });
      await cluster.slurmOrThrow('scancel', '--user=root');
    }, 40_000);
  },
);
