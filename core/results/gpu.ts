import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const GpuDetailShape = z.object({
  /** Every GPU nvidia-smi listed; a run that listed none stores no detail. */
  gpus: z.array(z.object({ index: z.number(), name: z.string(), uuid: z.string() })),
  /** Lines that were not a GPU row: "Unable to determine the device handle for GPU …: GPU is lost". */
  problems: z.array(z.string()).exactOptional(),
});
export const GpuDetailSchema = GpuDetailShape.loose();
export type GpuDetail = z.infer<typeof GpuDetailShape>;

/** What nvidia-smi gives per GPU, as `gpu:<index>:<field>`; a value it could not give is absent. */
export const GPU_READING_FIELDS = [
  'utilizationPercent',
  'memoryUtilizationPercent',
  'memoryTotalBytes',
  'memoryUsedBytes',
  'temperatureC',
  'powerW',
  'powerLimitW',
] as const;

const GpuTotalMetricsSchema = z.object({
  gpuCount: z.number().exactOptional(),
  /** Mean over the GPUs that gave one. */
  utilizationPercent: z.number().exactOptional(),
  memoryTotalBytes: z.number().exactOptional(),
  memoryUsedBytes: z.number().exactOptional(),
  /** Only when every GPU gave both memory figures. */
  memoryUsedPercent: z.number().exactOptional(),
  temperatureMaxC: z.number().exactOptional(),
  /** Sum over the GPUs. */
  powerW: z.number().exactOptional(),
});

/** Node totals by name, then `gpu:<index>:<field>` (the reading fields and memoryUsedPercent). */
export const GpuMetricsSchema = z.intersection(
  GpuTotalMetricsSchema,
  z.looseRecord(
    z.templateLiteral(['gpu:', z.number(), ':', z.enum([...GPU_READING_FIELDS, 'memoryUsedPercent'])]),
    z.number(),
  ),
);
export type GpuMetrics = z.infer<typeof GpuMetricsSchema>;

export const GPU_METRICS = listFieldNames(GpuTotalMetricsSchema);
