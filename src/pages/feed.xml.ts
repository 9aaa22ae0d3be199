import type { APIRoute } from 'astro';
import { buildRssFeed, listFeedEntries } from '../data/incident-feeds.ts';
import { getIncidents } from '../data/incidents.ts';
import { getSiteModel } from '../data/site-model.ts';
import { resolvePageId } from '../data/statuspage-summary.ts';
import { toSitePath } from '../lib/site-path.ts';

/** RSS 2.0 of incident and maintenance updates, newest first. */
export const GET: APIRoute = async (context) => {
  const [model, incidents] = await Promise.all([getSiteModel(), getIncidents()]);
  const xml = buildRssFeed(listFeedEntries(incidents), {
    title: model.site.title,
    language: model.site.language,
    // Without site.url, links are paths under the base (readers resolve them against the feed's URL).
    siteUrl: context.site === undefined ? undefined : new URL(toSitePath(''), context.site).href,
    sitePath: toSitePath(''),
    feedPath: toSitePath('feed.xml'),
    pageId: resolvePageId(model.site),
    nowMs: model.nowMs,
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
