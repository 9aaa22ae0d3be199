import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slurmProbe } from '../../../../../collectors/probes/slurm/probe-slurm.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { SlurmCheckSchema } from '../../../../../core/model/index.ts';
import { SlurmDetailSchema } from '../../../../../core/results/slurm.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import {
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
if (cannotRun !== undefined && process.env.CI) {
  throw new Error(`the real SLURM node-type test cannot run on CI: ${cannotRun}`);
}

// The node of start-slurm.ts has Feature=standard,test and Gres=gpu:a100:2.
describe.skipIf(cannotRun !== undefined)(
  `slurm node types by feature against a real single-node SLURM cluster${cannotRun === undefined ? '' : ` — skipped: ${cannotRun}`}`,
  () => {
    let cluster: SlurmCluster;

    beforeAll(async () => {
      cluster = await startSlurm();
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    async function probe() {
      const check = SlurmCheckSchema.parse({
        id: 'hpc',
        type: 'slurm',
        slurmConf: cluster.slurmConf,
        nodeTypeFeatures: ['test', 'standard'],
      });
      const observation = await slurmProbe.probe(
        check,
        makeProbeContext({ run: runCommand, timeoutMs: 30_000 }),
      );
      // Read back as the site reads it: the stored line through its result schema.
      const summary = SlurmDetailSchema.parse(JSON.parse(JSON.stringify(observation.detail)));
      return { metrics: observation.metrics ?? {}, summary, type: summary.nodeTypes[0] };
    }

    async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
      for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
        if (await condition()) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    it('idle: one type named by the first listed feature the node has, available, with its specs', async () => {
      const { summary, type, metrics } = await probe();
      expect(summary.nodeTypes).toHaveLength(1);
      expect(type).toMatchObject({
        name: 'test',
        features: 'standard,test',
        nodes: 1,
        available: 1,
        allocated: 0,
        down: 0,
        cpusPerNode: cluster.cpus,
        memoryBytesPerNode: SLURM_MEMORY_MIB * MIB,
        gpuModel: 'a100',
        gpusPerNode: SLURM_GPUS,
        maintenance: 0,
        cpus: { allocated: 0, total: cluster.cpus },
        cpusUsable: { allocated: 0, total: cluster.cpus },
        gpuAllocation: { allocated: 0, total: SLURM_GPUS },
        utilisationPercent: 0,
      });
      expect(metrics).toMatchObject({ 'nodetype:test:nodesDown': 0, 'nodetype:test:nodesAvailable': 1 });
    });

    it('a running job with one core and one GPU: the node is allocated, cores and GPUs as sinfo says', async () => {
      const job = await cluster.slurmOrThrow(
        'sbatch',
        `--chdir=${cluster.dir}/jobs`,
        '--output=/dev/null',
        '--parsable',
        '--cpus-per-task=1',
        '--mem=100',
        '--gres=gpu:a100:1',
        '--wrap',
        'sleep 60',
      );
      try {
        await waitFor('the job to run', async () => {
          const out = await cluster.slurmOrThrow(
            'squeue',
            '--noheader',
            `--jobs=${job.trim()}`,
            '--format=%T',
          );
          return out.trim() === 'RUNNING';
        });
        const cpus = await cluster.slurmOrThrow('sinfo', '--noheader', '--Node', '--Format=CPUsState:0');
        const [allocated = -1, , , total = -1] = (cpus.split('\n')[0] ?? '').split('/').map(Number);
        const { type, metrics } = await probe();
        expect(type).toMatchObject({
          available: 0,
          allocated: 1,
          cpus: { allocated, total },
          cpusUsable: { allocated, total },
          gpuAllocation: { allocated: 1, total: SLURM_GPUS },
        });
        const percent = Math.round((allocated / total) * 1000) / 10;
        expect(type?.utilisationPercent).toBe(percent);
        expect(metrics['nodetype:test:utilisationPercent']).toBe(percent);
      } finally {
        await cluster.slurmOrThrow('scancel', job.trim());
      }
    }, 40_000);

    it('a draining node still running a job (drng, mixed+drain) is allocated, not down; its busy cores count', async () => {
      await cluster.waitForNodeState(/^idle$/);
      const job = await cluster.slurmOrThrow(
        'sbatch',
        `--chdir=${cluster.dir}/jobs`,
        '--output=/dev/null',
        '--parsable',
        '--cpus-per-task=1',
        '--mem=100',
        '--wrap',
        'sleep 60',
      );
      try {
        await cluster.waitForNodeState(/^(mix|alloc)$/);
        await cluster.slurmOrThrow(
          'scontrol',
          'update',
          `nodename=${SLURM_NODE}`,
          'state=drain',
          'reason=vigil test',
        );
        await cluster.waitForNodeState(/^drng$/);
        const cpus = await cluster.slurmOrThrow('sinfo', '--noheader', '--Node', '--Format=CPUsState:0');
        const [allocated = -1] = (cpus.split('\n')[0] ?? '').split('/').map(Number);
        expect(allocated).toBeGreaterThan(0);
        const { type, metrics } = await probe();
        expect(type).toMatchObject({
          available: 0,
          allocated: 1,
          down: 0,
          drained: 0,
          maintenance: 0,
          // Its idle cores cannot take work; its busy ones are in use.
          cpusUsable: { allocated, total: allocated },
          utilisationPercent: 100,
        });
        expect(metrics['nodetype:test:nodesDown']).toBe(0);
        expect(metrics['nodetype:test:utilisationPercent']).toBe(100);
      } finally {
        await cluster.slurmOrThrow('scancel', job.trim());
        await cluster.slurmOrThrow('scontrol', 'update', `nodename=${SLURM_NODE}`, 'state=resume');
      }
    }, 40_000);

    it('a drained node is down (and drained) in its type', async () => {
      await cluster.waitForNodeState(/^idle$/);
      await cluster.slurmOrThrow(
        'scontrol',
        'update',
        `nodename=${SLURM_NODE}`,
        'state=drain',
        'reason=vigil test',
      );
      try {
        await cluster.waitForNodeState(/^(drng|drain)$/);
        const { type, metrics } = await probe();
        expect(type).toMatchObject({ available: 0, allocated: 0, down: 1, drained: 1, usable: 0 });
        expect(metrics['nodetype:test:nodesDown']).toBe(1);
      } finally {
        await cluster.slurmOrThrow('scontrol', 'update', `nodename=${SLURM_NODE}`, 'state=resume');
      }
    });
  },
);
