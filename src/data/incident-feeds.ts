import { formatIncidentStatus, KIND_LABEL } from '../../core/incidents/incident-phase.ts';
import { escapeXml } from '../../core/text.ts';
import type { IncidentModel } from './incidents.ts';

/** The newest entries a feed carries. */
export const FEED_ENTRY_LIMIT = 100;

/** One feed entry: an update of an incident or maintenance (or the entry itself, before any update). */
export interface FeedEntry {
  /** Stable across builds. */
  id: string;
  title: string;
  /** Path of the incident page under the site's base. */
  href: string;
  atMs: number;
  /** Sanitised HTML. */
  html: string;
  categories: string[];
}

/** Every update of every published incident and maintenance, newest first, capped at FEED_ENTRY_LIMIT. */
export function listFeedEntries(incidents: readonly IncidentModel[]): FeedEntry[] {
  const entries: FeedEntry[] = [];
  for (const incident of incidents) {
    const categories = [KIND_LABEL[incident.kind], ...incident.affected.map((item) => item.name)];
    if (incident.updates.length === 0) {
      entries.push({
        id: `${incident.slug}#start`,
        title: incident.title,
        href: incident.href,
        atMs: incident.startMs,
        html: incident.bodyHtml,
        categories,
      });
    }
    incident.updates.forEach((update, index) => {
      entries.push({
        id: `${incident.slug}#update-${index + 1}`,
        title: `${incident.title}: ${formatIncidentStatus(update.status)}`,
        href: incident.href,
        atMs: update.atMs,
        html: update.html,
        categories,
      });
    });
  }
  return entries.sort((a, b) => b.atMs - a.atMs).slice(0, FEED_ENTRY_LIMIT);
}

export interface AtomFeedOptions {
  title: string;
  /** Absolute URL of the site's front page. */
  siteUrl: string;
  /** Absolute URL of the feed itself. */
  feedUrl: string;
  nowMs: number;
}

/** An Atom 1.0 feed (RFC 4287), written by hand: every text escaped, entry HTML as escaped `type="html"`. */
export function buildAtomFeed(entries: readonly FeedEntry[], options: AtomFeedOptions): string {
  const updatedMs = entries[0]?.atMs ?? options.nowMs;
  const body = entries.map((entry) => {
    const link = new URL(entry.href, options.siteUrl).href;
    return [
      '  <entry>',
      `    <id>${escapeXml(`${link}${entry.id.slice(entry.id.indexOf('#'))}`)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${new Date(entry.atMs).toISOString()}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
      ...entry.categories.map((category) => `    <category term="${escapeXml(category)}"/>`),
      `    <content type="html">${escapeXml(entry.html)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(options.feedUrl)}</id>`,
    `  <title>${escapeXml(`${options.title}: incidents and maintenance`)}</title>`,
    `  <updated>${new Date(updatedMs).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(options.feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(options.siteUrl)}"/>`,
    '  <author><name>Vigil</name></author>',
    ...body,
    '</feed>',
    '',
  ].join('\n');
}
