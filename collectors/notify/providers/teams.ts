import { getAlertEmoji } from '../alert.ts';
import { defineHttpProvider } from './provider-types.ts';

/**
 * Microsoft Teams Workflows webhook: a message with one Adaptive Card attachment (schema 1.4, the
 * version Teams renders), title, text, facts and a link button.
 */
export const teamsProvider = defineHttpProvider<'teams'>((alert, provider) => ({
  method: 'POST',
  url: provider.url,
  body: {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: `${getAlertEmoji(alert)} ${alert.title}${alert.isReminder ? ' (reminder)' : ''}`,
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              color:
                alert.action === 'resolve'
                  ? 'Good'
                  : alert.severity === 'warning'
                    ? 'Warning'
                    : alert.severity === 'info'
                      ? 'Default'
                      : 'Attention',
            },
            { type: 'TextBlock', text: alert.text, wrap: true },
            {
              type: 'FactSet',
              facts: [
                { title: 'Site', value: alert.site },
                { title: 'Event', value: alert.event },
                { title: 'At', value: alert.at },
              ],
            },
          ],
          ...(alert.url
            ? { actions: [{ type: 'Action.OpenUrl', title: 'Open status page', url: alert.url }] }
            : {}),
        },
      },
    ],
  },
}));
