import { t } from '../i18n/index.ts';
import { formatDateTime } from '../lib/format.ts';
import { formatFeedStatus } from './incident-feeds.ts';
import type { IncidentModel } from './incidents.ts';

/** Maintenance that ended longer ago than this drops out of the calendar. */
export const CALENDAR_PAST_MS = 30 * 86_400_000;

export interface CalendarOptions {
  /** Calendar name, shown by calendar apps. */
  title: string;
  /** Absolute base for links, e.g. "https://status.example.org/"; UIDs use its host. */
  siteUrl: string | undefined;
  /** DTSTAMP of every event: when this calendar was made. */
  nowMs: number;
}

/**
 * Upcoming and recent maintenance as an iCalendar (RFC 5545) document: CRLF line ends, lines folded at
 * 75 octets, text values escaped, a stable UID per maintenance and a SEQUENCE that grows with updates,
 * so calendar apps update the event they already have instead of adding a second one.
 */
export function buildMaintenanceCalendar(
  incidents: readonly IncidentModel[],
  options: CalendarOptions,
): string {
  const host = options.siteUrl === undefined ? 'vigil.invalid' : new URL(options.siteUrl).host;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vigil//Status page maintenance//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(t('feeds.calendarName', { title: options.title }))}`,
  ];
  for (const incident of incidents) {
    if (incident.kind !== 'maintenance' || incident.endMs === undefined) continue;
    if (incident.endMs < options.nowMs - CALENDAR_PAST_MS) continue;
    // A recurring maintenance is one event with its rule, from its first window on.
    const recurrence = incident.recurrence;
    const description = describeForCalendar(incident);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${incident.slug}@${host}`,
      `DTSTAMP:${formatUtc(options.nowMs)}`,
      ...(recurrence === undefined
        ? [
            `DTSTART:${formatUtc(incident.startMs)}`,
            // A maintenance running late ends at its estimate, as the pages say.
            `DTEND:${formatUtc(Math.max(incident.endMs, incident.estimatedResolutionMs ?? incident.endMs))}`,
          ]
        : [
            `DTSTART:${formatUtc(recurrence.firstStartMs)}`,
            `DTEND:${formatUtc(recurrence.firstEndMs)}`,
            `RRULE:${recurrence.rrule.toUpperCase()}`,
          ]),
      `LAST-MODIFIED:${formatUtc(incident.updatedMs)}`,
      `SEQUENCE:${incident.updates.length}`,
      `SUMMARY:${escapeText(incident.title)}`,
      ...(description === '' ? [] : [`DESCRIPTION:${escapeText(description)}`]),
      ...(options.siteUrl === undefined ? [] : [`URL:${new URL(incident.href, options.siteUrl).href}`]),
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/**
 * The whole text of a maintenance as plain text, as its page tells it: the body, what it affects, then
 * every update newest first with its status and time ("Completed, 2026-11-22 14:05 UTC").
 */
export function describeForCalendar(incident: IncidentModel): string {
  const names = incident.affected.map((item) => item.name).join(t('feeds.listSeparator'));
  const updates = incident.updates.toReversed().map((update) =>
    [
      t('feeds.calendarUpdate', {
        status: formatFeedStatus(update.status),
        time: formatDateTime(update.atMs),
      }),
      update.plainText,
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return [
    incident.bodyText,
    names === '' ? '' : t('feeds.calendarAffects', { names }),
    updates.length === 0 ? '' : [t('feeds.calendarUpdates'), ...updates].join('\n\n'),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** RFC 5545 TEXT: backslash, semicolon and comma escaped, newlines as \n. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Splits a content line into lines of at most 75 octets, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let currentOctets = 0;
  for (const character of line) {
    const octets = encoder.encode(character).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with one space
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = '';
      currentOctets = 0;
    }
    current += character;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function formatUtc(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
