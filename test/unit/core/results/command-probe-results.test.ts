import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandProbe } from '../../../../collectors/probes/command/probe-command.ts';
import { filesystemProbe } from '../../../../collectors/probes/filesystem/probe-filesystem.ts';
import { gpuProbe } from '../../../../collectors/probes/gpu/probe-gpu.ts';
import { pbsProbe } from '../../../../collectors/probes/pbs/probe-pbs.ts';
import type { Observation } from '../../../../collectors/probes/probe-types.ts';
import { probeProcess } from '../../../../collectors/probes/process/probe-process.ts';
import { slurmProbe } from '../../../../collectors/probes/slurm/probe-slurm.ts';
import { systemdProbe } from '../../../../collectors/probes/systemd/probe-systemd.ts';
import type { CommandOutcome } from '../../../../collectors/transport/run-command.ts';
import {
  type CheckType,
  CommandCheckSchema,
  FilesystemCheckSchema,
  GpuCheckSchema,
  PbsCheckSchema,
  ProcessCheckSchema,
  SlurmCheckSchema,
  SystemdCheckSchema,
} from '../../../../core/model/index.ts';
import { makeProbeContext } from '../../../helpers/probe-context.ts';
import { answerPrograms, expectReadable, readFixture } from './expect-readable.ts';

// Each probe that asks a program, run on that program's real (or documented) output from
// test/fixtures/: what it returns must read back with its check type's result schema, unchanged.

type Answers = Record<string, Partial<CommandOutcome>>;

interface ProbeCase {
  name: string;
  type: CheckType;
  observe: () => Promise<Observation>;
  /** Whether the probe writes a detail (a failed run writes none). */
  hasDetail: boolean;
}

const failed = (stderr: string, exitCode = 1): Partial<CommandOutcome> => ({ exitCode, stderr });

function slurm(answers: Answers, fields: Record<string, unknown> = {}): () => Promise<Observation> {
  const check = SlurmCheckSchema.parse({ id: 'atlas', type: 'slurm', cluster: 'atlas', ...fields });
  return () => slurmProbe.probe(check, makeProbeContext({ run: answerPrograms(answers) }));
}

function pbs(answers: Answers): () => Promise<Observation> {
  const check = PbsCheckSchema.parse({ id: 'derecho', type: 'pbs' });
  return () => pbsProbe.probe(check, makeProbeContext({ run: answerPrograms(answers) }));
}

function gpu(answer: Partial<CommandOutcome>): () => Promise<Observation> {
  const check = GpuCheckSchema.parse({ id: 'gpus', type: 'gpu' });
  return () => gpuProbe.probe(check, makeProbeContext({ run: answerPrograms({ 'nvidia-smi': answer }) }));
}

function systemd(unit: string): () => Promise<Observation> {
  const check = SystemdCheckSchema.parse({ id: 'unit', type: 'systemd', unit });
  const stdout = readFixture(`systemd/${unit}.stdout`);
  return () =>
    systemdProbe.probe(check, makeProbeContext({ run: answerPrograms({ systemctl: { stdout } }) }));
}

function command(
  fields: Record<string, unknown>,
  answer: Partial<CommandOutcome>,
): () => Promise<Observation> {
  const check = CommandCheckSchema.parse({ id: 'tool', type: 'command', command: ['tool'], ...fields });
  return () => commandProbe.probe(check, makeProbeContext({ run: answerPrograms({ tool: answer }) }));
}

/** `stat` answers the inode number, `stat -f` the capacity line, `lfs df` the given fixture. */
function filesystem(
  fields: Record<string, unknown>,
  lfsDf?: Partial<CommandOutcome>,
): () => Promise<Observation> {
  const check = FilesystemCheckSchema.parse({ id: 'fs', type: 'filesystem', path: '/', ...fields });
  const run = async (request: { argv: readonly string[] }): Promise<CommandOutcome> => {
    const [program, flag] = request.argv;
    const answer: Partial<CommandOutcome> =
      program === 'lfs'
        ? (lfsDf ?? {})
        : { stdout: flag === '-f' ? '6553600 3276800 2621440 4096 1310720 1048576 ext2/ext3\n' : '2\n' };
    return answerPrograms({ [program ?? '']: answer })(request as never);
  };
  return () => filesystemProbe.probe(check, makeProbeContext({ run }));
}

const SLURM_22_05 = {
  sinfo: { stdout: readFixture('slurm/sinfo-22.05-drained-in-maint-reservation.txt') },
  squeue: { stdout: readFixture('slurm/squeue-22.05-array-pending.txt') },
  scontrol: { stdout: readFixture('slurm/scontrol-22.05-reservations.txt') },
};

const PBS_DOCUMENTED = {
  pbsnodes: { stdout: readFixture('pbs/pbsnodes-documented-format.json') },
  qstat: { stdout: readFixture('pbs/qstat-Q-documented-format.json') },
  pbs_rstat: { stdout: readFixture('pbs/pbs_rstat-f-documented-format.txt') },
};

