import { z } from 'zod';

// The fields of each alert provider type, one schema per service, following that service's API.
// Fields that hold a secret say so in their description; write them as "${VAR}".

const httpsUrl = (description: string, examples: string[]) =>
  z.url({ protocol: /^https?$/ }).meta({ description, examples });
const secret = (description: string, example: string) =>
  z
    .string()
    .min(1)
    .meta({ description: `${description} A secret: write it as "\${VAR}".`, examples: [example] });

/** Email through an SMTP server (nodemailer): STARTTLS, TLS from the first byte, or plain on a trusted relay. */
export const EmailProviderFields = {
  type: z.literal('email'),
  host: z
    .string()
    .min(1)
    .meta({ description: 'SMTP server host name.', examples: ['smtp.example.org'] }),
  /** Default: 465 for `tls`, 587 for `starttls`, 25 for `none`. */
  port: z.int().min(1).max(65535).optional().meta({
    description: 'SMTP port (default: 465 for tls, 587 for starttls, 25 for none).',
  }),
  /** `starttls` upgrades a plain connection and refuses to go on without TLS; `tls` speaks TLS at once. */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls').meta({
    description:
      '"starttls" (required upgrade, port 587), "tls" (implicit TLS, port 465), or "none" (a trusted relay).',
  }),
  username: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'SMTP AUTH user name.', examples: ['vigil'] }),
  password: secret('SMTP AUTH password.', '${SMTP_PASSWORD}').optional(),
  /** A PEM file of the CA that signed the server's certificate, for a private CA. */
  caFile: z
    .string()
    .min(1)
    .optional()
    .meta({
      description: "PEM file of the CA that signed the server's certificate, when it is a private CA.",
      examples: ['/etc/ssl/certs/internal-ca.pem'],
    }),
  from: z
    .string()
    .min(3)
    .meta({ description: 'Sender address.', examples: ['Vigil <vigil@example.org>'] }),
  to: z
    .array(z.string().min(3))
    .min(1)
    .meta({
      description: 'Recipients: people, a group alias or a mailing list.',
      examples: [['ops@example.org']],
    }),
  /** A list people may join to hear of incidents and maintenance: offered in the site's Subscribe menu. */
  subscribe: z
    .object({
      address: z
        .email()
        .optional()
        .meta({
          description: 'The list address people write to (or are added to), shown on the site.',
          examples: ['status-announce@example.org'],
        }),
      url: z
        .url({ protocol: /^(https?|mailto)$/ })
        .optional()
        .meta({
          description: "Where to join: a mailto: link or the list server's page.",
          examples: ['https://lists.example.org/postorius/lists/status-announce.example.org/'],
        }),
      instructions: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .meta({
          description: 'One line for people who want to join.',
          examples: ['Write to the address with "subscribe" as the subject.'],
        }),
    })
    .refine((subscribe) => subscribe.address !== undefined || subscribe.url !== undefined, {
      message: 'give the list address, its URL, or both',
    })
    .optional()
    .meta({
      description:
        "A mailing list to offer in the front page's Subscribe menu (its address or URL and one line of instructions); only these fields are published, never the SMTP settings.",
    }),
};

/** Microsoft Teams through a Workflows ("When a Teams webhook request is received") URL, as an Adaptive Card. */
export const TeamsProviderFields = {
  type: z.literal('teams'),
  url: httpsUrl('The Workflows webhook URL (a secret: "${TEAMS_WEBHOOK_URL}").', ['${TEAMS_WEBHOOK_URL}']),
};

export const SlackProviderFields = {
  type: z.literal('slack'),
  url: httpsUrl('Slack incoming webhook URL (a secret).', ['${SLACK_WEBHOOK_URL}']),
};

export const DiscordProviderFields = {
  type: z.literal('discord'),
  url: httpsUrl('Discord webhook URL (a secret).', ['${DISCORD_WEBHOOK_URL}']),
};

/** Vigil's own JSON, POSTed to any URL. */
export const WebhookProviderFields = {
  type: z.literal('webhook'),
  url: httpsUrl('Where to POST Vigil\'s JSON (a secret: write it as "${VAR}").', ['${WEBHOOK_URL}']),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .meta({
      description:
        'Extra request headers, e.g. an Authorization header. Each value is a secret: write it as "${VAR}" (or "Bearer ${VAR}").',
      examples: [{ authorization: 'Bearer ${HOOK_TOKEN}' }],
    }),
};

