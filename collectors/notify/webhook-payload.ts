import type { Webhook } from '../../core/model/index.ts';
import type { StatusChange } from './find-status-changes.ts';

const STATUS_WORDS = {
  up: 'up',
  degraded: 'degraded',
  down: 'down',
  maintenance: 'in maintenance',
  unknown: 'without data',
};
const STATUS_EMOJI = { up: '✅', degraded: '⚠️', down: '🔴', maintenance: '🔧', unknown: '❔' };
// Discord embeds take a colour as a number.
const STATUS_COLOR = {
  up: 0x2e7d32,
  degraded: 0xf9a825,
  down: 0xc62828,
  maintenance: 0x1565c0,
  unknown: 0x757575,
};

export function describeChange(change: StatusChange): string {
  return `${change.name} is ${STATUS_WORDS[change.to]} (was ${STATUS_WORDS[change.from]}): ${change.message}`;
}

/** The body POSTed for one change, in the shape the webhook's receiver understands. */
export function buildWebhookPayload(
  format: Webhook['format'],
  change: StatusChange,
  siteTitle: string,
): unknown {
  const text = `${STATUS_EMOJI[change.to]} ${describeChange(change)}`;
  switch (format) {
    case 'slack':
      return {
        text: `${siteTitle}: ${text}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${siteTitle}*\n${text}` } }],
      };
    case 'discord':
      return {
        content: `${siteTitle}: ${text}`,
        embeds: [
          {
            title: `${change.name}: ${STATUS_WORDS[change.to]}`,
            description: change.message,
            color: STATUS_COLOR[change.to],
            timestamp: change.at,
          },
        ],
      };
    case 'json':
      return {
        v: 1,
        event: 'check.status_changed',
        site: siteTitle,
        ...change,
        text: describeChange(change),
      };
  }
}
