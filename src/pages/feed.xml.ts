import type { APIRoute } from 'astro';
import { buildRssFeed, getFeedOptions, listFeedEntries } from '../data/incident-feeds.ts';
import { getIncidents } from '../data/incidents.ts';

/** RSS 2.0 of incident and maintenance updates, newest first. */
export const GET: APIRoute = async (context) => {
  const [options, incidents] = await Promise.all([getFeedOptions(context, 'feed.xml'), getIncidents()]);
  const xml = buildRssFeed(listFeedEntries(incidents), options);
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
