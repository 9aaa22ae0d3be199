import { z } from 'zod';
import { DurationSchema } from '../duration.ts';
import { BaseCheckFields } from './base-check.ts';
import { ClusterPageFields } from './cluster-page-fields.ts';

/** Where the PBS client programs are; plain names are looked up on PATH. */
const PbsCommandsSchema = z
  .strictObject({
    qstat: z.string().min(1).default('qstat').meta({ description: 'Path of qstat.' }),
    pbsnodes: z.string().min(1).default('pbsnodes').meta({ description: 'Path of pbsnodes.' }),
    pbs_rstat: z.string().min(1).default('pbs_rstat').meta({ description: 'Path of pbs_rstat.' }),
  })
  .prefault({})
  .meta({ description: 'Paths of the PBS client programs (default: found on PATH).' });

/**
 * A PBS Pro / OpenPBS cluster seen through `qstat -Q`, `pbsnodes -a` and `pbs_rstat`. Jobs are
 * counted per queue; `jobs: true` also lists them with `qstat -f -F json` (heavier on the server,
 * and invalid JSON at times) for active users and what each queue's running jobs hold.
 */
export const PbsCheckSchema = z.strictObject({
  ...BaseCheckFields,
  ...ClusterPageFields,
  type: z
    .literal('pbs')
    .meta({ description: 'A PBS Pro / OpenPBS cluster (qstat -Q, pbsnodes, pbs_rstat).' }),
  /** pbsnodes on thousands of nodes takes seconds; the server is shared with every user's qstat. */
  timeout: DurationSchema.prefault('60s').meta({
    description: 'How long the three queries may take together before the check is reported down.',
  }),
  /** Name shown on the cluster page; defaults to the check's name. */
  cluster: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Cluster name shown on the site.', examples: ['casper'] }),
  /** PBS server to ask (`qstat -Q @server`, `pbsnodes -s server`); default: the client's configured server. */
  server: z
    .string()
    .regex(/^[\w.-]+$/, { error: 'expected a PBS server host name such as "desched1"' })
    .optional()
    .meta({ description: 'PBS server to ask (default: the one in pbs.conf).', examples: ['desched1'] }),
  /** Only these queues and the nodes that serve them; empty means all. */
  queues: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Only these queues and their nodes (default: all).', examples: [['cpu', 'gpu']] }),
  /** Groups nodes into types by this `resources_available` key (one row each, counted in full); absent keeps grouping by specs. */
  nodeTypeResource: z
    .string()
    .regex(/^[A-Za-z_][\w.-]*$/, { error: 'expected a PBS resource name such as "nodetype" or "Qlist"' })
    .optional()
    .meta({
      description:
        'resources_available key whose value names a node type (total, available, allocated, down, utilisation per type).',
      examples: ['nodetype', 'Qlist'],
    }),
  /** pbs.conf to use (sets PBS_CONF_FILE). */
  pbsConf: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Path of pbs.conf (sets PBS_CONF_FILE).', examples: ['/etc/pbs.conf'] }),
  commands: PbsCommandsSchema,
  /** List reservations with pbs_rstat. */
  reservations: z.boolean().default(true).meta({ description: 'List reservations with pbs_rstat.' }),
  /** Read every job with `qstat -f -F json`: active users overall and per queue, cores/GPUs/nodes held per queue. */
  jobs: z.boolean().default(false).meta({
    description:
      'Also list jobs with qstat -f -F json: active users overall and per queue, and the cores, GPUs and nodes held by running jobs per queue.',
  }),
  /** `qstat -f -F json` prints 2–5 kB per job (Variable_List is most of it): 50,000 jobs are about 150 MB. */
  maxJobOutputBytes: z.int().min(65_536).default(268_435_456).meta({
    description: 'Most bytes kept of qstat -f (jobs: true); past it, the jobs after the cut are not counted.',
  }),
  /** Most down/offline nodes listed by name with their comment. */
  maxListedNodes: z
    .int()
    .min(0)
    .max(1000)
    .default(50)
    .meta({ description: 'Most down or offline nodes listed by name and comment.' }),
  /** Most bytes read from each command; `pbsnodes -a -F json` prints about 1 kB per node. */
  maxOutputBytes: z
    .int()
    .min(65_536)
    .default(67_108_864)
    .meta({ description: 'Most bytes kept of each command output.' }),
});
export type PbsCheck = z.infer<typeof PbsCheckSchema>;
