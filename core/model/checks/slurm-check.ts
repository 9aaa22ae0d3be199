import { z } from 'zod';
import { DurationSchema } from '../duration.ts';
import { BaseCheckFields } from './base-check.ts';
import { ClusterPageFields } from './cluster-page-fields.ts';

/** Where the Slurm client programs are; plain names are looked up on PATH. */
const SlurmCommandsSchema = z
  .strictObject({
    sinfo: z.string().min(1).default('sinfo').meta({ description: 'Path of sinfo.' }),
    squeue: z.string().min(1).default('squeue').meta({ description: 'Path of squeue.' }),
    scontrol: z.string().min(1).default('scontrol').meta({ description: 'Path of scontrol.' }),
  })
  .prefault({})
  .meta({ description: 'Paths of the Slurm client programs (default: found on PATH).' });

/** A SLURM cluster seen through sinfo, squeue and scontrol: nodes, CPUs, GPUs, jobs, reservations. */
export const SlurmCheckSchema = z.strictObject({
  ...BaseCheckFields,
  ...ClusterPageFields,
  type: z.literal('slurm').meta({ description: 'A SLURM cluster (sinfo, squeue, scontrol).' }),
  /** sinfo and squeue on a large cluster can take seconds, and Slurm retries a lost controller for ~10 s. */
  timeout: DurationSchema.prefault('30s').meta({
    description: 'How long the three queries may take together before the check is reported down.',
  }),
  /** Name shown on the cluster page; defaults to the check's name. */
  cluster: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Cluster name shown on the site.', examples: ['derecho'] }),
  /** Only these partitions (passed to sinfo and squeue as --partition); empty means all the collector can see. */
  partitions: z
    .array(z.string().regex(/^[^,\s]+$/, { error: 'expected a partition name without commas or spaces' }))
    .default([])
    .meta({
      description: 'Only these partitions (default: every partition visible).',
      examples: [['cpu', 'gpu']],
    }),
  /** Node features that name a type, in priority order (a node's type is the first listed it has); absent keeps grouping by specs. */
  nodeTypeFeatures: z
    .array(z.string().regex(/^[^,\s]+$/, { error: 'expected a node feature without commas or spaces' }))
    .min(1, { error: 'list at least one feature, or leave nodeTypeFeatures out' })
    .optional()
    .meta({
      description:
        'Features that name a node type, first match wins (total, available, allocated, down, utilisation per type).',
      examples: [['standard', 'bigmem', 'gpu-v100', 'gpu-a100']],
    }),
  /** slurm.conf to use (sets SLURM_CONF for the commands); without it Slurm finds its controller itself. */
  slurmConf: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Path of slurm.conf (sets SLURM_CONF).', examples: ['/etc/slurm/slurm.conf'] }),
  commands: SlurmCommandsSchema,
  /** Ask squeue for jobs (running, pending, reasons, users); off for clusters whose queue is too long to list. */
  jobs: z.boolean().default(true).meta({ description: 'Count jobs with squeue.' }),
  /** Ask scontrol for reservations. */
  reservations: z.boolean().default(true).meta({ description: 'List reservations with scontrol.' }),
  /** Most down/drained nodes listed by name with their reason. */
  maxListedNodes: z
    .int()
    .min(0)
    .max(1000)
    .default(50)
    .meta({ description: 'Most down or drained nodes listed by name and reason.' }),
  /** Most bytes read from each command; 100,000 queued jobs print about 6 MB. */
  maxOutputBytes: z
    .int()
    .min(65_536)
    .default(67_108_864)
    .meta({ description: 'Most bytes kept of each command output.' }),
});
export type SlurmCheck = z.infer<typeof SlurmCheckSchema>;
