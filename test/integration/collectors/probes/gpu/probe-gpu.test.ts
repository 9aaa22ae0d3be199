import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpuProbe } from '../../../../../collectors/probes/gpu/probe-gpu.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { GpuCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const FIXTURES = path.resolve('test/fixtures/gpu');
let binDir: string;

/** A fake nvidia-smi that checks its arguments, then prints a fixture and exits with a given code. */
async function writeFakeNvidiaSmi(name: string, fixture: string, exitCode: number): Promise<string> {
  const file = path.join(binDir, name);
  const script = `#!/bin/sh
case "$*" in
  "--query-gpu=index,name,uuid,utilization.gpu,utilization.memory,memory.total,memory.used,temperature.gpu,power.draw,power.limit --format=csv,noheader,nounits") ;;
  *) echo "fake nvidia-smi: unexpected arguments: $*" >&2; exit 2 ;;
esac
cat '${path.join(FIXTURES, fixture)}'
exit ${exitCode}
`;
  await writeFile(file, script, { mode: 0o755 });
  return file;
}

function probe(nvidiaSmi: string, fields: Record<string, unknown> = {}) {
  const check = GpuCheckSchema.parse({ id: 'gpus', type: 'gpu', nvidiaSmi, ...fields });
  return gpuProbe.probe(check, makeProbeContext({ run: runCommand }));
}

beforeAll(async () => {
  binDir = await mkdtemp(path.join(tmpdir(), 'vigil-fake-nvidia-smi-'));
});

afterAll(async () => {
  await rm(binDir, { recursive: true, force: true });
});

describe('gpu probe with a fake nvidia-smi replaying documented output (no NVIDIA GPU here)', () => {
  it('is up with per-GPU metrics for an 8-GPU node', async () => {
    const observation = await probe(await writeFakeNvidiaSmi('ok', 'a100-sxm4-8x.csv', 0), { expectGpus: 8 });
    expect(observation).toMatchObject({
      status: 'up',
      message: '8 GPUs (NVIDIA A100-SXM4-80GB), 57.9% busy, max 71 °C',
    });
    expect(observation.metrics).toMatchObject({
      gpuCount: 8,
      'gpu:3:temperatureC': 32,
      'gpu:6:powerW': 290.33,
    });
    expect(observation.detail?.gpus).toHaveLength(8);
  });

  it('is down when fewer GPUs answer than expected', async () => {
    const observation = await probe(await writeFakeNvidiaSmi('ok', 'a100-sxm4-8x.csv', 0), {
      expectGpus: 10,
    });
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^8 of 10 GPUs visible; /);
  });

  it('is degraded when one GPU is lost and the others answer (exit 15)', async () => {
    const observation = await probe(await writeFakeNvidiaSmi('lost', 'gpu-lost.txt', 15));
    expect(observation.status).toBe('degraded');
    expect(observation.message).toBe(
      '2 GPUs (Tesla V100-SXM2-32GB), 0% busy, max 36 °C; nvidia-smi exit 15: a GPU has fallen off the bus or has otherwise become inaccessible',
    );
    expect(observation.detail?.problems).toEqual([
      'Unable to determine the device handle for GPU0000:1A:00.0: Unknown Error',
    ]);
  });

  it.each([
    [
      'driver-not-loaded.txt',
      9,
      'NVIDIA driver not loaded: nvidia-smi could not communicate with the driver',
    ],
    [
      'nvml-mismatch.txt',
      18,
      'NVML driver/library version mismatch: the driver was upgraded but the old kernel module is still loaded (reboot or reload nvidia)',
    ],
    ['no-devices.txt', 6, 'no NVIDIA GPUs found'],
  ])('is down in words for %s (exit %d)', async (fixture, exitCode, message) => {
    const observation = await probe(await writeFakeNvidiaSmi(`fail-${exitCode}`, fixture, exitCode));
    expect(observation).toEqual({ status: 'down', message });
  });

  it('is down with "command not found" when nvidia-smi is not installed', async () => {
    const observation = await probe('nvidia-smi-not-installed-here');
    expect(observation).toEqual({
      status: 'down',
      message: 'command not found: nvidia-smi-not-installed-here',
    });
  });
});
