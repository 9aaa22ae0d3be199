import type { AlertProviderType } from '../../../core/model/alerts-schema.ts';
import { discordProvider } from './discord.ts';
import { emailProvider } from './email.ts';
import { gotifyProvider } from './gotify.ts';
import { matrixProvider } from './matrix.ts';
import { mattermostProvider } from './mattermost.ts';
import { ntfyProvider } from './ntfy.ts';
import { opsgenieProvider } from './opsgenie.ts';
import { pagerDutyProvider } from './pagerduty.ts';
import type { ProviderDefinition } from './provider-types.ts';
import { pushoverProvider } from './pushover.ts';
import { rocketChatProvider } from './rocketchat.ts';
import { slackProvider } from './slack.ts';
import { teamsProvider } from './teams.ts';
import { telegramProvider } from './telegram.ts';
import { webhookProvider } from './webhook.ts';

/** Every alert provider type's sender. A new provider adds its schema, one file here and one line. */
export const ALERT_PROVIDERS = {
  email: emailProvider,
  teams: teamsProvider,
  slack: slackProvider,
  discord: discordProvider,
  webhook: webhookProvider,
  telegram: telegramProvider,
  matrix: matrixProvider,
  mattermost: mattermostProvider,
  rocketchat: rocketChatProvider,
  ntfy: ntfyProvider,
  gotify: gotifyProvider,
  pushover: pushoverProvider,
  pagerduty: pagerDutyProvider,
  opsgenie: opsgenieProvider,
} satisfies { [T in AlertProviderType]: ProviderDefinition<T> };
