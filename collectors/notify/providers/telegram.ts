import { formatAlertPlain, getAlertEmoji } from '../alert.ts';
import { defineHttpProvider, joinUrl } from './provider-types.ts';

/** Telegram Bot API sendMessage, plain text (no parse_mode to escape); a 429 says `parameters.retry_after`. */
export const telegramProvider = defineHttpProvider<'telegram'>(
  (alert, provider) => ({
    method: 'POST',
    url: joinUrl(provider.apiUrl, `bot${provider.botToken}/sendMessage`),
    body: {
      chat_id: provider.chatId,
      text: `${getAlertEmoji(alert)} ${formatAlertPlain(alert)}`.slice(0, 4096),
      link_preview_options: { is_disabled: true },
    },
  }),
  (body) => {
    const parameters =
      typeof body === 'object' && body !== null ? (body as { parameters?: unknown }).parameters : undefined;
    const seconds =
      typeof parameters === 'object' && parameters !== null
        ? (parameters as { retry_after?: unknown }).retry_after
        : undefined;
    return typeof seconds === 'number' ? seconds * 1000 : undefined;
  },
);
