import type { Alert } from '../alert.ts';
import { defineHttpProvider, joinUrl } from './provider-types.ts';

// Gotify clients treat 8 and above as high priority (sound and pop-up), 4–7 as a notification.
const PRIORITY: Record<Alert['severity'], number> = { critical: 8, error: 8, warning: 5, info: 2 };

/** Gotify POST /message with the application token in X-Gotify-Key; a link opens on click. */
export const gotifyProvider = defineHttpProvider<'gotify'>((alert, provider) => ({
  method: 'POST',
  url: joinUrl(provider.url, 'message'),
  headers: { 'x-gotify-key': provider.token },
  body: {
    title: `${alert.title}${alert.isReminder ? ' (reminder)' : ''}`,
    message: alert.text,
    priority: alert.action === 'resolve' ? 4 : PRIORITY[alert.severity],
    ...(alert.url ? { extras: { 'client::notification': { click: { url: alert.url } } } } : {}),
  },
}));
