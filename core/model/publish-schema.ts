import { z } from 'zod';
import { IdSchema } from './checks/base-check.ts';
import { DurationSchema } from './duration.ts';

/** Where a status change is POSTed, in which shape, and for which checks. */
export const WebhookSchema = z.strictObject({
  /** Name used in logs instead of the URL (which often is the secret). */
  name: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Name used in logs instead of the URL.', examples: ['ops-slack'] }),
  /** Where to POST; keep tokens out of the file with ${VAR}. */
  url: z.url({ protocol: /^https?$/ }).meta({
    description: 'Where to POST. Put the secret part in the environment: "${SLACK_WEBHOOK_URL}".',
    examples: ['${SLACK_WEBHOOK_URL}', 'https://hooks.example.org/vigil'],
  }),
  /** Payload shape: Slack-compatible, Discord-compatible, or Vigil's own JSON. */
  format: z
    .enum(['json', 'slack', 'discord'])
    .default('json')
    .meta({ description: 'Payload shape: "slack", "discord" or Vigil\'s own "json".' }),
  /** Only checks in these groups; all checks when left out. */
  groups: z
    .array(IdSchema)
    .optional()
    .meta({ description: 'Only checks in these groups (default: every check).', examples: [['core']] }),
  /** The least severe status that notifies; a recovery notifies when the status it leaves did. */
  minSeverity: z.enum(['maintenance', 'degraded', 'down']).default('degraded').meta({
    description:
      'Least severe status that notifies (maintenance < degraded < down); a recovery notifies when the status it ends did.',
  }),
  /** Most time one POST may take. */
  timeout: DurationSchema.prefault('10s').meta({ description: 'Most time one POST may take.' }),
  /** POSTs tried again after a network error or a 5xx/429 answer. */
  retries: z
    .int()
    .min(0)
    .max(10)
    .default(2)
    .meta({ description: 'Retries after a network error or a 5xx/429 answer.' }),
});
export type Webhook = z.infer<typeof WebhookSchema>;

/** How collectors publish their data through git, and whom they tell about status changes. */
export const PublishSchema = z
  .strictObject({
    /** `vigil collect` publishes after every run, as `collect --publish` does. */
    enabled: z
      .boolean()
      .default(false)
      .meta({ description: '`vigil collect` commits and pushes after every run, like `collect --publish`.' }),
    /** Git remote to push to. */
    remote: z.string().min(1).default('origin').meta({ description: 'Git remote to push to.' }),
    /** Keep the data on a branch of its own (through a worktree), away from people's pull requests. */
    branch: z
      .string()
      .regex(/^(?!-)(?!.*\.\.)[\w./-]+$/, { error: 'expected a git branch name such as "status-data"' })
      .optional()
      .meta({
        description: 'Branch of its own for the data (via a worktree); default: the checked-out branch.',
        examples: ['status-data'],
      }),
    /** POSTed to on every judged status change of a check, and when incidents and maintenance start and end. */
    webhooks: z.array(WebhookSchema).default([]).meta({
      description:
        'Webhooks told about every judged status change of a check, and when incidents and maintenance start and end.',
    }),
    /** The one collector that tells webhooks about incidents and maintenance, so several never send it twice. */
    incidentsFrom: IdSchema.optional().meta({
      description:
        'Source whose collector tells the webhooks when incidents and maintenance start and end (default: the first enabled source).',
      examples: ['hpc-login'],
    }),
  })
  .prefault({})
  .meta({ description: 'Publishing data through git and notifying webhooks.' });
export type PublishSettingsConfig = z.infer<typeof PublishSchema>;