const CASES: ProbeCase[] = [
  {
    name: 'slurm 22.05: a drained node in a maintenance reservation, pending arrays',
    type: 'slurm',
    observe: slurm(SLURM_22_05),
    hasDetail: true,
  },
  {
    name: 'slurm 22.05: typed GPUs allocated',
    type: 'slurm',
    observe: slurm({
      ...SLURM_22_05,
      sinfo: { stdout: readFixture('slurm/sinfo-22.05-typed-gpus-allocated.txt') },
      squeue: { stdout: readFixture('slurm/squeue-22.05-gpu-jobs.txt') },
    }),
    hasDetail: true,
  },
  {
    name: 'slurm: documented node states, squeue failing (notes, jobs null)',
    type: 'slurm',
    observe: slurm({
      ...SLURM_22_05,
      sinfo: { stdout: readFixture('slurm/sinfo-documented-edge-cases.txt') },
      squeue: failed('squeue: error: Invalid user'),
    }),
    hasDetail: true,
  },
  {
    name: 'slurm 22.05: controller down',
    type: 'slurm',
    observe: slurm({ sinfo: failed(readFixture('slurm/sinfo-22.05-controller-down.stderr.txt')) }),
    hasDetail: false,
  },
  {
    name: 'pbs: documented pbsnodes, qstat -Q and pbs_rstat',
    type: 'pbs',
    observe: pbs(PBS_DOCUMENTED),
    hasDetail: true,
  },
  {
    name: 'pbs: pbsnodes printing invalid JSON, pbs_rstat failing',
    type: 'pbs',
    observe: pbs({
      ...PBS_DOCUMENTED,
      pbsnodes: { stdout: readFixture('pbs/pbsnodes-documented-format-invalid-json.txt') },
      pbs_rstat: failed('pbs_rstat: cannot connect to server'),
    }),
    hasDetail: true,
  },
  {
    name: 'pbs: server down',
    type: 'pbs',
    observe: pbs({ pbsnodes: failed('pbsnodes: cannot connect') }),
    hasDetail: false,
  },
  {
    name: 'gpu: an 8-way A100 node',
    type: 'gpu',
    observe: gpu({ stdout: readFixture('gpu/a100-sxm4-8x.csv') }),
    hasDetail: true,
  },
  {
    name: 'gpu: a GeForce with [Not Supported] values',
    type: 'gpu',
    observe: gpu({ stdout: readFixture('gpu/geforce-not-supported.csv') }),
    hasDetail: true,
  },
  {
    name: 'gpu: one GPU lost among the rows',
    type: 'gpu',
    observe: gpu({ exitCode: 15, stdout: readFixture('gpu/gpu-lost.txt') }),
    hasDetail: true,
  },
  {
    name: 'gpu: driver not loaded',
    type: 'gpu',
    observe: gpu({ exitCode: 9, stdout: readFixture('gpu/driver-not-loaded.txt') }),
    hasDetail: false,
  },
  ...[
    'nginx.service',
    'backup.timer',
    'celery-worker.service',
    'flower.service',
    'imaging-api.service',
    'nope.service',
    'redis-server.service',
    'thumbnailer.service',
  ].map((unit) => ({
    name: `systemd: ${unit}`,
    type: 'systemd' as const,
    observe: systemd(unit),
    hasDetail: true,
  })),
  {
    name: 'command: regex groups (number and text), then JSON metrics',
    type: 'command',
    observe: command(
      { match: 'version (?<version>\\S+) queue (?<depth>\\d+)' },
      { stdout: 'tool version 2.39.5 queue 42\n' },
    ),
    hasDetail: true,
  },
  {
    name: 'command: JSON metrics from cut output',
    type: 'command',
    observe: command(
      { json: [{ path: '$.jobs.waiting', metric: 'jobsWaiting' }] },
      { stdout: '{"jobs": {"waiting": 7}}', isTruncated: true },
    ),
    hasDetail: true,
  },
  {
    name: 'command: unexpected exit code',
    type: 'command',
    observe: command({}, failed('boom', 2)),
    hasDetail: false,
  },
  { name: 'filesystem: capacity and inodes', type: 'filesystem', observe: filesystem({}), hasDetail: true },
  {
    name: 'filesystem: Lustre with flagged and inactive targets',
    type: 'filesystem',
    observe: filesystem({ lustre: true }, { stdout: readFixture('lustre/lfs-df-flags.txt') }),
    hasDetail: true,
  },
  {
    name: 'filesystem: healthy Lustre',
    type: 'filesystem',
    observe: filesystem({ lustre: true }, { stdout: readFixture('lustre/lfs-df-healthy.txt') }),
    hasDetail: true,
  },
  {
    name: 'filesystem: lfs df failing',
    type: 'filesystem',
    observe: filesystem({ lustre: true }, failed('lfs: not a Lustre filesystem')),
    hasDetail: true,
  },
  {
    name: 'process: Celery-style workers in a captured /proc',
    type: 'process',
    observe: () =>
      probeProcess(
        ProcessCheckSchema.parse({ id: 'workers', type: 'process', processName: 'celery' }),
        makeProbeContext(),
        path.resolve('test/fixtures/process/proc'),
      ),
    hasDetail: true,
  },
  {
    name: 'process: /proc unreadable',
    type: 'process',
    observe: () =>
      probeProcess(
        ProcessCheckSchema.parse({ id: 'workers', type: 'process', processName: 'celery' }),
        makeProbeContext(),
        path.resolve('test/fixtures/process/no-such-proc'),
      ),
    hasDetail: false,
  },
];

describe('what probes that run programs store reads with their result schemas', () => {
  it.each(CASES)('$name', async ({ type, observe, hasDetail }) => {
    const observation = await observe();
    expect(expectReadable(type, observation)).toEqual({ hasDetail });
  });
});
