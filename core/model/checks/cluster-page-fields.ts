import { z } from 'zod';
import { IdSchema } from './base-check.ts';

/**
 * What a cluster's page shows beside its scheduler's figures, on slurm and pbs checks. Absent, the
 * page shows the login and filesystem checks of the scheduler check's own group.
 */
export const ClusterPageFields = {
  /** Login checks (or tcp checks of their SSH port) shown in the cluster page's "Login nodes" table. */
  loginNodes: z
    .array(IdSchema)
    .optional()
    .meta({
      description:
        "Ids of login (or tcp) checks shown as the cluster's login nodes, whatever their group (default: those in this check's group).",
      examples: [['derecho-login1', 'derecho-login2']],
    }),
  /** Filesystem checks shown in the cluster page's "Filesystems" table, whatever their group. */
  filesystems: z
    .array(IdSchema)
    .optional()
    .meta({
      description:
        "Ids of filesystem checks shown on the cluster's page with capacity, use and state, whatever their group (default: those in this check's group).",
      examples: [['glade', 'campaign', 'scratch']],
    }),
};
