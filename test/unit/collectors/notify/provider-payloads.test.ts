import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../collectors/notify/alert.ts';
import { buildEmailMessage } from '../../../../collectors/notify/providers/email.ts';
import { parseRetryAfterMs } from '../../../../collectors/notify/providers/http-request.ts';
import { opsgenieProvider } from '../../../../collectors/notify/providers/opsgenie.ts';
import { pagerDutyProvider } from '../../../../collectors/notify/providers/pagerduty.ts';
import { slackProvider } from '../../../../collectors/notify/providers/slack.ts';
import { type AlertProviderOf, AlertProviderSchema } from '../../../../core/model/alerts-schema.ts';

const trigger: Alert = {
  key: 'vigil/check/db/2026-12-01T08:00:00.000Z',
  event: 'down',
  action: 'trigger',
  isReminder: false,
  severity: 'critical',
  site: 'Lab',
  title: 'Lab: Database is down',
  text: 'connect ECONNREFUSED <127.0.0.1:5432> & more',
  subject: { kind: 'check', id: 'db', name: 'Database', group: 'core' },
  at: '2026-12-01T08:00:00.000Z',
};
const resolve: Alert = {
  ...trigger,
  event: 'recovered',
  action: 'resolve',
  severity: 'info',
  title: 'Lab: Database is up again',
  at: '2026-12-01T08:30:00.000Z',
};

const parse = <T extends AlertProviderOf<'pagerduty' | 'opsgenie' | 'slack'>['type']>(
  type: T,
  fields: Record<string, unknown>,
) => AlertProviderSchema.parse({ id: 'p', type, ...fields }) as AlertProviderOf<T>;

describe('provider payloads', () => {
  it('PagerDuty resolves with the dedup_key it triggered with, and no payload', () => {
    const pagerduty = parse('pagerduty', { routingKey: 'k' });
    expect(pagerDutyProvider.buildRequest(trigger, pagerduty).url).toBe(
      'https://events.pagerduty.com/v2/enqueue',
    );
    expect(pagerDutyProvider.buildRequest(resolve, pagerduty).body).toEqual({
      routing_key: 'k',
      event_action: 'resolve',
      dedup_key: trigger.key,
      client: 'Vigil',
    });
  });

  it('Opsgenie closes by alias, and an update becomes a note', () => {
    const opsgenie = parse('opsgenie', { apiKey: 'k', apiUrl: 'https://api.eu.opsgenie.com' });
    const close = opsgenieProvider.buildRequest(resolve, opsgenie);
    expect(close.url).toBe(
      `https://api.eu.opsgenie.com/v2/alerts/${encodeURIComponent(trigger.key)}/close?identifierType=alias`,
    );
    const note = opsgenieProvider.buildRequest(
      { ...trigger, event: 'incident.updated', action: 'info' },
      opsgenie,
    );
    expect(note.url).toContain('/notes?identifierType=alias');
  });

  it('Slack escapes its control characters', () => {
    const body = slackProvider.buildRequest(trigger, parse('slack', { url: 'https://hooks.slack.com/x' }))
      .body as {
      blocks: { text: { text: string } }[];
    };
    expect(body.blocks[0]?.text.text).toContain('&lt;127.0.0.1:5432&gt; &amp; more');
  });

  it('email threads a reminder and a resolve under the trigger', () => {
    const to = { from: 'vigil@example.org', to: ['ops@example.org'] };
    const first = buildEmailMessage(trigger, to);
    const reminder = buildEmailMessage({ ...trigger, isReminder: true, at: '2026-12-01T09:00:00.000Z' }, to);
    const last = buildEmailMessage(resolve, to);
    expect(first).not.toHaveProperty('inReplyTo');
    expect(reminder).toMatchObject({
      subject: '[Reminder] Lab: Database is down',
      inReplyTo: first.messageId,
    });
    expect(last).toMatchObject({
      subject: '[Resolved] Lab: Database is up again',
      inReplyTo: first.messageId,
      references: [first.messageId],
    });
    expect(new Set([first.messageId, reminder.messageId, last.messageId]).size).toBe(3);
  });

  it("an incident's email tells every update so far, newest first", () => {
    const update: Alert = {
      ...trigger,
      key: 'vigil/incident/2026-12-01-db',
      event: 'incident.updated',
      action: 'info',
      title: 'Lab: Incident update: Database outage',
      text: 'Restored from the replica.',
      subject: { kind: 'incident', id: '2026-12-01-db', name: 'Database outage' },
      updates: [
        { at: '2026-12-01T08:05:00.000Z', status: 'investigating', text: 'Looking into it.' },
        { at: '2026-12-01T08:40:00.000Z', status: 'identified', text: 'Restored from the replica.\n' },
      ],
    };
    const { text } = buildEmailMessage(update, { from: 'vigil@example.org', to: ['list@example.org'] });
    expect(text).toContain(
      'Updates (newest first):\n\n2026-12-01 08:40 UTC · identified\nRestored from the replica.\n\n2026-12-01 08:05 UTC · investigating\nLooking into it.',
    );
    expect(buildEmailMessage(trigger, { from: 'a@b.c', to: ['d@e.f'] }).text).not.toContain('Updates');
  });
});

describe('parseRetryAfterMs', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    ['Tue, 01 Dec 2026 10:01:00 GMT', 60_000],
    ['Tue, 01 Dec 2026 09:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('%s → %s', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});
