import { getAlertColor, getAlertEmoji } from '../alert.ts';
import { defineHttpProvider } from './provider-types.ts';

/** Mattermost incoming webhook: Markdown `text` plus a coloured attachment (Slack-compatible fields). */
export const mattermostProvider = defineHttpProvider<'mattermost'>((alert, provider) => ({
  method: 'POST',
  url: provider.url,
  body: {
    text: `${getAlertEmoji(alert)} **${alert.title}**${alert.isReminder ? ' _(reminder)_' : ''}`,
    ...(provider.channel ? { channel: provider.channel } : {}),
    ...(provider.username ? { username: provider.username } : {}),
    attachments: [
      {
        fallback: alert.title,
        color: getAlertColor(alert),
        text: alert.text,
        ...(alert.url ? { title: alert.title, title_link: alert.url } : {}),
      },
    ],
  },
}));
