import type { Alert } from '../alert.ts';
import { defineHttpProvider, joinUrl } from './provider-types.ts';

// Pushover priorities: 1 high (bypasses quiet hours), 0 normal, -1 quiet. 2 (emergency) needs
// acknowledgement settings and is left to the user's app.
const PRIORITY: Record<Alert['severity'], number> = { critical: 1, error: 1, warning: 0, info: -1 };

/** Pushover Message API: POST /1/messages.json with the app token and user key. */
export const pushoverProvider = defineHttpProvider<'pushover'>((alert, provider) => ({
  method: 'POST',
  url: joinUrl(provider.apiUrl, '1/messages.json'),
  body: {
    token: provider.token,
    user: provider.user,
    title: `${alert.title}${alert.isReminder ? ' (reminder)' : ''}`.slice(0, 250),
    message: alert.text.slice(0, 1024) || alert.title,
    priority: alert.action === 'resolve' ? 0 : PRIORITY[alert.severity],
    timestamp: Math.floor(Date.parse(alert.at) / 1000),
    ...(provider.device ? { device: provider.device } : {}),
    ...(alert.url ? { url: alert.url, url_title: 'Status page' } : {}),
  },
}));
