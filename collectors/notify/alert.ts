import type { AlertEvent } from '../../core/model/alerts-schema.ts';

/** What a paging service does with an alert: open (or update) it, or close it; `info` only tells. */
export type AlertAction = 'trigger' | 'resolve' | 'info';

/** One thing to tell a provider, the same for every service; each provider renders it its own way. */
export interface Alert {
  /**
   * Stable over one outage or one incident: PagerDuty's dedup_key, Opsgenie's alias, the email
   * thread's Message-ID. A trigger, its reminders and its resolve share it.
   */
  key: string;
  event: AlertEvent | 'test';
  action: AlertAction;
  /** A reminder of an alert already sent (the check is still down). */
  isReminder: boolean;
  severity: 'critical' | 'error' | 'warning' | 'info';
  site: string;
  /** One line: "Vigil: Database is down". */
  title: string;
  /** The explanation: the probe's message, or the incident's latest update. */
  text: string;
  /** The check or incident it is about. */
  subject: {
    kind: 'check' | 'incident' | 'maintenance' | 'collector' | 'test';
    id: string;
    name: string;
    group?: string | undefined;
  };
  /** The page about it, when the config says where the site lives. */
  url?: string | undefined;
  /** When the run that saw it started (ISO 8601). */
  at: string;
  /** An incident's or maintenance's updates so far, oldest first (an email tells the whole story). */
  updates?: { at: string; status: string; text: string }[] | undefined;
}

const EMOJI: Record<Alert['event'], string> = {
  down: '🔴',
  degraded: '⚠️',
  recovered: '✅',
  'maintenance.started': '🔧',
  'maintenance.ended': '✅',
  'incident.opened': '🔴',
  'incident.updated': '📝',
  'incident.resolved': '✅',
  'collector.silent': '🔕',
  'collector.back': '✅',
  test: '🔔',
};

/** The emoji chat services show before the title. */
export function getAlertEmoji(alert: Alert): string {
  return EMOJI[alert.event];
}

/** Colours as in the site's status palette, as #rrggbb. */
export function getAlertColor(alert: Alert): string {
  if (alert.action === 'resolve') return '#2e7d32';
  if (alert.subject.kind === 'maintenance') return '#1565c0';
  return { critical: '#c62828', error: '#c62828', warning: '#f9a825', info: '#757575' }[alert.severity];
}

/** Title, text and link as plain text, for services without formatting. */
export function formatAlertPlain(alert: Alert): string {
  const reminder = alert.isReminder ? ' (reminder)' : '';
  return `${alert.title}${reminder}\n${alert.text}${alert.url ? `\n${alert.url}` : ''}`;
}
