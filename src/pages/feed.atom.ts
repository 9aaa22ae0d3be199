import type { APIRoute } from 'astro';
import { buildAtomFeed, getFeedOptions, listFeedEntries } from '../data/incident-feeds.ts';
import { getIncidents } from '../data/incidents.ts';

/** Atom 1.0 of incident and maintenance updates, newest first. */
export const GET: APIRoute = async (context) => {
  const [options, incidents] = await Promise.all([getFeedOptions(context, 'feed.atom'), getIncidents()]);
  const xml = buildAtomFeed(listFeedEntries(incidents), options);
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
