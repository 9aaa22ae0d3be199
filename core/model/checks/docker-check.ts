import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

/**
 * Containers on a Docker Engine, chosen by name, label or Compose project, judged by State and
 * Health. With `composeProject`, every Compose service gets its own status in `detail.services`.
 */
export const DockerCheckSchema = z
  .strictObject({
    ...BaseCheckFields,
    type: z.literal('docker').meta({ description: 'Containers on a Docker Engine: state and health.' }),
    /** Container names, matched exactly; a name with no container is down ("missing"). */
    containers: z
      .array(z.string().min(1))
      .default([])
      .meta({ description: 'Container names, matched exactly.', examples: [['nginx', 'gitea']] }),
    /** Label filters as Docker writes them: `key` (any value) or `key=value`. All must match. */
    labels: z
      .array(z.string().min(1))
      .default([])
      .meta({
        description: 'Label filters, "key" or "key=value"; a container must carry all of them.',
        examples: [['com.example.monitor=true']],
      }),
    /** A Docker Compose project (the `com.docker.compose.project` label); one status per service. */
    composeProject: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Docker Compose project name; every service gets a status.', examples: ['lab'] }),
    /** Show every Compose service as a component of its own on the site, beside the project's. */
    expandServices: z.boolean().default(false).meta({
      description:
        'Show every Compose service as a component of its own on the site (id `<check id>--<service>`), beside the whole project.',
    }),
    /** Compose services that must exist; one without a container is down ("missing"). */
    services: z
      .array(z.string().min(1))
      .default([])
      .meta({
        description: 'Compose services that must have a container (missing ones are down).',
        examples: [['web', 'db', 'redis', 'celery']],
      }),
    /** Unix socket of the Docker Engine; defaults to `DOCKER_HOST`, else /var/run/docker.sock. */
    socketPath: z
      .string()
      .min(1)
      .optional()
      .meta({
        description: 'Docker Engine socket (default: DOCKER_HOST, else /var/run/docker.sock).',
        examples: ['/var/run/docker.sock'],
      }),
  })
  .refine(
    (check) => check.containers.length + check.labels.length > 0 || check.composeProject !== undefined,
    {
      error: 'choose containers: give "containers" (names), "labels", "composeProject", or a combination',
    },
  )
  .refine((check) => check.services.length === 0 || check.composeProject !== undefined, {
    error: '"services" names Compose services; give "composeProject" too',
    path: ['services'],
  })
  .refine((check) => !check.expandServices || check.composeProject !== undefined, {
    error: '"expandServices" shows Compose services; give "composeProject" too',
    path: ['expandServices'],
  });
export type DockerCheck = z.infer<typeof DockerCheckSchema>;