/** Telegram Bot API `sendMessage`. */
export const TelegramProviderFields = {
  type: z.literal('telegram'),
  botToken: secret('Bot token from @BotFather.', '${TELEGRAM_BOT_TOKEN}'),
  chatId: z.union([z.string().min(1), z.int()]).meta({
    description: 'Chat, group or channel id (or "@channelname").',
    examples: ['-1001234567890'],
  }),
  apiUrl: httpsUrl('Bot API server.', ['https://api.telegram.org']).default('https://api.telegram.org'),
};

/** Matrix client-server API: an m.room.message into a room the bot user has joined. */
export const MatrixProviderFields = {
  type: z.literal('matrix'),
  homeserver: httpsUrl('Homeserver base URL.', ['https://matrix.example.org']),
  roomId: z
    .string()
    .regex(/^[!#].+:.+$/, { error: 'expected a room id like "!abc123:example.org"' })
    .meta({
      description: 'Room id ("!…:server") or alias ("#…:server") the bot has joined.',
      examples: ['!ops:example.org'],
    }),
  accessToken: secret("The bot user's access token.", '${MATRIX_ACCESS_TOKEN}'),
};

/** Mattermost incoming webhook. */
export const MattermostProviderFields = {
  type: z.literal('mattermost'),
  url: httpsUrl('Incoming webhook URL (a secret).', ['${MATTERMOST_WEBHOOK_URL}']),
  channel: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "Override the webhook's channel.", examples: ['ops'] }),
  username: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "Override the poster's name.", examples: ['Vigil'] }),
};

/** Rocket.Chat incoming webhook integration. */
export const RocketChatProviderFields = {
  type: z.literal('rocketchat'),
  url: httpsUrl('Incoming webhook URL (a secret).', ['${ROCKETCHAT_WEBHOOK_URL}']),
  channel: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Override the channel ("#ops" or "@user").', examples: ['#ops'] }),
  alias: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Name shown as the poster.', examples: ['Vigil'] }),
};

/** ntfy: JSON published to the server's root URL. */
export const NtfyProviderFields = {
  type: z.literal('ntfy'),
  url: httpsUrl('ntfy server.', ['https://ntfy.sh']).default('https://ntfy.sh'),
  topic: z
    .string()
    .regex(/^[\w-]{1,64}$/, { error: 'expected a topic name of letters, digits, "-" or "_"' })
    .meta({
      description: 'Topic to publish to.',
      examples: ['vigil-ops'],
    }),
  token: secret('Access token (tk_…) for a protected topic.', '${NTFY_TOKEN}').optional(),
};

/** Gotify `POST /message` with an application token. */
export const GotifyProviderFields = {
  type: z.literal('gotify'),
  url: httpsUrl('Gotify server.', ['https://gotify.example.org']),
  token: secret('Application token.', '${GOTIFY_TOKEN}'),
};

/** Pushover Message API. */
export const PushoverProviderFields = {
  type: z.literal('pushover'),
  token: secret('Application API token.', '${PUSHOVER_TOKEN}'),
  user: secret('User or group key.', '${PUSHOVER_USER}'),
  device: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Only this device of the user.', examples: ['phone'] }),
  apiUrl: httpsUrl('API server.', ['https://api.pushover.net']).default('https://api.pushover.net'),
};

/** PagerDuty Events API v2: trigger, acknowledge and resolve with one dedup_key per outage. */
export const PagerDutyProviderFields = {
  type: z.literal('pagerduty'),
  routingKey: secret('Integration key of an Events API v2 integration.', '${PAGERDUTY_ROUTING_KEY}'),
  url: httpsUrl('Events API endpoint.', ['https://events.pagerduty.com/v2/enqueue']).default(
    'https://events.pagerduty.com/v2/enqueue',
  ),
};

/** Opsgenie Alert API: create with an alias, close by that alias. */
export const OpsgenieProviderFields = {
  type: z.literal('opsgenie'),
  apiKey: secret('API key of an API integration.', '${OPSGENIE_API_KEY}'),
  apiUrl: httpsUrl('API server (EU accounts: https://api.eu.opsgenie.com).', [
    'https://api.opsgenie.com',
  ]).default('https://api.opsgenie.com'),
};

/** The fields of each type that hold a secret: they must come from the environment. */
export const SECRET_FIELDS = {
  email: ['password'],
  teams: ['url'],
  slack: ['url'],
  discord: ['url'],
  webhook: ['url', 'headers'],
  telegram: ['botToken'],
  matrix: ['accessToken'],
  mattermost: ['url'],
  rocketchat: ['url'],
  ntfy: ['token'],
  gotify: ['token'],
  pushover: ['token', 'user'],
  pagerduty: ['routingKey'],
  opsgenie: ['apiKey'],
} as const;
