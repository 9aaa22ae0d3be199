import { createHash } from 'node:crypto';
import { formatAlertPlain, getAlertEmoji } from '../alert.ts';
import { defineHttpProvider, joinUrl } from './provider-types.ts';

/**
 * Matrix client-server API: PUT /rooms/{roomId}/send/m.room.message/{txnId}. The transaction id is
 * derived from the alert, so a retry after a lost answer is the same event, not a second message.
 * A 429 (M_LIMIT_EXCEEDED) says `retry_after_ms`.
 */
export const matrixProvider = defineHttpProvider<'matrix'>(
  (alert, provider) => {
    const txnId = createHash('sha256')
      .update(`${alert.key}\n${alert.event}\n${alert.at}`)
      .digest('hex')
      .slice(0, 32);
    const plain = `${getAlertEmoji(alert)} ${formatAlertPlain(alert)}`;
    const title = escapeHtml(alert.title);
    return {
      method: 'PUT',
      url: joinUrl(
        provider.homeserver,
        `_matrix/client/v3/rooms/${encodeURIComponent(provider.roomId)}/send/m.room.message/vigil-${txnId}`,
      ),
      headers: { authorization: `Bearer ${provider.accessToken}` },
      body: {
        msgtype: 'm.text',
        body: plain,
        format: 'org.matrix.custom.html',
        formatted_body: `${getAlertEmoji(alert)} <strong>${alert.url ? `<a href="${escapeHtml(alert.url)}">${title}</a>` : title}</strong>${alert.isReminder ? ' (reminder)' : ''}<br>${escapeHtml(alert.text)}`,
      },
    };
  },
  (body) => {
    const ms =
      typeof body === 'object' && body !== null
        ? (body as { retry_after_ms?: unknown }).retry_after_ms
        : undefined;
    return typeof ms === 'number' ? ms : undefined;
  },
);

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
