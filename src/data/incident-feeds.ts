import { escapeXml } from '../../core/text.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { toSitePath } from '../lib/site-path.ts';
import type { IncidentModel } from './incidents.ts';
import { getSiteModel } from './site-model.ts';
import { resolvePageId } from './statuspage-summary.ts';

/** The newest entries a feed carries. */
export const FEED_ENTRY_LIMIT = 100;

/** One feed entry: an update of an incident or maintenance (or the entry itself, before any update). */
export interface FeedEntry {
  /** Stable across builds: "<slug>#start" or "<slug>#update-<n>". */
  id: string;
  title: string;
  /** Path of the incident page under the site's base. */
  href: string;
  atMs: number;
  /** Plain text of the entry, for the summary readers show in a list. */
  text: string;
  /** Sanitised HTML. */
  html: string;
  categories: string[];
}

const STATUS_KEYS = {
  investigating: 'feeds.statusInvestigating',
  identified: 'feeds.statusIdentified',
  monitoring: 'feeds.statusMonitoring',
  resolved: 'feeds.statusResolved',
  scheduled: 'feeds.statusScheduled',
  'in-progress': 'feeds.statusInProgress',
  verifying: 'feeds.statusVerifying',
  completed: 'feeds.statusCompleted',
} as const satisfies Record<IncidentModel['status'], MessageKey>;

/** "Identified", "In progress": an incident or maintenance status in the site's language. */
export function formatFeedStatus(status: IncidentModel['status']): string {
  return t(STATUS_KEYS[status]);
}

/** Every update of every published incident and maintenance, newest first, capped at FEED_ENTRY_LIMIT. */
export function listFeedEntries(incidents: readonly IncidentModel[]): FeedEntry[] {
  const entries: FeedEntry[] = [];
  for (const incident of incidents) {
    const kind = t(incident.kind === 'incident' ? 'feeds.kindIncident' : 'feeds.kindMaintenance');
    const categories = [kind, ...incident.affected.map((item) => item.name)];
    if (incident.updates.length === 0) {
      entries.push({
        id: `${incident.slug}#start`,
        title: incident.title,
        href: incident.href,
        atMs: incident.startMs,
        text: incident.bodyText,
        html: incident.bodyHtml,
        categories,
      });
    }
    incident.updates.forEach((update, index) => {
      entries.push({
        id: `${incident.slug}#update-${index + 1}`,
        title: t('feeds.entryTitle', { title: incident.title, status: formatFeedStatus(update.status) }),
        href: incident.href,
        atMs: update.atMs,
        text: update.plainText,
        html: update.html,
        categories,
      });
    });
  }
  return entries.sort((a, b) => b.atMs - a.atMs).slice(0, FEED_ENTRY_LIMIT);
}

export interface FeedOptions {
  /** The site's title (`site.title`). */
  title: string;
  /** The site's language, for `<language>` and `xml:lang`. */
  language: string;
  /**
   * Absolute URL of the front page ("https://status.example.org/status/") when `site.url` is set.
   * Without it every link is a path under the base ("/status/incidents/…"), which a reader resolves
   * against the address it fetched the feed from, never a made-up host.
   */
  siteUrl: string | undefined;
  /** Path of the front page under the base ("/status/"). */
  sitePath: string;
  /** Path of the feed itself under the base ("/status/feed.xml"). */
  feedPath: string;
  /** The Statuspage page id: without `site.url`, Atom ids are tag URIs made from it. */
  pageId: string;
  nowMs: number;
}

/**
 * The options of the site's feed `fileName` ("feed.xml", "feed.atom") in an endpoint whose context
 * knows site.url (`context.site`). Without it, links are paths under the base (readers resolve them
 * against the feed's URL).
 */
export async function getFeedOptions(
  context: { site?: URL | undefined },
  fileName: string,
): Promise<FeedOptions> {
  const model = await getSiteModel();
  return {
    title: model.site.title,
    language: model.site.language,
    siteUrl: context.site === undefined ? undefined : new URL(toSitePath(''), context.site).href,
    sitePath: toSitePath(''),
    feedPath: toSitePath(fileName),
    pageId: resolvePageId(model.site),
    nowMs: model.nowMs,
  };
}

