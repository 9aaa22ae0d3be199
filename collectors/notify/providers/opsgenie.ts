import type { Alert } from '../alert.ts';
import { defineHttpProvider, joinUrl } from './provider-types.ts';

const PRIORITY: Record<Alert['severity'], string> = {
  critical: 'P1',
  error: 'P2',
  warning: 'P3',
  info: 'P5',
};

/**
 * Opsgenie Alert API: POST /v2/alerts creates an alert whose `alias` is the alert's key (Opsgenie
 * de-duplicates on it, so a reminder only raises its count); an update is a note on it; a resolve
 * closes it by alias.
 */
export const opsgenieProvider = defineHttpProvider<'opsgenie'>((alert, provider) => {
  const headers = { authorization: `GenieKey ${provider.apiKey}` };
  if (alert.action === 'resolve') {
    return {
      method: 'POST',
      url: joinUrl(
        provider.apiUrl,
        `v2/alerts/${encodeURIComponent(alias(alert))}/close?identifierType=alias`,
      ),
      headers,
      body: { source: 'Vigil', note: alert.text.slice(0, 25_000) },
    };
  }
  if (alert.action === 'info' && alert.subject.kind !== 'test') {
    return {
      method: 'POST',
      url: joinUrl(
        provider.apiUrl,
        `v2/alerts/${encodeURIComponent(alias(alert))}/notes?identifierType=alias`,
      ),
      headers,
      body: { source: 'Vigil', note: `${alert.title}\n${alert.text}`.slice(0, 25_000) },
    };
  }
  return {
    method: 'POST',
    url: joinUrl(provider.apiUrl, 'v2/alerts'),
    headers,
    body: {
      message: alert.title.slice(0, 130),
      alias: alias(alert),
      description: `${alert.text}${alert.url ? `\n${alert.url}` : ''}`.slice(0, 15_000),
      priority: PRIORITY[alert.severity],
      source: 'Vigil',
      entity: alert.subject.name,
      tags: ['vigil', alert.event, ...(alert.subject.group ? [alert.subject.group] : [])],
      details: { site: alert.site, event: alert.event, subject: alert.subject.id },
    },
  };
});

function alias(alert: Alert): string {
  return alert.key.slice(0, 512);
}
