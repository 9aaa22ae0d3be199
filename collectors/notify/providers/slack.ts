import { getAlertEmoji } from '../alert.ts';
import { defineHttpProvider } from './provider-types.ts';

/** Slack incoming webhook: `text` for notifications, one mrkdwn section block for the message. */
export const slackProvider = defineHttpProvider<'slack'>((alert, provider) => {
  const title = alert.url ? `<${alert.url}|${escapeMrkdwn(alert.title)}>` : escapeMrkdwn(alert.title);
  const reminder = alert.isReminder ? ' _(reminder)_' : '';
  return {
    method: 'POST',
    url: provider.url,
    body: {
      text: `${getAlertEmoji(alert)} ${alert.title}`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `${getAlertEmoji(alert)} *${title}*${reminder}\n${escapeMrkdwn(alert.text)}`,
          },
        },
      ],
    },
  };
});

// Slack's three control characters; everything else is literal.
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
