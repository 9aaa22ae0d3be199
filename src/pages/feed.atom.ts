import type { APIRoute } from 'astro';
import { buildAtomFeed, listFeedEntries } from '../data/incident-feeds.ts';
import { getIncidents } from '../data/incidents.ts';
import { getSiteModel } from '../data/site-model.ts';
import { toSitePath } from '../lib/site-path.ts';

// Feeds need absolute links; without site.url in the config they point at a placeholder host.
const FALLBACK_SITE = 'http://localhost/';

/** Atom 1.0 of incident and maintenance updates, newest first. */
export const GET: APIRoute = async (context) => {
  const [model, incidents] = await Promise.all([getSiteModel(), getIncidents()]);
  const site = context.site ?? new URL(FALLBACK_SITE);
  const xml = buildAtomFeed(listFeedEntries(incidents), {
    title: model.site.title,
    siteUrl: new URL(toSitePath(''), site).href,
    feedUrl: new URL(toSitePath('feed.atom'), site).href,
    nowMs: model.nowMs,
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
