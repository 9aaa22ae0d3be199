import { defineHttpProvider } from './provider-types.ts';

/**
 * PagerDuty Events API v2: `trigger` opens (or updates) the incident whose `dedup_key` is the alert's
 * key (an incident update is a trigger of the same key: it updates it), `resolve` closes it.
 */
export const pagerDutyProvider = defineHttpProvider<'pagerduty'>((alert, provider) => ({
  method: 'POST',
  url: provider.url,
  body: {
    routing_key: provider.routingKey,
    event_action: alert.action === 'resolve' ? 'resolve' : 'trigger',
    dedup_key: alert.key,
    ...(alert.action === 'resolve'
      ? {}
      : {
          payload: {
            summary: alert.title.slice(0, 1024),
            source: alert.site,
            severity: alert.severity,
            timestamp: alert.at,
            component: alert.subject.id,
            ...(alert.subject.group ? { group: alert.subject.group } : {}),
            class: alert.event,
            custom_details: { text: alert.text, reminder: alert.isReminder },
          },
        }),
    ...(alert.url ? { links: [{ href: alert.url, text: 'Status page' }] } : {}),
    client: 'Vigil',
  },
}));
