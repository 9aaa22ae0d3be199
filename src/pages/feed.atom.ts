import type { APIRoute } from 'astro';
import { buildAtomFeed, listFeedEntries } from '../data/incident-feeds.ts';
import { getIncidents } from '../data/incidents.ts';
import { getSiteModel } from '../data/site-model.ts';
import { resolvePageId } from '../data/statuspage-summary.ts';
import { toSitePath } from '../lib/site-path.ts';

/** Atom 1.0 of incident and maintenance updates, newest first. */
export const GET: APIRoute = async (context) => {
  const [model, incidents] = await Promise.all([getSiteModel(), getIncidents()]);
  const xml = buildAtomFeed(listFeedEntries(incidents), {
    title: model.site.title,
    language: model.site.language,
    // Without site.url, links are paths under the base (readers resolve them against the feed's URL).
    siteUrl: context.site === undefined ? undefined : new URL(toSitePath(''), context.site).href,
    sitePath: toSitePath(''),
    feedPath: toSitePath('feed.atom'),
    pageId: resolvePageId(model.site),
    nowMs: model.nowMs,
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
