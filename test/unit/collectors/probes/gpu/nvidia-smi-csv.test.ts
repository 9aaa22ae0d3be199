import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeNvidiaSmiFailure,
  parseNvidiaSmiCsv,
} from '../../../../../collectors/probes/gpu/nvidia-smi-csv.ts';
import { summarizeGpus } from '../../../../../collectors/probes/gpu/probe-gpu.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/gpu/${name}`, import.meta.url), 'utf8');
const MIB = 1_048_576;

describe('parseNvidiaSmiCsv', () => {
  it('reads every GPU of an 8-way A100 node', () => {
    const { gpus, problems } = parseNvidiaSmiCsv(fixture('a100-sxm4-8x.csv'));
    expect(problems).toEqual([]);
    expect(gpus).toHaveLength(8);
    expect(gpus[1]).toEqual({
      index: 1,
      name: 'NVIDIA A100-SXM4-80GB',
      uuid: 'GPU-8e7d6c5b-4a39-2817-0615-f4e3d2c1b0a9',
      utilizationPercent: 100,
      memoryUtilizationPercent: 74,
      memoryTotalBytes: 81920 * MIB,
      memoryUsedBytes: 79012 * MIB,
      temperatureC: 71,
      powerW: 389.12,
      powerLimitW: 400,
    });
  });

  it('leaves out [N/A] and [Not Supported] values instead of recording 0', () => {
    const { gpus } = parseNvidiaSmiCsv(fixture('geforce-not-supported.csv'));
    expect(gpus[0]).not.toHaveProperty('powerW');
    expect(gpus[0]).not.toHaveProperty('powerLimitW');
    expect(gpus[0]?.utilizationPercent).toBe(12);
    expect(gpus[1]).toMatchObject({ name: 'Tesla K80', memoryUsedBytes: 0, powerW: 26.05 });
    expect(gpus[1]).not.toHaveProperty('utilizationPercent');
    expect(gpus[1]).not.toHaveProperty('temperatureC');
  });

  it('keeps a lost GPU line as a problem and the other GPUs as readings', () => {
    const { gpus, problems } = parseNvidiaSmiCsv(fixture('gpu-lost.txt'));
    expect(gpus.map((gpu) => gpu.index)).toEqual([0, 2]);
    expect(problems).toEqual(['Unable to determine the device handle for GPU0000:1A:00.0: Unknown Error']);
  });

  it('keeps a name that contains a comma whole', () => {
    const { gpus } = parseNvidiaSmiCsv(
      '0, Quadro RTX 6000, Rev B, GPU-1, 5, 1, 24576, 100, 40, 30.5, 260.00\n',
    );
    expect(gpus[0]).toMatchObject({ name: 'Quadro RTX 6000, Rev B', uuid: 'GPU-1', powerLimitW: 260 });
  });
});

describe('summarizeGpus', () => {
  it('records per-GPU metrics as gpu:<index>:<name> and whole-node aggregates', () => {
    const metrics = summarizeGpus(parseNvidiaSmiCsv(fixture('a100-sxm4-8x.csv')).gpus);
    expect(metrics).toMatchObject({
      gpuCount: 8,
      'gpu:0:utilizationPercent': 97,
      'gpu:1:memoryUsedPercent': 96.5,
      'gpu:7:temperatureC': 63,
      utilizationPercent: 57.9,
      memoryTotalBytes: 8 * 81920 * MIB,
      temperatureMaxC: 71,
      powerW: 1767.1,
    });
  });

  it('has no aggregate for a value no GPU gave', () => {
    const metrics = summarizeGpus(
      parseNvidiaSmiCsv('0, X, GPU-1, [N/A], [N/A], 1024, 10, [N/A], [N/A], [N/A]\n').gpus,
    );
    expect(metrics).toEqual({
      gpuCount: 1,
      'gpu:0:memoryTotalBytes': 1024 * MIB,
      'gpu:0:memoryUsedBytes': 10 * MIB,
      'gpu:0:memoryUsedPercent': 1,
      memoryTotalBytes: 1024 * MIB,
      memoryUsedBytes: 10 * MIB,
      memoryUsedPercent: 1,
    });
  });
});

describe('describeNvidiaSmiFailure: every documented failure in words', () => {
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
  ])('%s (exit %d)', (name, exitCode, words) => {
    expect(describeNvidiaSmiFailure(fixture(name), exitCode)).toBe(words);
  });

  it('falls back to the documented exit code meanings, then to what it printed', () => {
    expect(describeNvidiaSmiFailure('', 4)).toBe(
      'nvidia-smi exit 4: the current user is not allowed to query the GPUs',
    );
    expect(describeNvidiaSmiFailure('something odd\n', 42)).toBe('nvidia-smi exit 42: something odd');
  });
});
