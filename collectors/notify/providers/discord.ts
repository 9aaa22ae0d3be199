import { getAlertColor, getAlertEmoji } from '../alert.ts';
import { defineHttpProvider } from './provider-types.ts';

/** Discord webhook (Execute Webhook): a short `content` and one embed; 429s carry `retry_after` seconds. */
export const discordProvider = defineHttpProvider<'discord'>(
  (alert, provider) => ({
    method: 'POST',
    url: provider.url,
    body: {
      content: `${getAlertEmoji(alert)} ${alert.title}${alert.isReminder ? ' (reminder)' : ''}`.slice(
        0,
        2000,
      ),
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: alert.title.slice(0, 256),
          description: alert.text.slice(0, 4096),
          color: Number.parseInt(getAlertColor(alert).slice(1), 16),
          timestamp: alert.at,
          ...(alert.url ? { url: alert.url } : {}),
        },
      ],
    },
  }),
  (body) => secondsField(body, 'retry_after'),
);

export function secondsField(body: unknown, field: string): number | undefined {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'number' ? Math.round(value * 1000) : undefined;
}
