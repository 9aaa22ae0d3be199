import { getAlertColor, getAlertEmoji } from '../alert.ts';
import { defineHttpProvider } from './provider-types.ts';

/** Rocket.Chat incoming webhook integration: `text` and one attachment. */
export const rocketChatProvider = defineHttpProvider<'rocketchat'>((alert, provider) => ({
  method: 'POST',
  url: provider.url,
  body: {
    text: `${getAlertEmoji(alert)} *${alert.title}*${alert.isReminder ? ' _(reminder)_' : ''}`,
    ...(provider.channel ? { channel: provider.channel } : {}),
    ...(provider.alias ? { alias: provider.alias } : {}),
    attachments: [
      {
        title: alert.title,
        ...(alert.url ? { title_link: alert.url } : {}),
        text: alert.text,
        color: getAlertColor(alert),
        ts: alert.at,
      },
    ],
  },
}));
