import type { GpuCheck } from '../../../core/model/index.ts';
import { GPU_READING_FIELDS, type GpuDetail, type GpuMetrics } from '../../../core/results/gpu.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import {
  describeNvidiaSmiFailure,
  type GpuReading,
  NVIDIA_SMI_QUERY_FIELDS,
  parseNvidiaSmiCsv,
} from './nvidia-smi-csv.ts';

/** Asks nvidia-smi for every GPU in one fixed CSV query and records per-GPU and whole-host numbers. */
async function probeGpu(check: GpuCheck, context: ProbeContext): Promise<Observation> {
  const outcome = await context.run({
    // Which GPUs the driver shows.
    passEnv: ['CUDA_VISIBLE_DEVICES', 'NVIDIA_VISIBLE_DEVICES'],
    argv: [
      check.nvidiaSmi,
      `--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(',')}`,
      '--format=csv,noheader,nounits',
    ],
    signal: context.signal,
    maxOutputBytes: 262_144,
  });
  if (outcome.timedOut) return { status: 'down', message: describeTimeout(context) };
  if (outcome.exitCode === null)
    return { status: 'down', message: outcome.failure ?? 'nvidia-smi did not exit' };
  const output = `${outcome.stdout}\n${outcome.stderr}`;
  // A lost GPU makes nvidia-smi print an error line among the rows of the others, and exit non-zero.
  const report = parseNvidiaSmiCsv(outcome.stdout);
  if (report.gpus.length === 0) {
    return { status: 'down', message: describeNvidiaSmiFailure(output, outcome.exitCode) };
  }
  const metrics = summarizeGpus(report.gpus);
  const detail: GpuDetail = {
    gpus: report.gpus.map(({ index, name, uuid }) => ({ index, name, uuid })),
  };
  if (report.problems.length > 0) detail.problems = report.problems;
  const summary = describeGpus(report.gpus, metrics);
  if (check.expectGpus !== undefined && report.gpus.length < check.expectGpus) {
    return {
      status: 'down',
      message: `${report.gpus.length} of ${check.expectGpus} GPUs visible; ${summary}`,
      metrics,
      detail,
    };
  }
  if (report.problems.length > 0 || outcome.exitCode !== 0) {
    const problem = describeNvidiaSmiFailure(
      `${report.problems.join('\n')}\n${outcome.stderr}`,
      outcome.exitCode,
    );
    return { status: 'degraded', message: `${summary}; ${problem}`, metrics, detail };
  }
  return { status: 'up', message: summary, metrics, detail };
}

/** Per-GPU metrics as `gpu:<index>:<name>`, plus totals, means and maxima over all GPUs. */
export function summarizeGpus(gpus: readonly GpuReading[]): GpuMetrics {
  const metrics: GpuMetrics = { gpuCount: gpus.length };
  for (const gpu of gpus) {
    for (const key of GPU_READING_FIELDS) {
      const value = gpu[key];
      if (value !== undefined) metrics[`gpu:${gpu.index}:${key}` as const] = value;
    }
    if (gpu.memoryTotalBytes !== undefined && gpu.memoryUsedBytes !== undefined && gpu.memoryTotalBytes > 0) {
      metrics[`gpu:${gpu.index}:memoryUsedPercent` as const] = roundTenth(
        (gpu.memoryUsedBytes / gpu.memoryTotalBytes) * 100,
      );
    }
  }
  const utilizations = present(gpus.map((gpu) => gpu.utilizationPercent));
  if (utilizations.length > 0) metrics.utilizationPercent = roundTenth(mean(utilizations));
  const totals = present(gpus.map((gpu) => gpu.memoryTotalBytes));
  const used = present(gpus.map((gpu) => gpu.memoryUsedBytes));
  if (totals.length > 0) metrics.memoryTotalBytes = sum(totals);
  if (used.length > 0) metrics.memoryUsedBytes = sum(used);
  if (totals.length > 0 && used.length === totals.length && sum(totals) > 0) {
    metrics.memoryUsedPercent = roundTenth((sum(used) / sum(totals)) * 100);
  }
  const temperatures = present(gpus.map((gpu) => gpu.temperatureC));
  if (temperatures.length > 0) metrics.temperatureMaxC = Math.max(...temperatures);
  const powers = present(gpus.map((gpu) => gpu.powerW));
  if (powers.length > 0) metrics.powerW = roundTenth(sum(powers));
  return metrics;
}

function describeGpus(gpus: readonly GpuReading[], metrics: GpuMetrics): string {
  const names = [...new Set(gpus.map((gpu) => gpu.name))].join(', ');
  const parts = [`${gpus.length} GPU${gpus.length === 1 ? '' : 's'} (${names})`];
  if (metrics.utilizationPercent !== undefined) parts.push(`${metrics.utilizationPercent}% busy`);
  if (metrics.temperatureMaxC !== undefined) parts.push(`max ${metrics.temperatureMaxC} °C`);
  return parts.join(', ');
}

function present(values: readonly (number | undefined)[]): number[] {
  return values.filter((value) => value !== undefined);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

export const gpuProbe: ProbeDefinition<'gpu'> = {
  preload: preloadCommandRunner,
  probe: probeGpu,
  defaultThresholds: DEFAULT_THRESHOLDS.gpu,
};