/** A link as a feed carries it: absolute when the site's URL is known, else the path under the base. */
export function toFeedLink(path: string, siteUrl: string | undefined): string {
  return siteUrl === undefined ? path : new URL(path, siteUrl).href;
}

/**
 * An Atom 1.0 feed (RFC 4287), written by hand: every text escaped, the summary as text before the
 * entry's HTML as escaped `type="html"` content. Entry ids are the page URL and the entry's fragment;
 * without `site.url` a `tag:` URI (RFC 4151) on the reserved host vigil.invalid and the page id, which
 * does not move when the site later gets its address.
 */
export function buildAtomFeed(entries: readonly FeedEntry[], options: FeedOptions): string {
  const updatedMs = entries[0]?.atMs ?? options.nowMs;
  const toId = (path: string, fragment = '') =>
    options.siteUrl === undefined
      ? `tag:vigil.invalid,2026:${options.pageId}${path}${fragment}`
      : `${new URL(path, options.siteUrl).href}${fragment}`;
  const body = entries.map((entry) => {
    const link = toFeedLink(entry.href, options.siteUrl);
    return [
      '  <entry>',
      `    <id>${escapeXml(toId(entry.href, entry.id.slice(entry.id.indexOf('#'))))}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${new Date(entry.atMs).toISOString()}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
      ...entry.categories.map((category) => `    <category term="${escapeXml(category)}"/>`),
      ...(entry.text === '' ? [] : [`    <summary type="text">${escapeXml(entry.text)}</summary>`]),
      `    <content type="html">${escapeXml(entry.html)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(options.language)}">`,
    `  <id>${escapeXml(toId(options.feedPath))}</id>`,
    `  <title>${escapeXml(t('feeds.feedTitle', { title: options.title }))}</title>`,
    `  <updated>${new Date(updatedMs).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(toFeedLink(options.feedPath, options.siteUrl))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(toFeedLink(options.sitePath, options.siteUrl))}"/>`,
    '  <author><name>Vigil</name></author>',
    ...body,
    '</feed>',
    '',
  ].join('\n');
}

/**
 * An RSS 2.0 feed, written by hand in the order the W3C feed validator asks for: the channel's
 * `atom:link rel="self"`, and in each item the plain-text description (escaped once more, since
 * readers take an RSS description as HTML) before the HTML in `content:encoded`. Dates are RFC 822
 * (GMT); guids are the stable entry ids, not permalinks (one page carries every update).
 */
export function buildRssFeed(entries: readonly FeedEntry[], options: FeedOptions): string {
  const updatedMs = entries[0]?.atMs ?? options.nowMs;
  const items = entries.map((entry) =>
    [
      '    <item>',
      `      <title>${escapeXml(entry.title)}</title>`,
      `      <link>${escapeXml(toFeedLink(entry.href, options.siteUrl))}</link>`,
      `      <guid isPermaLink="false">${escapeXml(entry.id)}</guid>`,
      `      <pubDate>${new Date(entry.atMs).toUTCString()}</pubDate>`,
      ...entry.categories.map((category) => `      <category>${escapeXml(category)}</category>`),
      ...(entry.text === '' ? [] : [`      <description>${escapeXml(escapeXml(entry.text))}</description>`]),
      `      <content:encoded>${escapeXml(entry.html)}</content:encoded>`,
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '  <channel>',
    `    <title>${escapeXml(t('feeds.feedTitle', { title: options.title }))}</title>`,
    `    <link>${escapeXml(toFeedLink(options.sitePath, options.siteUrl))}</link>`,
    `    <description>${escapeXml(t('feeds.feedDescription', { title: options.title }))}</description>`,
    `    <language>${escapeXml(options.language)}</language>`,
    `    <lastBuildDate>${new Date(updatedMs).toUTCString()}</lastBuildDate>`,
    `    <atom:link href="${escapeXml(toFeedLink(options.feedPath, options.siteUrl))}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
