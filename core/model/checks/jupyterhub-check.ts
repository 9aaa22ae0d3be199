import { z } from 'zod';
import { DurationSchema } from '../duration.ts';
import { BaseCheckFields } from './base-check.ts';

/** A JupyterHub: health, version, and (with a token) active users and running servers. */
export const JupyterhubCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('jupyterhub').meta({ description: 'JupyterHub health, users and servers (REST API).' }),
  /** The hub's public address, without `/hub/`. */
  url: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as "https://jupyter.example.org"' })
    .meta({
      description: "The hub's address (the part before /hub/).",
      examples: ['https://jupyter.example.org'],
    }),
  /** API token with the `list:users` and `read:users:activity`/`read:servers` scopes (admin:users works). */
  token: z
    .string()
    .min(1)
    .optional()
    .meta({
      description:
        'API token allowed to list users and servers; without it only health and version are read.',
      examples: ['${JUPYTERHUB_TOKEN}'],
    }),
  /** A user counts as active when their last activity is this recent. */
  activeWithin: DurationSchema.prefault('30m').meta({
    description: 'A user counts as active when their last activity is this recent.',
    examples: ['30m', '24h'],
  }),
  /** Users asked for per page of the users API. */
  pageSize: z
    .int()
    .min(1)
    .max(1000)
    .default(200)
    .meta({ description: 'Users asked for per page; every page is read.' }),
  /** Accept a certificate that does not verify. */
  insecure: z.boolean().default(false).meta({ description: 'Accept a certificate that does not verify.' }),
});
export type JupyterhubCheck = z.infer<typeof JupyterhubCheckSchema>;
