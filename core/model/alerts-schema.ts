import { z } from 'zod';
import {
  DiscordProviderFields,
  EmailProviderFields,
  GotifyProviderFields,
  MatrixProviderFields,
  MattermostProviderFields,
  NtfyProviderFields,
  OpsgenieProviderFields,
  PagerDutyProviderFields,
  PushoverProviderFields,
  RocketChatProviderFields,
  SlackProviderFields,
  TeamsProviderFields,
  TelegramProviderFields,
  WebhookProviderFields,
} from './alert-provider-schemas.ts';
import { IdSchema } from './checks/base-check.ts';
import { DurationSchema } from './duration.ts';

/** The longest `alerts.deadline`: a run holds its collect lock while it delivers. */
export const MAX_ALERT_DEADLINE_MS = 120_000;

/** What can be announced: a check's judged status, and incidents and maintenance by their files. */
export const ALERT_EVENTS = [
  'down',
  'degraded',
  'recovered',
  'maintenance.started',
  'maintenance.ended',
  'incident.opened',
  'incident.updated',
  'incident.resolved',
  'collector.silent',
  'collector.back',
] as const;
export const AlertEventSchema = z.enum(ALERT_EVENTS);
export type AlertEvent = z.infer<typeof AlertEventSchema>;

/** Fields every provider has: its id, which alerts it wants, and how hard to try. */
const AlertRuleFields = {
  /** Names the provider in logs, in the outbox and in `vigil notify test ID`. */
  id: IdSchema.meta({
    description: 'Names the provider in logs, the outbox and `vigil notify test ID`.',
    examples: ['ops-mail'],
  }),
  /** Which transitions it hears of. */
  events: z
    .array(AlertEventSchema)
    .min(1)
    .default([
      'down',
      'recovered',
      'incident.opened',
      'incident.updated',
      'incident.resolved',
      'maintenance.started',
      'maintenance.ended',
      'collector.silent',
      'collector.back',
    ])
    .meta({ description: 'Transitions it hears of (default: all but "degraded").' }),
  /** Only these checks (and incidents that affect them); every check when left out. */
  checks: z
    .array(IdSchema)
    .optional()
    .meta({ description: 'Only these checks (default: every check).', examples: [['web', 'db']] }),
  /** Only checks in these groups (and incidents that affect them); every group when left out. */
  groups: z
    .array(IdSchema)
    .optional()
    .meta({ description: 'Only checks in these groups (default: every group).', examples: [['core']] }),
  /** Runs a check must stay down or degraded before it is announced, on top of failuresBeforeDown. */
  sendAfter: z.int().min(1).max(1000).default(1).meta({
    description:
      'Runs a check must stay down (or degraded) before the alert goes, counted after failuresBeforeDown.',
  }),
  /** Tell again this often while a check stays down or degraded. */
  remindEvery: DurationSchema.optional().meta({
    description: 'Remind this often while a check stays down (default: never).',
    examples: ['1h'],
  }),
  /** Most time one request may take. */
  timeout: DurationSchema.prefault('10s').meta({ description: 'Most time one request may take.' }),
  /** Attempts after a network error, a timeout, a 429 or a 5xx, within the run's alert deadline. */
  retries: z
    .int()
    .min(0)
    .max(10)
    .default(2)
    .meta({ description: 'Retries after a network error, timeout, 429 or 5xx (within alerts.deadline).' }),
};

const provider = <T extends z.core.$ZodLooseShape>(fields: T) =>
  z.strictObject({ ...AlertRuleFields, ...fields });

/** One place alerts go: a service and the rules of what it is told. */
export const AlertProviderSchema = z.discriminatedUnion('type', [
  provider(EmailProviderFields),
  provider(TeamsProviderFields),
  provider(SlackProviderFields),
  provider(DiscordProviderFields),
  provider(WebhookProviderFields),
  provider(TelegramProviderFields),
  provider(MatrixProviderFields),
  provider(MattermostProviderFields),
  provider(RocketChatProviderFields),
  provider(NtfyProviderFields),
  provider(GotifyProviderFields),
  provider(PushoverProviderFields),
  provider(PagerDutyProviderFields),
  provider(OpsgenieProviderFields),
]);
export type AlertProvider = z.infer<typeof AlertProviderSchema>;
export type AlertProviderType = AlertProvider['type'];
export type AlertProviderOf<T extends AlertProviderType> = Extract<AlertProvider, { type: T }>;

/** Who hears of what, how long delivery may take, the outbox, and the dead-man's switch. */
export const AlertsSchema = z
  .strictObject({
    providers: z
      .array(AlertProviderSchema)
      .default([])
      .meta({ description: 'Where alerts go, each with its own rules.' }),
    /** All deliveries of one run end within this, after its line is written; at most 2 minutes. */
    deadline: DurationSchema.prefault('15s')
      .refine((ms) => ms <= MAX_ALERT_DEADLINE_MS, {
        error: 'at most 2m: the run holds its lock while it delivers, so the next run would wait',
      })
      .meta({
        description:
          'All alert deliveries of one run end within this, after its line is written (at most 2m).',
      }),
    /** The one collector that announces incidents and maintenance (default: publish.incidentsFrom, else the first enabled source). */
    incidentsFrom: IdSchema.optional().meta({
      description:
        'Source whose collector announces incidents and maintenance (default: publish.incidentsFrom, else the first enabled source).',
      examples: ['hpc-login'],
    }),
    /** An alert not delivered is kept in data/state/ and tried by later runs, until it is this old. */
    outboxMaxAge: DurationSchema.prefault('6h').meta({
      description:
        'An undelivered alert is retried by later runs until it is this old, then dropped with a log line.',
    }),
    /** Dead-man's switch: pinged after every completed run, so an outside service notices when runs stop. */
    heartbeat: z
      .strictObject({
        url: z.url({ protocol: /^https?$/ }).meta({
          description: 'Healthchecks.io / Uptime Kuma push URL (a secret: "${HEARTBEAT_URL}").',
          examples: ['${HEARTBEAT_URL}'],
        }),
        method: z.enum(['GET', 'POST']).default('GET').meta({ description: 'HTTP method of the ping.' }),
        timeout: DurationSchema.prefault('5s').meta({ description: 'Most time the ping may take.' }),
      })
      .optional()
      .meta({ description: "Dead-man's switch pinged after every completed run." }),
  })
  .prefault({})
  .meta({
    description: 'Alerts to people: email, chat and paging providers, their rules, delivery, heartbeat.',
  });
export type AlertsConfig = z.infer<typeof AlertsSchema>;
