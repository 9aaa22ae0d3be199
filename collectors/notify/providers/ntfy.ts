import type { Alert } from '../alert.ts';
import { defineHttpProvider } from './provider-types.ts';

// ntfy priorities: 5 max (urgent), 4 high, 3 default, 2 low.
const PRIORITY: Record<Alert['severity'], number> = { critical: 5, error: 4, warning: 3, info: 2 };
const TAGS: Record<Alert['event'], string> = {
  down: 'rotating_light',
  degraded: 'warning',
  recovered: 'white_check_mark',
  'maintenance.started': 'wrench',
  'maintenance.ended': 'white_check_mark',
  'incident.opened': 'rotating_light',
  'incident.updated': 'memo',
  'incident.resolved': 'white_check_mark',
  'collector.silent': 'mute',
  'collector.back': 'white_check_mark',
  test: 'bell',
};

/** ntfy: JSON published to the server's root URL (topic in the body), optionally with an access token. */
export const ntfyProvider = defineHttpProvider<'ntfy'>((alert, provider) => ({
  method: 'POST',
  url: provider.url,
  ...(provider.token ? { headers: { authorization: `Bearer ${provider.token}` } } : {}),
  body: {
    topic: provider.topic,
    title: `${alert.title}${alert.isReminder ? ' (reminder)' : ''}`,
    message: alert.text,
    priority: alert.action === 'resolve' ? 3 : PRIORITY[alert.severity],
    tags: [TAGS[alert.event]],
    ...(alert.url ? { click: alert.url } : {}),
  },
}));
