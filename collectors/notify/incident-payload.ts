import type { Webhook } from '../../core/model/index.ts';
import type { IncidentChange } from './find-incident-changes.ts';

const EMOJI = { none: 'ℹ️', minor: '⚠️', major: '🔴', critical: '🔴' };
// Discord embeds take a colour as a number: as the status colours of webhook-payload.ts.
const COLOR = { none: 0x757575, minor: 0xf9a825, major: 0xc62828, critical: 0xc62828 };
const MAINTENANCE_COLOR = 0x1565c0;
const ENDED_COLOR = 0x2e7d32;

export interface IncidentPayloadContext {
  siteTitle: string;
  /** Names of the affected checks and groups, by id. */
  names: ReadonlyMap<string, string>;
  /** Absolute URL of the incident's page, when the config says where the site lives. */
  pageUrl: string | undefined;
}

/** "Maintenance started: Storage upgrade (until 2026-11-22 14:00 UTC) — affects Home, Scratch". */
export function describeIncidentChange(change: IncidentChange, names: ReadonlyMap<string, string>): string {
  const affected =
    change.affected.length === 0
      ? ''
      : ` — affects ${change.affected.map((id) => names.get(id) ?? id).join(', ')}`;
  if (change.kind === 'maintenance') {
    return change.event === 'started'
      ? `Maintenance started: ${change.title}${change.end ? ` (until ${formatUtc(change.end)})` : ''}${affected}`
      : `Maintenance completed: ${change.title}${affected}`;
  }
  return change.event === 'started'
    ? `Incident (${change.impact} impact, ${change.status}): ${change.title}${affected}`
    : `Incident resolved: ${change.title}${affected}`;
}

function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function getEmoji(change: IncidentChange): string {
  if (change.event === 'ended') return '✅';
  return change.kind === 'maintenance' ? '🔧' : EMOJI[change.impact];
}

function getColor(change: IncidentChange): number {
  if (change.event === 'ended') return ENDED_COLOR;
  return change.kind === 'maintenance' ? MAINTENANCE_COLOR : COLOR[change.impact];
}

/** The body POSTed for one incident or maintenance starting or ending, in the receiver's shape. */
export function buildIncidentPayload(
  format: Webhook['format'],
  change: IncidentChange,
  context: IncidentPayloadContext,
): unknown {
  const text = describeIncidentChange(change, context.names);
  const link = context.pageUrl ? ` ${context.pageUrl}` : '';
  switch (format) {
    case 'slack': {
      const linked = context.pageUrl ? `<${context.pageUrl}|${text}>` : text;
      return {
        text: `${context.siteTitle}: ${getEmoji(change)} ${text}${link}`,
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `*${context.siteTitle}*\n${getEmoji(change)} ${linked}` },
          },
        ],
      };
    }
    case 'discord':
      return {
        content: `${context.siteTitle}: ${getEmoji(change)} ${text}`,
        embeds: [
          {
            title: change.title,
            description: text,
            color: getColor(change),
            timestamp: change.at,
            ...(context.pageUrl ? { url: context.pageUrl } : {}),
          },
        ],
      };
    case 'json': {
      const { event, ...fields } = change;
      return {
        v: 1,
        event: `${change.kind}.${event}`,
        site: context.siteTitle,
        ...fields,
        ...(context.pageUrl ? { url: context.pageUrl } : {}),
        text,
      };
    }
  }
}
