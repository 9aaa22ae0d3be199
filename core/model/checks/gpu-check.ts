import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/** NVIDIA GPUs of the collector host, asked with `nvidia-smi --query-gpu`. */
export const GpuCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('gpu').meta({ description: 'NVIDIA GPUs through nvidia-smi.' }),
  /** The nvidia-smi program: a name looked up on PATH or an absolute path. */
  nvidiaSmi: z
    .string()
    .min(1)
    .default('nvidia-smi')
    .meta({
      description: 'nvidia-smi program (name on PATH or absolute path).',
      examples: ['/usr/bin/nvidia-smi'],
    }),
  /** GPUs that must be visible; fewer is down (a GPU fell off the bus). */
  expectGpus: z
    .int()
    .min(1)
    .optional()
    .meta({ description: 'How many GPUs must be visible; fewer is down.', examples: [8] }),
});
export type GpuCheck = z.infer<typeof GpuCheckSchema>;
